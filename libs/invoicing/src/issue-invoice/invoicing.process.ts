import { Inject, Injectable } from '@nestjs/common';
import { BusinessRuleViolation } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { EventProcess, FISCAL_EVENT_STORE, ProjectedEvent } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT, StreamStates } from '@app/renewals';
import { OrderEvent, OrderEventOf } from '@app/renewals/domain';
import {
  RegisterHeads,
  invoiceIdOf,
  issueCreditNote,
  issueInvoice,
  registeredDocument,
} from '../application/issue-invoice';
import { invoiceAggregate, issuedInvoice } from '../application/invoice.aggregate';
import { creditNoteDocument, invoiceYear, isCreditNote } from '../domain';
import { ServiceBilling } from '../record-billing-details/billing-details.aggregate';
import { invoiceOfOrder, sellerOf } from './invoice-of-order';

/**
 * Payment registered -> the order's invoice, made out to the service's billing details as they are then,
 * numbered in the year of the payment (Italian time). A payment only listed for refund is another event
 * (PaymentRefundDue) and is never invoiced. A paid order refunded -> a credit note for the amount given
 * back, referencing the invoice, made out to whom the invoice was. Issuing is idempotent by order (by
 * refund for a credit note), so a replay issues nothing.
 */
@Injectable()
export class InvoicingProcess implements EventProcess<OrderEvent> {
  readonly name = 'process:invoicing';
  readonly events;
  readonly canHandle = ['PaymentRegistered', 'PaidOrderRefunded'] as const;
  /** What this process has read of each year's register: the next number reads only the tail. */
  private readonly heads = new RegisterHeads();

  constructor(
    // The fiscal view: an invoice's document is read whole after its buyer is erased (decisions.md #34).
    @Inject(FISCAL_EVENT_STORE) private readonly store: EventStore,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly states: StreamStates,
    private readonly billing: ServiceBilling,
  ) {
    this.events = deciders.order.events;
  }

  async handle(projected: ProjectedEvent<OrderEvent>): Promise<void> {
    const { event, id, metadata } = projected;
    if (event.type === 'PaidOrderRefunded') return this.creditNote(projected, event.data);
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
    await issueInvoice(
      this.store,
      {
        orderId,
        orderNumber: event.data.orderNumber,
        customerId: order.customerId,
        serviceId,
        document: invoiceOfOrder(order, details, method, catalog, sellerOf(payee)),
        at: new Date(registeredAt),
        actor: { type: 'system', id: this.name },
        correlationId: metadata.correlationId,
        causationId: id,
      },
      this.heads,
    );
  }

  private async creditNote(
    { id, metadata, recordedAt }: ProjectedEvent<OrderEvent>,
    refund: OrderEventOf<'PaidOrderRefunded'>['data'],
  ): Promise<void> {
    const order = await this.states.stateOf(this.deciders.orders, refund.orderId);
    const invoiceId = invoiceIdOf(refund.orderId);
    const sent = await this.states.stateOf(invoiceAggregate, invoiceId);
    // Once sent, the invoice's stream names its place in the register (one read); before, it is looked
    // for in the register of its payment's year.
    const invoice = sent.ref
      ? await issuedInvoice(this.store, sent.ref)
      : await registeredDocument(this.store, invoiceYear(new Date(order.paidAt ?? recordedAt)), invoiceId);
    if (!invoice || isCreditNote(invoice))
      throw new BusinessRuleViolation(
        'INVOICE_MISSING',
        `Order ${refund.orderNumber} has no invoice: its refund ${refund.reference} gets no credit note.`,
      );
    await issueCreditNote(
      this.store,
      {
        orderId: refund.orderId,
        orderNumber: refund.orderNumber,
        customerId: order.customerId,
        serviceId: refund.serviceId,
        document: creditNoteDocument(
          invoice,
          sent.buyer ?? invoice.document.buyer,
          refund.amountCents,
          refund.reason,
        ),
        corrects: { invoiceId, number: invoice.number, date: invoice.date },
        refundReference: refund.reference,
        at: new Date(refund.refundedAt),
        actor: { type: 'system', id: this.name },
        correlationId: metadata.correlationId,
        causationId: id,
      },
      this.heads,
    );
  }
}
