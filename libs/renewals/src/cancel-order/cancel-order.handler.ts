import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderSummary, Orders, summarise } from '../application/orders';
import { CancelOrderCommand } from './cancel-order.command';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderSummary> {
  constructor(private readonly orders: Orders) {}

  async execute({ orderId, reason, meta }: CancelOrderCommand): Promise<OrderSummary> {
    const by = meta.actor.type === 'customer' ? 'CUSTOMER' : 'BACK_OFFICE';
    return summarise(
      orderId,
      await this.orders.execute(orderId, meta, 'CancelOrder', (now) => ({
        type: 'CancelOrder',
        data: { reason, by, now },
      })),
    );
  }
}
