import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { withTime } from '../application/order-command';
import { OrderSummary, Orders, summarise } from '../application/orders';
import { ModifyCartCommand } from './modify-cart.command';

@CommandHandler(ModifyCartCommand)
export class ModifyCartHandler implements ICommandHandler<ModifyCartCommand, OrderSummary> {
  constructor(private readonly orders: Orders) {}

  async execute({ orderId, change, meta }: ModifyCartCommand): Promise<OrderSummary> {
    return summarise(
      orderId,
      await this.orders.execute(orderId, meta, change.type, (now) => withTime(change, now)),
    );
  }
}
