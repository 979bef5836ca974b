import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Orders } from '../application/orders';
import { ExpireUnpaidOrderCommand } from './expire-unpaid-order.command';

@CommandHandler(ExpireUnpaidOrderCommand)
export class ExpireUnpaidOrderHandler implements ICommandHandler<
  ExpireUnpaidOrderCommand,
  { expiredNow: boolean }
> {
  constructor(private readonly orders: Orders) {}

  async execute({ orderId, meta }: ExpireUnpaidOrderCommand): Promise<{ expiredNow: boolean }> {
    const result = await this.orders.execute(orderId, meta, 'ExpireUnpaidOrder', (now) => ({
      type: 'ExpireUnpaidOrder',
      data: { now },
    }));
    return { expiredNow: result.appended };
  }
}
