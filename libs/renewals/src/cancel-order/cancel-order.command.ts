import { CommandMeta } from '@app/platform';

export class CancelOrderCommand {
  constructor(
    readonly orderId: string,
    /** In the words of whoever cancels; null when the customer gives none. */
    readonly reason: string | null,
    readonly meta: CommandMeta,
  ) {}
}
