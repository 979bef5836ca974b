import { OrderStep } from '../application/order-step';
import { OrderCommandOf, Untimed } from '../domain';

export type OrderOptionCommand = Untimed<
  OrderCommandOf<'ChoosePaymentMethod' | 'ChooseTerm' | 'ChooseAutoRenew'>
>;

/** The payment method, the term or auto-renew, chosen in checkout. */
export class ChooseOrderOptionCommand extends OrderStep<OrderOptionCommand> {}
