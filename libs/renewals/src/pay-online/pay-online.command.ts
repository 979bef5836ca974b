import { CommandMeta } from '@app/platform';
import { PaymentDetails } from '../application/payment-gateway';

/** The customer pays a confirmed card or PayPal order from the pay page. */
export class PayOnlineCommand {
  constructor(
    readonly orderId: string,
    readonly payment: PaymentDetails,
    readonly meta: CommandMeta,
  ) {}
}
