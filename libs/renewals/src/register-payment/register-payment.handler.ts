import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound } from '../domain';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { CommandRunner } from '../application/command-runner';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { PaymentRegistration, RegisterPaymentCommand } from './register-payment.command';

/** Back office (or a provider callback): the payment must match the total; the same transaction twice is one. */
@CommandHandler(RegisterPaymentCommand)
export class RegisterPaymentHandler implements ICommandHandler<RegisterPaymentCommand, PaymentRegistration> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
  ) {}

  async execute({
    orderNumber,
    transactionId,
    amountCents,
    method,
    meta,
  }: RegisterPaymentCommand): Promise<PaymentRegistration> {
    const orderId = await this.orderNumbers.orderOf(orderNumber);
    if (!orderId)
      throw new NotFound('ORDER_NUMBER_UNKNOWN', `No order has the number ${orderNumber}.`, 'orderNumber');
    // The command id comes from the request (its Idempotency-Key and body, or the provider's transaction):
    // another transaction is another command, so money that came in is always recorded, and the decider
    // counts the same transaction twice as one registration.
    const result = await this.runner.run(
      this.deciders.orders,
      orderId,
      { type: 'RegisterPayment', data: { transactionId, amountCents, method } },
      meta,
    );
    const { state } = result;
    const recorded = state.payments[transactionId];
    if (!recorded) throw new Error(`Payment ${transactionId} was not recorded on order ${orderId}`);
    const orderedMethod = state.paymentMethod ?? method;
    return {
      // A retried request answers as it did; another request for a transaction already registered is told so.
      outcome:
        recorded !== 'REGISTERED'
          ? 'REFUND_DUE'
          : result.appended || result.replayed
            ? 'REGISTERED'
            : 'ALREADY_REGISTERED',
      orderId,
      orderNumber: state.orderNumber ?? orderNumber,
      transactionId,
      method,
      orderedMethod,
      methodDiffers: method !== orderedMethod,
      ...(recorded !== 'REGISTERED' ? { refundReason: recorded } : {}),
      position: result.position,
    };
  }
}
