import { Field } from '@app/platform';
import { PAYMENT_METHODS } from '../domain';
import { PaymentRegistration } from './register-payment.command';

/** What registering a payment did: registered it, saw it before, or listed it for refund (and why). */
export class PaymentRegistrationDto implements PaymentRegistration {
  @Field.oneOf(
    ['REGISTERED', 'ALREADY_REGISTERED', 'REFUND_DUE'],
    'PaymentOutcome',
    'What became of the payment',
  )
  outcome!: PaymentRegistration['outcome'];
  @Field.uuid('The order paid') orderId!: string;
  @Field.text('Its order number', 'FE-2026-000001') orderNumber!: string;
  @Field.text('The payment’s transaction id (CRO, TRN, provider id)', 'CRO-1234567890')
  transactionId!: string;
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'How the money came in')
  method!: PaymentRegistration['method'];
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'The method the order chose')
  orderedMethod!: PaymentRegistration['orderedMethod'];
  @Field.flag('Whether the two differ (the payment is accepted either way)', false) methodDiffers!: boolean;
  @Field.oneOf(
    ['ORDER_CANCELLED', 'ORDER_EXPIRED', 'ORDER_ALREADY_PAID'],
    'RefundReason',
    'With REFUND_DUE: why',
    {
      required: false,
    },
  )
  refundReason?: string;
  @Field.integer('The change’s position (X-Min-Position); null when nothing changed', 23, { nullable: true })
  position!: number | null;
}
