import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PlatformTables, READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { ValidationFailed } from '@app/kernel';
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
   * Confirmed orders awaiting payment, oldest first, a page at a time (`after`: the cursor the previous
   * page ended with), each with its age against the method's registration time: `late` when, had the
   * customer paid on confirmation, the payment would have been registered by now.
   */
  async awaitingPayment(now: Date, offlineOnly: boolean, page: { limit: number; after: string | null }) {
    const after = page.after === null ? null : decodeCursor(page.after);
    const open = () =>
      this.db
        .selectFrom('bo_open_orders')
        .$if(offlineOnly, (q) => q.where('payment_method', 'not in', [...ONLINE_METHODS]));
    const rows = await open()
      .selectAll()
      .$if(after !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('confirmed_at', '>', after!.confirmedAt),
            eb.and([eb('confirmed_at', '=', after!.confirmedAt), eb('order_id', '>', after!.orderId)]),
          ]),
        ),
      )
      .orderBy('confirmed_at')
      .orderBy('order_id')
      .limit(page.limit + 1)
      .execute();
    const { total } = await open()
      .select((eb) => eb.fn.countAll().as('total'))
      .executeTakeFirstOrThrow();
    const items = rows.slice(0, page.limit).map((row) => {
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
    const last = rows.length > page.limit ? rows[page.limit - 1] : null;
    return {
      items,
      total: Number(total),
      next: last && encodeCursor({ confirmedAt: last.confirmed_at, orderId: last.order_id }),
    };
  }

  /**
   * The orders awaiting payment by their age in working days (0-1, 2-5, 6-10, more), counted in the
   * database: an order's age depends only on the day it was confirmed, so each bucket is a range of
   * confirmation times whose ends the calendar works out.
   */
  async awaitingByAge(now: Date, offlineOnly: boolean) {
    const buckets = [
      { workingDays: '0-1', upTo: 1 },
      { workingDays: '2-5', upTo: 5 },
      { workingDays: '6-10', upTo: 10 },
      { workingDays: '> 10', upTo: null },
    ];
    const since = (upTo: number | null) =>
      upTo === null ? null : this.calendar.startOfDay(this.earliestDayAged(now, upTo)).toISOString();
    const result = [];
    let until: string | null = null;
    for (const bucket of buckets) {
      const from = since(bucket.upTo);
      const row = await this.db
        .selectFrom('bo_open_orders')
        .$if(offlineOnly, (q) => q.where('payment_method', 'not in', [...ONLINE_METHODS]))
        .$if(from !== null, (q) => q.where('confirmed_at', '>=', from!))
        .$if(until !== null, (q) => q.where('confirmed_at', '<', until!))
        .select((eb) => [eb.fn.countAll().as('orders'), eb.fn.sum('amount_cents').as('amountCents')])
        .executeTakeFirstOrThrow();
      result.push({
        workingDays: bucket.workingDays,
        orders: Number(row.orders),
        amountCents: Number(row.amountCents ?? 0),
      });
      until = from;
    }
    return result;
  }

  /** The earliest day whose orders are at most `workingDays` working days old at `now`. */
  private earliestDayAged(now: Date, workingDays: number): Date {
    let day = now;
    let age = 0;
    for (;;) {
      // One day earlier is one working day older when the day it leaves (counted from the day after) is one.
      const older = age + (this.calendar.isWorkingDay(day) ? 1 : 0);
      if (older > workingDays) return day;
      age = older;
      day = this.calendar.addDays(day, -1);
    }
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

/** The position after which the next page of orders awaiting payment starts, opaque to clients. */
interface AwaitingCursor {
  confirmedAt: string;
  orderId: string;
}

function encodeCursor(cursor: AwaitingCursor): string {
  return Buffer.from(JSON.stringify([cursor.confirmedAt, cursor.orderId])).toString('base64url');
}

/** The cursor, or a ValidationFailed naming `after` when it is not one this API gave out. */
function decodeCursor(text: string): AwaitingCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string'))
      return { confirmedAt: value[0], orderId: value[1] };
  } catch {
    // not JSON: refused below
  }
  throw new ValidationFailed('INVALID_CURSOR', 'after is not a cursor that this list gave out.', 'after');
}
