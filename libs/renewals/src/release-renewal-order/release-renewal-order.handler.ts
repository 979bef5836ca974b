import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ServiceOfOrder } from '../application/service-of-order';
import { ReleaseRenewalOrderCommand } from './release-renewal-order.command';

/** A cancelled or expired order no longer holds its service: a new renewal can be opened. */
@CommandHandler(ReleaseRenewalOrderCommand)
export class ReleaseRenewalOrderHandler implements ICommandHandler<ReleaseRenewalOrderCommand, void> {
  constructor(private readonly serviceOf: ServiceOfOrder) {}

  execute({ orderId, reason, at, meta }: ReleaseRenewalOrderCommand): Promise<void> {
    return this.serviceOf.run(
      orderId,
      () => ({ type: 'ReleaseRenewalOrder', data: { orderId, reason } }),
      meta,
      at,
    );
  }
}
