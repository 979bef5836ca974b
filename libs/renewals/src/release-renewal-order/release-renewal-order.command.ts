import { CommandMeta } from '@app/platform';

/** The service's open order was cancelled or expired: the service may open another. */
export class ReleaseRenewalOrderCommand {
  constructor(
    readonly orderId: string,
    readonly reason: 'CANCELLED' | 'EXPIRED',
    readonly at: Date,
    readonly meta: CommandMeta,
  ) {}
}
