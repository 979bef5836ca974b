import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/platform';
import { NotFound } from '../domain';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { Orders } from '../application/orders';
import { PaymentRegistration, RegisterPaymentCommand } from './register-payment.command';

/** Back office (or a provider callback): the payment must match the total; the same transaction twice is one. */
@CommandHandler(RegisterPaymentCommand)
export class RegisterPaymentHandler implements ICommandHandler<RegisterPaymentCommand, PaymentRegistration> {
  constructor(
    private readonly orders: Orders,
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
    // A payment is identified by its transaction, whoever registers it and with whatever request key:
    // money that came in is always recorded, and the same transaction twice is one registration.
    const paymentMeta = { ...meta, commandId: deterministicUuid(`payment|${orderId}|${transactionId}`) };
    const result = await this.orders.execute(orderId, paymentMeta, 'RegisterPayment', (now) => ({
      type: 'RegisterPayment',
      data: { transactionId, amountCents, method, now },
    }));
    const { state } = result;
    const recorded = state.payments[transactionId];
    if (!recorded) throw new Error(`Payment ${transactionId} was not recorded on order ${orderId}`);
    const orderedMethod = state.paymentMethod ?? method;
    return {
      outcome:
        recorded !== 'REGISTERED' ? 'REFUND_DUE' : result.appended ? 'REGISTERED' : 'ALREADY_REGISTERED',
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
