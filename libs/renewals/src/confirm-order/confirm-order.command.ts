import { CommandMeta } from '@app/platform';
import { OrderCommandOf, Untimed } from '../domain';

type ConfirmOrder = Untimed<OrderCommandOf<'ConfirmOrder'>>;

/**
 * "Conferma", as the domain states it, less the order number: that comes from a sequence (I/O), and the
 * handler takes it only when the decider says the order would take one (`needsOrderNumber`).
 */
export class ConfirmOrderCommand {
  constructor(
    readonly orderId: string,
    readonly command: { type: ConfirmOrder['type']; data: Omit<ConfirmOrder['data'], 'orderNumber'> },
    readonly meta: CommandMeta,
  ) {}
}
