import { CommandMeta } from '@app/platform';

/** A payment was registered for the order: renew the service it renews, as of the payment's time. */
export class RenewServiceCommand {
  constructor(
    readonly orderId: string,
    readonly paidAt: Date,
    readonly meta: CommandMeta,
  ) {}
}
