import { Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables, Projection } from '@app/platform';
import { OrderEvent } from '@app/renewals/domain';
import { BackOfficeTables } from './back-office.tables';

/** Orders awaiting payment, and payments to refund: what the back office works through. */
@Injectable()
export class BackOfficeProjection implements Projection {
  readonly name = 'back-office';

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    const db = trx.withTables<BackOfficeTables>();
    await db.deleteFrom('bo_open_orders').execute();
    await db.deleteFrom('bo_refunds').execute();
  }

  async apply(trx: Transaction<PlatformTables>, stored: StoredEvent): Promise<void> {
    const db = trx.withTables<BackOfficeTables>();
    const event = { type: stored.type, data: stored.data } as OrderEvent;
    switch (event.type) {
      case 'OrderConfirmed':
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
      case 'PaymentRegistered':
      case 'OrderCancelled':
      case 'OrderExpired':
        await db.deleteFrom('bo_open_orders').where('order_id', '=', event.data.orderId).execute();
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
          })
          .onConflict((oc) => oc.column('transaction_id').doNothing())
          .execute();
        return;
      default:
        return; // other events change nothing the back office lists
    }
  }
}
