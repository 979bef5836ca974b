import { CommandMeta } from '@app/platform';
import { OrderRequest } from '../application/order-command';

export type OrderOptionRequest = OrderRequest<'ChoosePaymentMethod' | 'ChooseTerm' | 'ChooseAutoRenew'>;

export class ChooseOrderOptionCommand {
  constructor(
    readonly orderId: string,
    readonly option: OrderOptionRequest,
    readonly meta: CommandMeta,
  ) {}
}
