import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta, deterministicUuid } from '@app/platform';
import { OrderState, ServiceState } from '../domain';
import { CommandRunner } from '../application/command-runner';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { PAYMENT_GATEWAY, PaymentGateway } from '../application/payment-gateway';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { Services } from '../application/services';
import { StreamStates } from '../application/stream-states';
import { orderStream } from '../application/streams';
import { AutoRenewalOutcome, ChargeAutoRenewalCommand } from './charge-auto-renewal.command';

/**
 * Auto-renew, `autoRenewChargeDays` before expiry:
 * 1. the service opens an auto-renewal order (once per expiry; its id comes from the service and the expiry);
 * 2. the order is placed and confirmed at once, for the services active so far and the stored term;
 * 3. the stored card/PayPal is charged through the gateway, with the order id as the idempotency key;
 * 4. approved: the payment is registered and the renewal process renews the service as for any paid order;
 *    declined: the order stays awaiting payment, the customer is emailed, and auto-renew is suspended.
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
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly services: Services,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly states: StreamStates,
  ) {}

  async execute({ serviceId, meta, at }: ChargeAutoRenewalCommand): Promise<AutoRenewalOutcome> {
    const step = (name: string): CommandMeta => ({
      ...meta,
      commandId: deterministicUuid(`${meta.commandId}|${name}`),
    });
    const { state: service } = await this.services.execute(
      serviceId,
      step('open'),
      'OpenAutoRenewalOrder',
      async (now, state) => ({
        type: 'OpenAutoRenewalOrder',
        data: {
          orderId: autoRenewalOrderId(state),
          openOrderStatus: await this.services.openOrderStatus(state),
          now,
        },
      }),
      at,
    );
    const orderId = service.openOrderId;
    if (!orderId || service.openOrderOrigin !== 'AUTO_RENEW') return { outcome: 'NOT_DUE' };

    await this.runner.run({
      streamId: orderStream(orderId),
      decider: this.deciders.order,
      meta: step('place'),
      commandName: 'PlaceAutoRenewalOrder',
      now: at,
      command: async (now, state) => ({
        type: 'PlaceAutoRenewalOrder' as const,
        data: {
          orderId,
          serviceId,
          serviceName: service.name,
          customerId: service.customerId,
          kind: service.openOrderKind ?? 'RENEW',
          productCode: service.productCode,
          serviceExpiresAt: service.expiresAt,
          current: service.items,
          usersInUse: service.usersInUse,
          years: service.autoRenewYears,
          paymentMethod: service.autoRenewPayment?.method ?? 'CREDIT_CARD',
          consents: service.autoRenewConsents,
          orderNumber: state.status === 'NONE' ? await this.orderNumbers.numberFor(orderId, now) : '',
          now,
        },
      }),
    });
    // What became of the order since (a run cut short, then finished by another), not as the step left it.
    const { state: order } = await this.states.load(orderStream(orderId), this.deciders.order);
    if (order.status !== 'CONFIRMED' || order.chargeDeclined) return { outcome: 'SETTLED', orderId };
    return this.charge(service, order, step, at);
  }

  private async charge(
    service: ServiceState,
    order: OrderState,
    step: (name: string) => CommandMeta,
    at: Date,
  ): Promise<AutoRenewalOutcome> {
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
          reason: 'Nessuna carta o conto PayPal salvato per il rinnovo automatico.',
        } as const);
    if (result.outcome === 'APPROVED') {
      await this.runner.run({
        streamId: orderStream(orderId),
        decider: this.deciders.order,
        meta: step('paid'),
        commandName: 'RegisterPayment',
        now: at,
        command: (now) => ({
          type: 'RegisterPayment' as const,
          data: {
            transactionId: result.transactionId,
            amountCents,
            method: order.paymentMethod ?? 'CREDIT_CARD',
            now,
          },
        }),
      });
      return { outcome: 'CHARGED', orderId, orderNumber, transactionId: result.transactionId };
    }
    await this.runner.run({
      streamId: orderStream(orderId),
      decider: this.deciders.order,
      meta: step('declined'),
      commandName: 'RecordAutoRenewalChargeDeclined',
      now: at,
      command: (now) => ({
        type: 'RecordAutoRenewalChargeDeclined' as const,
        data: { code: result.code, reason: result.reason, now },
      }),
    });
    return { outcome: 'DECLINED', orderId, orderNumber, code: result.code };
  }
}

/** One auto-renewal order per service and expiry: its id is derived from both. */
export function autoRenewalOrderId(service: Pick<ServiceState, 'serviceId' | 'expiresAt'>): string {
  return deterministicUuid(`auto-renewal|${service.serviceId}|${service.expiresAt.toISOString()}`);
}
