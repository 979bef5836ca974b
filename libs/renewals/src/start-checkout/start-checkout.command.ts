import { CommandMeta } from '@app/platform';
import { OrderStep } from '../application/order-step';

/** "Prosegui e completa l'ordine". */
export class StartCheckoutCommand extends OrderStep<{ type: 'StartCheckout'; data: Record<string, never> }> {
  constructor(orderId: string, meta: CommandMeta) {
    super(orderId, { type: 'StartCheckout', data: {} }, meta);
  }
}
