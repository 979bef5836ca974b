import { OrderStep } from '../application/order-step';
import { OrderCommandOf, Untimed } from '../domain';

/** A change to the cart, as the domain states it (the time is added when it runs). */
export type CartChangeCommand = Untimed<
  OrderCommandOf<
    | 'IncreaseStorage'
    | 'SetStorage'
    | 'SetExtraUsers'
    | 'SetNsoModule'
    | 'ApplyAgreementCode'
    | 'RemoveAgreementCode'
  >
>;

export class ModifyCartCommand extends OrderStep<CartChangeCommand> {}
