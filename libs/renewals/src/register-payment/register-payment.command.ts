import { CommandMeta } from '@app/platform';
import { PaymentMethod } from '../domain';

export class RegisterPaymentCommand {
  constructor(
    readonly orderNumber: string,
    readonly transactionId: string,
    readonly amountCents: number,
    readonly method: PaymentMethod,
    readonly meta: CommandMeta,
  ) {}
}

export interface PaymentRegistration {
  outcome: 'REGISTERED' | 'ALREADY_REGISTERED' | 'REFUND_DUE';
  orderId: string;
  orderNumber: string;
  transactionId: string;
  /** How the money came in, the method the order chose, and whether they differ (the payment is accepted either way). */
  method: PaymentMethod;
  orderedMethod: PaymentMethod;
  methodDiffers: boolean;
  refundReason?: string;
  position: number | null;
}
