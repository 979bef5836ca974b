import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { withTime } from '../application/order-command';
import { OrderSummary, Orders, summarise } from '../application/orders';
import { ChooseOrderOptionCommand } from './choose-order-option.command';

@CommandHandler(ChooseOrderOptionCommand)
export class ChooseOrderOptionHandler implements ICommandHandler<ChooseOrderOptionCommand, OrderSummary> {
  constructor(private readonly orders: Orders) {}

  async execute({ orderId, option, meta }: ChooseOrderOptionCommand): Promise<OrderSummary> {
    return summarise(
      orderId,
      await this.orders.execute(orderId, meta, option.type, (now) => withTime(option, now)),
    );
  }
}
