import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { OrderSummary, summarise } from '../application/order-view';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { CancelOrderCommand } from './cancel-order.command';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderSummary> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ orderId, reason, meta }: CancelOrderCommand): Promise<OrderSummary> {
    const by = meta.actor.type === 'customer' ? 'CUSTOMER' : 'BACK_OFFICE';
    const result = await this.runner.run(
      this.deciders.orders,
      orderId,
      { type: 'CancelOrder', data: { reason, by } },
      meta,
      { expectedRevision: meta.ifMatch },
    );
    return summarise(orderId, result, this.deciders.context);
  }
}
