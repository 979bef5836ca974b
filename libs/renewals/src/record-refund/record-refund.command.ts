import { CommandMeta } from '@app/platform';
import { OrderCommandOf, Untimed } from '../domain';
import { OrderStep } from '../application/order-step';

/** The back office's "Segna come rimborsato": a payment listed for refund was sent back. */
export class RecordRefundCommand extends OrderStep<Untimed<OrderCommandOf<'RecordRefund'>>> {
  constructor(orderId: string, transactionId: string, reference: string, meta: CommandMeta) {
    super(orderId, { type: 'RecordRefund', data: { transactionId, reference } }, meta);
  }
}
