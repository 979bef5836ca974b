import { Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import { PlatformTables, ProjectedEvent, Projection } from '@app/platform';
import { OrderEvent, Quote, orderEvents } from '@app/renewals/domain';
import { BackOfficeTables } from './back-office.tables';

/** Orders awaiting payment, and payments to refund: what the back office works through. */
@Injectable()
export class BackOfficeProjection implements Projection {
  readonly name = 'back-office';
  readonly events = orderEvents;

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    const db = trx.withTables<BackOfficeTables>();
    await db.deleteFrom('bo_open_orders').execute();
    await db.deleteFrom('bo_orders').execute();
    await db.deleteFrom('bo_refunds').execute();
  }

  async apply(trx: Transaction<PlatformTables>, { event }: ProjectedEvent<OrderEvent>): Promise<void> {
    const db = trx.withTables<BackOfficeTables>();
    const order = (orderId: string) => db.updateTable('bo_orders').where('order_id', '=', orderId);
    const totals = (quote: Quote) => ({
      gross_cents: quote.grossCents,
      taxable_cents: quote.taxableCents,
      agreement_discount_cents: quote.discounts.find((d) => d.code === 'AGREEMENT')?.amountCents ?? 0,
    });
    switch (event.type) {
      case 'RenewalRequested':
        await db
          .insertInto('bo_orders')
          .values({
            order_id: event.data.orderId,
            status: 'CART',
            requested_at: event.data.requestedAt,
            checkout_at: null,
            confirmed_at: null,
            paid_at: null,
            paid_method: null,
            paid_gross_cents: null,
            paid_taxable_cents: null,
            agreement_code: null,
            ...totals(event.data.quote),
            origin: event.data.origin ?? 'CUSTOMER',
            charge_declined_at: null,
            order_number: null,
            service_id: event.data.serviceId,
            service_name: event.data.serviceName || null,
            customer_id: event.data.customerId,
            payment_method: null,
          })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .execute();
        return;
      case 'CartModified':
        await order(event.data.orderId)
          .set({ agreement_code: event.data.agreementCode, ...totals(event.data.quote) })
          .execute();
        return;
      case 'TermChosen':
        await order(event.data.orderId).set(totals(event.data.quote)).execute();
        return;
      case 'CheckoutStarted':
        await order(event.data.orderId)
          .set({ status: 'CHECKOUT', checkout_at: event.data.startedAt, ...totals(event.data.quote) })
          .execute();
        return;
      case 'OrderConfirmed':
        await order(event.data.orderId)
          .set({
            status: 'CONFIRMED',
            confirmed_at: event.data.confirmedAt,
            agreement_code: event.data.agreementCode,
            order_number: event.data.orderNumber,
            payment_method: event.data.paymentMethod,
            ...totals(event.data.quote),
          })
          .execute();
        await db
          .insertInto('bo_open_orders')
          .values({
            order_id: event.data.orderId,
            order_number: event.data.orderNumber,
            customer_id: event.data.customerId,
            service_id: event.data.serviceId,
            payment_method: event.data.paymentMethod,
            amount_cents: event.data.quote.grossCents,
            confirmed_at: event.data.confirmedAt,
            pay_by: event.data.payBy,
          })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .execute();
        return;
      case 'PaymentRegistered': {
        const row = await db
          .selectFrom('bo_orders')
          .select('taxable_cents')
          .where('order_id', '=', event.data.orderId)
          .executeTakeFirst();
        await order(event.data.orderId)
          .set({
            status: 'PAID',
            paid_at: event.data.registeredAt,
            paid_method: event.data.method,
            paid_gross_cents: event.data.amountCents,
            paid_taxable_cents: row?.taxable_cents ?? null,
          })
          .execute();
        await db.deleteFrom('bo_open_orders').where('order_id', '=', event.data.orderId).execute();
        return;
      }
      case 'OrderCancelled':
      case 'OrderExpired':
        await order(event.data.orderId)
          .set({ status: event.type === 'OrderCancelled' ? 'CANCELLED' : 'EXPIRED' })
          .execute();
        await db.deleteFrom('bo_open_orders').where('order_id', '=', event.data.orderId).execute();
        return;
      case 'AutoRenewalChargeDeclined':
        await order(event.data.orderId).set({ charge_declined_at: event.data.declinedAt }).execute();
        return;
      case 'PaymentRefundDue':
        await db
          .insertInto('bo_refunds')
          .values({
            transaction_id: event.data.transactionId,
            order_id: event.data.orderId,
            order_number: event.data.orderNumber,
            amount_cents: event.data.amountCents,
            method: event.data.method,
            reason: event.data.reason,
            registered_at: event.data.registeredAt,
            refunded_at: null,
            refund_reference: null,
          })
          .onConflict((oc) => oc.column('transaction_id').doNothing())
          .execute();
        return;
      case 'PaymentRefunded':
        await db
          .updateTable('bo_refunds')
          .set({ refunded_at: event.data.refundedAt, refund_reference: event.data.reference })
          .where('transaction_id', '=', event.data.transactionId)
          .execute();
        return;
      case 'PaymentMethodChosen':
        await order(event.data.orderId).set({ payment_method: event.data.method }).execute();
        return;
      default:
        return; // other events change nothing the back office lists
    }
  }
}
