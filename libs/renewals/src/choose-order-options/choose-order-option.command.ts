import { CommandMeta } from '@app/platform';
import { OrderCommandOf, Untimed } from '../domain';

export type OrderOptionCommand = Untimed<
  OrderCommandOf<'ChoosePaymentMethod' | 'ChooseTerm' | 'ChooseAutoRenew'>
>;

export class ChooseOrderOptionCommand {
  constructor(
    readonly orderId: string,
    readonly command: OrderOptionCommand,
    readonly meta: CommandMeta,
  ) {}
}
