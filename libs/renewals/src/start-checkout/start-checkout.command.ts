import { CommandMeta } from '@app/platform';

/** "Prosegui e completa l'ordine". */
export class StartCheckoutCommand {
  readonly command = { type: 'StartCheckout' as const, data: {} };
  constructor(
    readonly orderId: string,
    readonly meta: CommandMeta,
  ) {}
}
