import { CommandMeta } from '@app/platform';
import { OrderCommandOf, Untimed } from '../domain';
import { OrderStep } from '../application/order-step';

/** The back office's "Rimborsa": some or all of a paid order's amount given back, for a reason. */
export class RefundPaidOrderCommand extends OrderStep<Untimed<OrderCommandOf<'RefundPaidOrder'>>> {
  constructor(
    orderId: string,
    data: { amountCents: number; reason: string; reference: string },
    meta: CommandMeta,
  ) {
    super(orderId, { type: 'RefundPaidOrder', data }, meta);
  }
}
