import { Untimed, fold, withTime } from '@app/kernel';
import { GivenEvent } from '@app/platform/testing';
import { OrderCommand, OrderContext, orderDecider } from '../domain/order/order.decider';
import { OrderEvent, orderStream } from '../domain/order/order.events';
import { PaymentMethod } from '../domain/order/payment-methods';
import { ServiceCommand, serviceDecider } from '../domain/service/service.decider';
import { ServiceEvent, serviceStream } from '../domain/service/service.events';
import { RenewalEvent } from '../domain/renewal-events';
import { renewalStartOf } from '../domain/renewal-start';
import { allConsents, testContext } from './fixtures';

type Activation = Extract<ServiceEvent, { type: 'ServiceActivated' }>['data'];

/**
 * A log built from real decisions, for projection specs: each command runs through its decider on the
 * stream's state so far, at the history's clock, and its events are appended to the stream in order. The
 * events are exactly what the application would store, in today's shape.
 */
export class History {
  readonly events: GivenEvent<RenewalEvent>[] = [];
  private readonly orders;
  private readonly services;
  private at: Date;

  constructor(start: Date, context: OrderContext = testContext) {
    this.at = new Date(start.getTime());
    this.orders = orderDecider(context);
    this.services = serviceDecider(context.policy, context.documents);
  }

  get now(): Date {
    return new Date(this.at.getTime());
  }

  /** Moves the clock on. */
  later(days: number): this {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
    return this;
  }

  /** A service as the provisioning system activates it (no command: it arrives from outside). */
  activated(serviceId: string, data: Partial<Activation> = {}): this {
    this.append(serviceStream(serviceId), [
      {
        type: 'ServiceActivated',
        data: {
          serviceId,
          customerId: 'c1',
          name: 'FE Studio',
          holderEmail: 'holder@example.it',
          productCode: 'STD',
          promotional: false,
          activatedAt: this.at.toISOString(),
          expiresAt: new Date(this.at.getTime() + 30 * 86_400_000).toISOString(),
          storagePacks: 0,
          extraUsers: 0,
          usersInUse: 1,
          nso: false,
          autoRenew: false,
          ...data,
        },
      },
    ]);
    return this;
  }

  order(orderId: string, command: Untimed<OrderCommand>): this {
    const stream = orderStream(orderId);
    const state = fold(this.orders, this.eventsOf<OrderEvent>(stream));
    this.append(stream, this.orders.decide(withTime<OrderCommand>(command, this.now), state));
    return this;
  }

  service(serviceId: string, command: Untimed<ServiceCommand>): this {
    const stream = serviceStream(serviceId);
    const state = fold(this.services, this.eventsOf<ServiceEvent>(stream));
    this.append(stream, this.services.decide(withTime<ServiceCommand>(command, this.now), state));
    return this;
  }

  /** The customer opens a renewal of a service: the order opened on the service, and requested with its cart. */
  requestedRenewal(serviceId: string, orderId: string): this {
    const service = fold(this.services, this.eventsOf<ServiceEvent>(serviceStream(serviceId)));
    return this.service(serviceId, {
      type: 'OpenRenewalOrder',
      data: { orderId, openOrderStatus: null },
    }).order(orderId, { type: 'RequestRenewal', data: renewalStartOf(service, orderId, 'RENEW') });
  }

  /**
   * The customer's renewal of a service, as the API and the renewal process record it: the order opened
   * on the service, the cart, checkout by bank transfer and confirmation with the three consents.
   */
  confirmedRenewal(
    serviceId: string,
    orderId: string,
    orderNumber: string,
    method: PaymentMethod = 'BANK_TRANSFER',
  ): this {
    return this.requestedRenewal(serviceId, orderId)
      .order(orderId, { type: 'IncreaseStorage', data: { packs: 1 } })
      .order(orderId, { type: 'StartCheckout', data: {} })
      .order(orderId, { type: 'ChoosePaymentMethod', data: { method } })
      .order(orderId, { type: 'ConfirmOrder', data: { orderNumber, consents: allConsents } });
  }

  /** The back office registers the order's payment in full, and the service is renewed for it. */
  paid(serviceId: string, orderId: string, transactionId: string): this {
    const order = fold(this.orders, this.eventsOf<OrderEvent>(orderStream(orderId)));
    this.order(orderId, {
      type: 'RegisterPayment',
      data: { transactionId, amountCents: order.quote!.grossCents, method: 'BANK_TRANSFER' },
    });
    return this.service(serviceId, {
      type: 'RenewService',
      data: {
        orderId,
        orderNumber: order.orderNumber!,
        years: order.years,
        items: order.cart,
        autoRenew: order.autoRenew,
      },
    });
  }

  /** The stream's events so far (a stream holds one aggregate's events only). */
  private eventsOf<E extends RenewalEvent>(streamId: string): E[] {
    return this.events.filter((given) => given.streamId === streamId).map((given) => given.event as E);
  }

  private append(streamId: string, events: RenewalEvent[]): void {
    for (const event of events) this.events.push({ streamId, event, recordedAt: this.at.toISOString() });
  }
}
