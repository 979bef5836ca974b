import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta, deterministicUuid } from '@app/platform';
import { OrderState, ServiceState, needsOrderNumber, renewalStartOf } from '../domain';
import { CommandRunner } from '../application/command-runner';
import { OpenOrders } from '../application/open-orders';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { PAYMENT_GATEWAY, PaymentGateway } from '../application/payment-gateway';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StreamStates } from '../application/stream-states';
import { AutoRenewalOutcome, ChargeAutoRenewalCommand } from './charge-auto-renewal.command';

/**
 * Auto-renew, `autoRenewChargeDays` before expiry, each step as of the charge's due time (`at`):
 * 1. the service opens an auto-renewal order (once per expiry; its id comes from the service and the expiry);
 * 2. the order is placed and confirmed at once, for the services active so far and the stored term;
 * 3. the stored card/PayPal is charged through the gateway, with the order id as the idempotency key;
 * 4. approved: the payment is registered (the service is renewed by whoever runs next: the scheduler or the
 *    renewal process); declined: the decline is recorded (the order awaits payment, auto-renew is suspended).
 * Each step is recorded before the next one starts, so a run cut short anywhere is finished by the next
 * run, and the gateway, asked again with the same key, does not charge twice.
 */
@CommandHandler(ChargeAutoRenewalCommand)
export class ChargeAutoRenewalHandler implements ICommandHandler<
  ChargeAutoRenewalCommand,
  AutoRenewalOutcome
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    private readonly openOrders: OpenOrders,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ serviceId, meta, at }: ChargeAutoRenewalCommand): Promise<AutoRenewalOutcome> {
    const { services, orders } = this.deciders;
    const step = (name: string): CommandMeta => ({
      ...meta,
      commandId: deterministicUuid(`${meta.commandId}|${name}`),
    });
    const current = await this.openOrders.load(serviceId);
    const openOrderStatus = current.service.openOrderId && current.order ? current.order.status : null;
    const { state: service } = await this.runner.run(
      services,
      serviceId,
      {
        type: 'OpenAutoRenewalOrder',
        data: {
          orderId: autoRenewalOrderId(current.service),
          openOrderStatus: openOrderStatus === 'NONE' ? 'MISSING' : openOrderStatus,
        },
      },
      step('open'),
      { at },
    );
    const orderId = service.openOrderId;
    if (!orderId || service.openOrderOrigin !== 'AUTO_RENEW') return { outcome: 'NOT_DUE' };

    const placed = await this.states.stateOf(orders, orderId);
    const orderNumber = needsOrderNumber(placed, 'PlaceAutoRenewalOrder')
      ? await this.orderNumbers.numberFor(orderId, at)
      : null;
    await this.runner.run(
      orders,
      orderId,
      {
        type: 'PlaceAutoRenewalOrder',
        data: {
          ...renewalStartOf(service, orderId, service.openOrderKind ?? 'RENEW'),
          years: service.autoRenewYears,
          paymentMethod: service.autoRenewPayment?.method ?? 'CREDIT_CARD',
          consents: service.autoRenewConsents,
          orderNumber,
        },
      },
      step('place'),
      { at, creates: true },
    );
    // What became of the order since (a run cut short, then finished by another), not as the step left it.
    const order = await this.states.stateOf(orders, orderId);
    if (order.status !== 'CONFIRMED' || order.chargeDeclined) return { outcome: 'SETTLED', orderId };
    return this.charge(service, order, step, at);
  }

  private async charge(
    service: ServiceState,
    order: OrderState,
    step: (name: string) => CommandMeta,
    at: Date,
  ): Promise<AutoRenewalOutcome> {
    const { orders } = this.deciders;
    const { orderId } = order;
    const orderNumber = order.orderNumber ?? '';
    const amountCents = order.quote?.grossCents ?? 0;
    const payment = service.autoRenewPayment;
    const result = payment
      ? await this.gateway.charge(
          {
            paymentToken: payment.paymentToken,
            method: payment.method,
            amountCents,
            currency: 'EUR',
            description: `Rinnovo automatico, ordine ${orderNumber}`,
            idempotencyKey: `auto-renewal|${orderId}`,
            customerId: service.customerId,
          },
          at,
        )
      : ({
          outcome: 'DECLINED',
          code: 'NO_STORED_PAYMENT_METHOD',
          reason: 'no card or PayPal account stored',
        } as const);
    if (result.outcome === 'APPROVED') {
      await this.runner.run(
        orders,
        orderId,
        {
          type: 'RegisterPayment',
          data: {
            transactionId: result.transactionId,
            amountCents,
            method: order.paymentMethod ?? 'CREDIT_CARD',
          },
        },
        step('paid'),
        { at },
      );
      return { outcome: 'CHARGED', orderId, orderNumber, transactionId: result.transactionId };
    }
    await this.runner.run(
      orders,
      orderId,
      { type: 'RecordAutoRenewalChargeDeclined', data: { code: result.code } },
      step('declined'),
      {
        at,
      },
    );
    return { outcome: 'DECLINED', orderId, orderNumber, code: result.code };
  }
}

/** One auto-renewal order per service and expiry: its id is derived from both. */
export function autoRenewalOrderId(service: Pick<ServiceState, 'serviceId' | 'expiresAt'>): string {
  return deterministicUuid(`auto-renewal|${service.serviceId}|${service.expiresAt.toISOString()}`);
}
