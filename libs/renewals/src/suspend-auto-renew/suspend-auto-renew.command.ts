import { CommandMeta } from '@app/platform';

/** The auto-renewal charge was declined: auto-renew stops until the order is paid or it is switched on again. */
export class SuspendAutoRenewCommand {
  constructor(
    readonly serviceId: string,
    readonly orderId: string,
    readonly at: Date,
    readonly meta: CommandMeta,
  ) {}
}
