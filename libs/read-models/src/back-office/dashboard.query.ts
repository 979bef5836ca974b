import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { InvoicesQuery } from '@app/invoicing';
import { BackOfficeTables } from './back-office.tables';

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The back office's figures, from the back-office projection's counters (never from the log per request). */
@Injectable()
export class DashboardQuery {
  private readonly db;

  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly invoices: InvoicesQuery,
  ) {
    this.db = db.withTables<BackOfficeTables>();
  }

  /**
   * The figures for a range of days in the calendar's zone, Europe/Rome (both ends inclusive; open when
   * not given): orders by the day they were requested, revenue by the day it was registered, both summed
   * from the projection's counters by day, and what was invoiced by the invoices' date. What awaits payment or refund is as of now, whatever the range.
   */
  async figures(
    range: { from: string | null; to: string | null } = { from: null, to: null },
    now = new Date(),
  ) {
    // Days are compared as YYYY-MM-DD strings: the counters are kept by the calendar's day.
    const orders = () =>
      this.db
        .selectFrom('bo_order_figures')
        .$if(range.from !== null, (q) => q.where('day', '>=', range.from!))
        .$if(range.to !== null, (q) => q.where('day', '<=', range.to!));
    const payments = () =>
      this.db
        .selectFrom('bo_payment_figures')
        .$if(range.from !== null, (q) => q.where('day', '>=', range.from!))
        .$if(range.to !== null, (q) => q.where('day', '<=', range.to!));
    const count = sql<number>`sum(orders)`;
    /** The orders that have reached every one of these steps (each a 0/1 column of the counters). */
    const countWith = (...flags: ('checked_out' | 'confirmed' | 'paid' | 'declined')[]) =>
      sql<number>`sum(orders * ${sql.raw(flags.join(' * '))})`;
    // The reads are independent and go at once: on PostgreSQL each on a connection of the pool (they were
    // one round trip after another); SQLite answers them in turn.
    const [
      byStatus,
      funnel,
      byDay,
      byMethod,
      byOrigin,
      autoRenewals,
      codes,
      awaiting,
      refunds,
      invoicedByDay,
    ] = await Promise.all([
      orders()
        .select(['status', count.as('orders')])
        .groupBy('status')
        .having(count, '>', 0)
        .orderBy('status')
        .execute(),
      // The funnel is the customer's path; auto-renewal orders skip it and have figures of their own.
      orders()
        .where('origin', '=', 'CUSTOMER')
        .select([
          count.as('requested'),
          countWith('checked_out').as('checkedOut'),
          countWith('confirmed').as('confirmed'),
          countWith('paid').as('paid'),
        ])
        .executeTakeFirstOrThrow(),
      payments()
        .select((eb) => [
          'day',
          eb.fn.sum('payments').as('payments'),
          eb.fn.sum('gross_cents').as('grossCents'),
          eb.fn.sum('taxable_cents').as('taxableCents'),
        ])
        .groupBy('day')
        .orderBy('day')
        .execute(),
      payments()
        .select((eb) => [
          'method as paid_method',
          eb.fn.sum('payments').as('payments'),
          eb.fn.sum('gross_cents').as('grossCents'),
        ])
        .groupBy('method')
        .orderBy('method')
        .execute(),
      payments()
        .select((eb) => [
          'origin',
          eb.fn.sum('payments').as('payments'),
          eb.fn.sum('gross_cents').as('grossCents'),
        ])
        .groupBy('origin')
        .orderBy('origin')
        .execute(),
      orders()
        .where('origin', '=', 'AUTO_RENEW')
        .select([
          count.as('orders'),
          sql<number>`sum(orders * paid * (1 - declined))`.as('charged'),
          countWith('declined').as('declined'),
          countWith('declined', 'paid').as('paidAfterDecline'),
        ])
        .executeTakeFirstOrThrow(),
      orders()
        .where('agreement_code', '<>', '')
        .select((eb) => [
          'agreement_code',
          count.as('orders'),
          countWith('confirmed').as('confirmed'),
          countWith('paid').as('paid'),
          eb.fn.sum('paid_discount_cents').as('paidDiscountCents'),
        ])
        .groupBy('agreement_code')
        .having(count, '>', 0)
        .orderBy('agreement_code')
        .execute(),
      this.db
        .selectFrom('bo_open_orders')
        .select((eb) => [eb.fn.countAll().as('orders'), eb.fn.sum('amount_cents').as('amountCents')])
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('bo_refunds')
        .where('refunded_at', 'is', null)
        .select((eb) => [eb.fn.countAll().as('payments'), eb.fn.sum('amount_cents').as('amountCents')])
        .executeTakeFirstOrThrow(),
      this.invoices.byDay(range),
    ]);
    const n = (value: unknown) => Number(value ?? 0);
    const requested = n(funnel.requested);
    const checkedOut = n(funnel.checkedOut);
    const confirmed = n(funnel.confirmed);
    const paid = n(funnel.paid);
    const revenueCents = byDay.reduce((sum, row) => sum + n(row.grossCents), 0);
    const paidOrders = byDay.reduce((sum, row) => sum + n(row.payments), 0);
    return {
      range: { from: range.from, to: range.to, asOf: now.toISOString() },
      kpis: {
        revenueCents,
        paidOrders,
        invoicedCents: invoicedByDay.reduce((sum, row) => sum + row.totalCents, 0),
        conversionPercent: ratio(paid, requested),
        awaitingPayment: { orders: n(awaiting.orders), amountCents: n(awaiting.amountCents) },
        refundsDue: { payments: n(refunds.payments), amountCents: n(refunds.amountCents) },
      },
      ordersByStatus: Object.fromEntries(byStatus.map((row) => [row.status, n(row.orders)])),
      funnel: {
        requested,
        checkedOut,
        confirmed,
        paid,
        conversionPercent: {
          checkout: ratio(checkedOut, requested),
          confirm: ratio(confirmed, checkedOut),
          pay: ratio(paid, confirmed),
          overall: ratio(paid, requested),
        },
      },
      revenueByDay: byDay.map((row) => ({
        day: row.day,
        payments: n(row.payments),
        grossCents: n(row.grossCents),
        taxableCents: n(row.taxableCents),
      })),
      invoicedByDay,
      revenueByMethod: byMethod.map((row) => ({
        method: row.paid_method,
        payments: n(row.payments),
        grossCents: n(row.grossCents),
      })),
      revenueByOrigin: byOrigin.map((row) => ({
        origin: row.origin,
        payments: n(row.payments),
        grossCents: n(row.grossCents),
      })),
      autoRenewals: {
        orders: n(autoRenewals.orders),
        charged: n(autoRenewals.charged),
        declined: n(autoRenewals.declined),
        paidAfterDecline: n(autoRenewals.paidAfterDecline),
      },
      agreementCodes: codes.map((row) => ({
        code: row.agreement_code,
        orders: n(row.orders),
        confirmed: n(row.confirmed),
        paid: n(row.paid),
        paidDiscountCents: n(row.paidDiscountCents),
      })),
    };
  }
}
