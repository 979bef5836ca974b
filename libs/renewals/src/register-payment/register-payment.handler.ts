import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { NotFound } from '../domain';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { Orders } from '../application/orders';
import { orderStream } from '../application/streams';
import { PaymentRegistration, RegisterPaymentCommand } from './register-payment.command';

/** Back office (or a provider callback): the payment must match the total; the same transaction twice is one. */
@CommandHandler(RegisterPaymentCommand)
export class RegisterPaymentHandler implements ICommandHandler<RegisterPaymentCommand, PaymentRegistration> {
  constructor(
    private readonly orders: Orders,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
    const result = await this.orders.execute(orderId, meta, 'RegisterPayment', (now) => ({
      type: 'RegisterPayment',
      data: { transactionId, amountCents, method, now },
    }));
    const events = await this.store.readStream(orderStream(orderId));
    const recorded = events.find(
      (event) =>
        (event.type === 'PaymentRegistered' || event.type === 'PaymentRefundDue') &&
        (event.data as { transactionId: string }).transactionId === transactionId,
    );
    if (!recorded) throw new Error(`Payment ${transactionId} was not recorded on order ${orderId}`);
    const fresh = result.position === recorded.position;
    return {
      outcome:
        recorded.type === 'PaymentRefundDue' ? 'REFUND_DUE' : fresh ? 'REGISTERED' : 'ALREADY_REGISTERED',
      orderId,
      orderNumber: result.state.orderNumber ?? orderNumber,
      transactionId,
      ...(recorded.type === 'PaymentRefundDue'
        ? { refundReason: (recorded.data as { reason: string }).reason }
        : {}),
      position: recorded.position,
    };
  }
}
