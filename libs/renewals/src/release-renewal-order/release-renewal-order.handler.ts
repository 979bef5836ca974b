import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StreamStates } from '../application/stream-states';
import { ReleaseRenewalOrderCommand } from './release-renewal-order.command';

@CommandHandler(ReleaseRenewalOrderCommand)
export class ReleaseRenewalOrderHandler implements ICommandHandler<ReleaseRenewalOrderCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ orderId, reason, at, meta }: ReleaseRenewalOrderCommand): Promise<void> {
    const { orders, services } = this.deciders;
    const { state: order } = await this.states.load(orders.stream(orderId), orders.decider);
    if (order.status === 'NONE') throw new Error(`Order ${orderId} does not exist`);
    await this.runner.run(
      services,
      order.serviceId,
      { type: 'ReleaseRenewalOrder', data: { orderId, reason } },
      meta,
      {
        at,
      },
    );
  }
}
