import { CommandMeta } from '@app/platform';
import { OrderRequest } from '../application/order-command';

export type CartChangeRequest = OrderRequest<
  'IncreaseStorage' | 'SetExtraUsers' | 'SetNsoModule' | 'ApplyAgreementCode' | 'RemoveAgreementCode'
>;

export class ModifyCartCommand {
  constructor(
    readonly orderId: string,
    readonly change: CartChangeRequest,
    readonly meta: CommandMeta,
  ) {}
}
