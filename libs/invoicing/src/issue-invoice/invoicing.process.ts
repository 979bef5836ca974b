import { Inject, Injectable } from '@nestjs/common';
import { BusinessRuleViolation } from '@app/kernel';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { EventProcess, ProjectedEvent } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT, StreamStates } from '@app/renewals';
import { OrderEvent } from '@app/renewals/domain';
import { issueInvoice } from '../application/issue-invoice';
import { ServiceBilling } from '../record-billing-details/billing-details.aggregate';
import { invoiceOfOrder, sellerOf } from './invoice-of-order';

/**
 * Payment registered -> the order's invoice, made out to the service's billing details as they are then,
 * numbered in the year of the payment (Italian time). A payment only listed for refund is another event
 * (PaymentRefundDue) and is never invoiced. Issuing is idempotent by order, so a replay issues nothing.
 */
@Injectable()
export class InvoicingProcess implements EventProcess<OrderEvent> {
  readonly name = 'process:invoicing';
  readonly events;
  readonly canHandle = ['PaymentRegistered'] as const;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly states: StreamStates,
    private readonly billing: ServiceBilling,
  ) {
    this.events = deciders.order.events;
  }

  async handle({ event, id, metadata }: ProjectedEvent<OrderEvent>): Promise<void> {
    if (event.type !== 'PaymentRegistered') return;
    const { orderId, serviceId, method, registeredAt } = event.data;
    const order = await this.states.stateOf(this.deciders.orders, orderId);
    const { details } = await this.billing.current(serviceId);
    if (!details)
      throw new BusinessRuleViolation(
        'BILLING_DETAILS_MISSING',
        `Service ${serviceId} has no billing details: order ${orderId} is not invoiced.`,
      );
    const { catalog, payee } = this.deciders.context;
    await issueInvoice(this.store, {
      orderId,
      orderNumber: event.data.orderNumber,
      customerId: order.customerId,
      serviceId,
      document: invoiceOfOrder(order, details, method, catalog, sellerOf(payee)),
      at: new Date(registeredAt),
      actor: { type: 'system', id: this.name },
      correlationId: metadata.correlationId,
      causationId: id,
    });
  }
}
