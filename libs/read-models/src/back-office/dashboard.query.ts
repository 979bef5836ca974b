import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { InvoicesQuery } from '@app/invoicing';
import { BackOfficeTables, ORDER_FIGURES_KEY } from './back-office.tables';
import { foldOrderFigures, foldPaymentSplit } from './dashboard-figures';

/** What the order counters are summed by over the days asked: their key but the day. */
const ORDER_FIGURES_GROUPS = ORDER_FIGURES_KEY.filter((column) => column !== 'day');

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
    // The reads are independent and go at once: on PostgreSQL each on a connection of the pool (they were
    // one round trip after another); SQLite answers them in turn. The order counters are read once, grouped
    // by all but the day, and folded here into the four figures made of them (dashboard-figures.ts); the
    // revenue by method and by origin likewise (a few dozen rows at most, where each figure was a read).
    const [orderRows, byDay, paymentRows, awaiting, refunds, invoicedByDay] = await Promise.all([
      orders()
        .select((eb) => [
          ...ORDER_FIGURES_GROUPS,
          eb.fn.sum<number>('orders').as('orders'),
          eb.fn.sum<number>('paid_discount_cents').as('paid_discount_cents'),
        ])
        .groupBy(ORDER_FIGURES_GROUPS)
        // The codes come out in the database's order, as when each figure had its own ORDER BY.
        .orderBy('agreement_code')
        .execute(),
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
          'method',
          'origin',
          eb.fn.sum<number>('payments').as('payments'),
          eb.fn.sum<number>('gross_cents').as('gross_cents'),
        ])
        .groupBy(['method', 'origin'])
        .orderBy('method')
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
    const { ordersByStatus, funnel, autoRenewals, agreementCodes } = foldOrderFigures(orderRows);
    const { revenueByMethod, revenueByOrigin } = foldPaymentSplit(paymentRows);
    const n = (value: unknown) => Number(value ?? 0);
    const { requested, checkedOut, confirmed, paid } = funnel;
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
      ordersByStatus,
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
      revenueByMethod,
      revenueByOrigin,
      autoRenewals,
      agreementCodes,
    };
  }
}
