import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, CommandMeta, deterministicUuid } from '@app/platform';
import { BusinessRuleViolation, NotFound, nextOnlinePaymentAttempt } from '../domain';
import { CommandRunner } from '../application/command-runner';
import { OrderSummary, summarise } from '../application/order-view';
import { PAYMENT_GATEWAY, PaymentGateway } from '../application/payment-gateway';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StreamStates } from '../application/stream-states';
import { PayOnlineCommand } from './pay-online.command';

/**
 * Paying a confirmed card or PayPal order from the pay page:
 * 1. the order must be the caller's and payable online; the try's number comes from the declines recorded;
 * 2. the card or PayPal account is handed to the provider (only its token comes back);
 * 3. the provider charges the order's total under the key "order and try number", so a retry of a try
 *    whose outcome was never recorded (a crash, a timeout, a double click) is one charge;
 * 4. approved: the payment is registered (once per transaction); declined: the decline is recorded on the
 *    order (the next try is a new charge) and the answer is 422 PAYMENT_DECLINED with the provider's code.
 */
@CommandHandler(PayOnlineCommand)
export class PayOnlineHandler implements ICommandHandler<PayOnlineCommand, OrderSummary> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ orderId, payment, meta }: PayOnlineCommand): Promise<OrderSummary> {
    const { orders } = this.deciders;
    const order = await this.states.stateOf(orders, orderId);
    // Ownership first: nothing reaches the provider for an order that is not the caller's.
    const owner = orders.ownerOf(order);
    if (!owner || (meta.actor.type === 'customer' && owner !== meta.actor.id))
      throw new NotFound(orders.notFound.code, `Order ${orderId} was not found.`);
    const attempt = nextOnlinePaymentAttempt(order);
    const step = (name: string): CommandMeta => ({
      ...meta,
      commandId: deterministicUuid(`${meta.commandId}|online-payment|${attempt}|${name}`),
    });
    const now = this.clock.now();
    const stored = await this.gateway.storePaymentMethod(order.customerId, payment, now);
    if (stored.outcome === 'REFUSED')
      throw new BusinessRuleViolation('PAYMENT_METHOD_REFUSED', stored.reason, stored.field, {
        providerCode: stored.code,
      });
    const amountCents = order.quote?.grossCents ?? 0;
    const result = await this.gateway.charge(
      {
        paymentToken: stored.stored.paymentToken,
        method: payment.method,
        amountCents,
        currency: 'EUR',
        description: `Rinnovo, ordine ${order.orderNumber ?? ''}`,
        idempotencyKey: `online-payment|${orderId}|${attempt}`,
        customerId: order.customerId,
      },
      now,
    );
    if (result.outcome === 'APPROVED') {
      const paid = await this.runner.run(
        orders,
        orderId,
        {
          type: 'RegisterPayment',
          data: { transactionId: result.transactionId, amountCents, method: payment.method },
        },
        step('paid'),
      );
      return summarise(orderId, paid, this.deciders.context);
    }
    const declined = await this.runner.run(
      orders,
      orderId,
      {
        type: 'RecordOnlinePaymentDeclined',
        data: { attempt, method: payment.method, code: result.code },
      },
      step('declined'),
    );
    throw new BusinessRuleViolation(
      'PAYMENT_DECLINED',
      `The payment was declined (${result.code}): try another card or account.`,
      payment.method === 'CREDIT_CARD' ? 'card.number' : 'paypalEmail',
      // The position of the recorded decline: sent back as X-Min-Position, a read shows it.
      { declineCode: result.code, attempt, position: declined.position },
    );
  }
}
