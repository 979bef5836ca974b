import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ServiceOfOrder } from '../application/service-of-order';
import { RenewServiceCommand } from './renew-service.command';

/** New expiry = old expiry + years; the add-ons bought in the order apply now. */
@CommandHandler(RenewServiceCommand)
export class RenewServiceHandler implements ICommandHandler<RenewServiceCommand, void> {
  constructor(private readonly serviceOf: ServiceOfOrder) {}

  execute({ orderId, paidAt, meta }: RenewServiceCommand): Promise<void> {
    return this.serviceOf.run(
      orderId,
      (order) => ({
        type: 'RenewService',
        data: {
          orderId,
          orderNumber: order.orderNumber ?? '',
          years: order.years,
          items: order.cart,
          autoRenew: order.autoRenew,
        },
      }),
      meta,
      paidAt,
    );
  }
}
