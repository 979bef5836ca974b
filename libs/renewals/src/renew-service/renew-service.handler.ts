import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StreamStates } from '../application/stream-states';
import { RenewServiceCommand } from './renew-service.command';

/** New expiry = old expiry + years; the add-ons bought in the order apply now. */
@CommandHandler(RenewServiceCommand)
export class RenewServiceHandler implements ICommandHandler<RenewServiceCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ orderId, paidAt, meta }: RenewServiceCommand): Promise<void> {
    const { orders, services } = this.deciders;
    const { state: order } = await this.states.load(orders.stream(orderId), orders.decider);
    if (order.status === 'NONE') throw new Error(`Order ${orderId} does not exist`);
    await this.runner.run(
      services,
      order.serviceId,
      {
        type: 'RenewService',
        data: {
          orderId,
          orderNumber: order.orderNumber ?? '',
          years: order.years,
          items: order.cart,
          autoRenew: order.autoRenew,
        },
      },
      meta,
      { at: paidAt },
    );
  }
}
