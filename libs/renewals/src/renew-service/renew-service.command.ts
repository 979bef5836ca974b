import { CommandMeta } from '@app/platform';

/** Sent by the renewal process when a payment is registered (or an order closes). */
export class RenewServiceCommand {
  constructor(
    readonly orderId: string,
    readonly paidAt: Date,
    readonly meta: CommandMeta,
  ) {}
}

/** Sent by the renewal process when an auto-renewal charge is declined. */
export class SuspendAutoRenewCommand {
  constructor(
    readonly serviceId: string,
    readonly orderId: string,
    readonly at: Date,
    readonly meta: CommandMeta,
  ) {}
}

export class ReleaseRenewalOrderCommand {
  constructor(
    readonly orderId: string,
    readonly reason: 'CANCELLED' | 'EXPIRED',
    readonly at: Date,
    readonly meta: CommandMeta,
  ) {}
}
