import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderSummary, Orders, summarise } from '../application/orders';
import { StartCheckoutCommand } from './start-checkout.command';

@CommandHandler(StartCheckoutCommand)
export class StartCheckoutHandler implements ICommandHandler<StartCheckoutCommand, OrderSummary> {
  constructor(private readonly orders: Orders) {}

  async execute({ orderId, meta }: StartCheckoutCommand): Promise<OrderSummary> {
    return summarise(
      orderId,
      await this.orders.execute(orderId, meta, 'StartCheckout', (now) => ({
        type: 'StartCheckout',
        data: { now },
      })),
    );
  }
}
