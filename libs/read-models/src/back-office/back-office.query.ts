import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PlatformTables, READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { ONLINE_METHODS, PaymentMethod, REGISTRATION_TIMES, calendarOf } from '@app/renewals/domain';
import { BackOfficeTables } from './back-office.tables';

@Injectable()
export class BackOfficeQuery {
  private readonly db;
  private readonly calendar;

  constructor(@Inject(READ_MODEL_DB) db: ReadModelDb, @Inject(RENEWAL_CONTEXT) deciders: Deciders) {
    this.db = db.withTables<BackOfficeTables>();
    this.calendar = calendarOf(deciders.context.policy);
  }

  /**
   * Confirmed orders awaiting payment, oldest first, each with its age against the method's registration
   * time: `late` when, had the customer paid on confirmation, the payment would have been registered by now.
   */
  async awaitingPayment(now: Date, offlineOnly: boolean) {
    let query = this.db.selectFrom('bo_open_orders').selectAll().orderBy('confirmed_at');
    if (offlineOnly) query = query.where('payment_method', 'not in', [...ONLINE_METHODS]);
    const rows = await query.execute();
    return rows.map((row) => {
      const method = row.payment_method as PaymentMethod;
      const confirmedAt = new Date(row.confirmed_at);
      const registration = REGISTRATION_TIMES[method];
      return {
        orderId: row.order_id,
        orderNumber: row.order_number,
        customerId: row.customer_id,
        serviceId: row.service_id,
        paymentMethod: method,
        amountCents: row.amount_cents,
        confirmedAt: row.confirmed_at,
        payBy: row.pay_by,
        ageDays: Math.floor((now.getTime() - confirmedAt.getTime()) / 86_400_000),
        ageWorkingDays: this.calendar.workingDaysBetween(confirmedAt, now),
        registration,
        late:
          now.getTime() >
          this.calendar.endOfWorkingDaysAfter(confirmedAt, registration.maxWorkingDays).getTime(),
      };
    });
  }

  /** Payments to refund, those still to send back first (oldest first), then the ones refunded. */
  async refunds() {
    const rows = await this.db.selectFrom('bo_refunds').selectAll().orderBy('registered_at').execute();
    return rows
      .map((row) => ({
        transactionId: row.transaction_id,
        orderId: row.order_id,
        orderNumber: row.order_number,
        amountCents: row.amount_cents,
        method: row.method,
        reason: row.reason,
        registeredAt: row.registered_at,
        refundedAt: row.refunded_at ?? null,
        refundReference: row.refund_reference ?? null,
      }))
      .sort((a, b) => Number(a.refundedAt !== null) - Number(b.refundedAt !== null));
  }

  /**
   * Finds orders by what a customer or a colleague quotes: the order number (FE-2026-000123, any case,
   * or its digits), the customer's name or email, the service's name, or an order, service or customer id.
   * Newest first, at most `limit`.
   */
  async searchOrders(text: string, limit = 50) {
    const q = text.trim();
    // LIKE's wildcards typed by the user are taken out: they match themselves nowhere in these fields.
    const like = `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`;
    const lower = (column: string) => sql<string>`lower(${sql.ref(column)})`;
    const digits = /^\d{1,6}$/.test(q) ? q.padStart(6, '0') : null;
    const rows = await this.db
      .withTables<Pick<PlatformTables, 'accounts'>>()
      .selectFrom('bo_orders')
      .leftJoin('accounts', 'accounts.id', 'bo_orders.customer_id')
      .select([
        'bo_orders.order_id',
        'bo_orders.order_number',
        'bo_orders.status',
        'bo_orders.service_id',
        'bo_orders.service_name',
        'bo_orders.customer_id',
        'bo_orders.gross_cents',
        'bo_orders.payment_method',
        'bo_orders.requested_at',
        'bo_orders.confirmed_at',
        'bo_orders.paid_at',
        'bo_orders.origin',
        'accounts.display_name',
        'accounts.email',
      ])
      .where((eb) =>
        eb.or([
          eb(lower('bo_orders.order_number'), '=', q.toLowerCase()),
          ...(digits ? [eb('bo_orders.order_number', 'like', `%-${digits}`)] : []),
          eb(lower('bo_orders.service_name'), 'like', like),
          eb(lower('accounts.display_name'), 'like', like),
          eb(lower('accounts.email'), 'like', like),
          eb('bo_orders.order_id', '=', q.toLowerCase()),
          eb('bo_orders.service_id', '=', q.toLowerCase()),
          eb('bo_orders.customer_id', '=', q.toLowerCase()),
        ]),
      )
      .orderBy('bo_orders.requested_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      orderId: row.order_id,
      orderNumber: row.order_number,
      status: row.status,
      origin: row.origin,
      serviceId: row.service_id,
      serviceName: row.service_name,
      customer: { id: row.customer_id, name: row.display_name ?? null, email: row.email ?? null },
      grossCents: row.gross_cents,
      paymentMethod: row.payment_method,
      requestedAt: row.requested_at,
      confirmedAt: row.confirmed_at,
      paidAt: row.paid_at,
    }));
  }

  /** The order that has this number, if any (the audit page takes an order number as well as an id). */
  async orderIdOf(orderNumber: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('bo_orders')
      .select('order_id')
      .where('order_number', '=', orderNumber.toUpperCase())
      .executeTakeFirst();
    return row?.order_id ?? null;
  }
}
