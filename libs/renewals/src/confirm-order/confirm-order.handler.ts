import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { OrderSummary, Orders, summarise } from '../application/orders';
import { ConfirmOrderCommand } from './confirm-order.command';

@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand, OrderSummary> {
  constructor(
    private readonly orders: Orders,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
  ) {}

  async execute({ orderId, consents, meta }: ConfirmOrderCommand): Promise<OrderSummary> {
    const result = await this.orders.execute(orderId, meta, 'ConfirmOrder', async (now, state) => ({
      type: 'ConfirmOrder',
      data: {
        // Only an order that can be confirmed gets a number; a retry gets the same one.
        orderNumber: state.status === 'CHECKOUT' ? await this.orderNumbers.numberFor(orderId, now) : '',
        consents,
        now,
      },
    }));
    return summarise(orderId, result);
  }
}
