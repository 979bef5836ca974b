import { Inject, Injectable } from '@nestjs/common';
import { Granularity, READ_MODEL_DB, ReadModelDb, periodOf } from '@app/platform';
import { InvoicesQuery } from '@app/invoicing';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { BusinessCalendar, calendarOf } from '@app/renewals/domain';
import { BackOfficeTables, ORDER_FIGURES_KEY } from './back-office.tables';
import { foldOrderFigures, foldPaymentSplit } from './dashboard-figures';

/** What the order counters are summed by over the days asked: their key but the day. */
const ORDER_FIGURES_GROUPS = ORDER_FIGURES_KEY.filter((column) => column !== 'day');

/** The longest range summed by day unless asked otherwise: a quarter. Longer ranges, and the whole history, by month. */
export const MAX_DAYS_BY_DAY = 92;

/** By day for a range of at most a quarter (`to` open: up to `today`), else by month. */
export function defaultGranularity(
  range: { from: string | null; to: string | null },
  today: string,
): Granularity {
  if (range.from === null) return 'month';
  const days = (Date.parse(range.to ?? today) - Date.parse(range.from)) / 86_400_000 + 1;
  return days <= MAX_DAYS_BY_DAY ? 'day' : 'month';
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The back office's figures, from the back-office projection's counters (never from the log per request). */
@Injectable()
export class DashboardQuery {
  private readonly db;
  private readonly calendar: BusinessCalendar;

  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly invoices: InvoicesQuery,
    @Inject(RENEWAL_CONTEXT) deciders: Pick<Deciders, 'context'>,
  ) {
    this.db = db.withTables<BackOfficeTables>();
    this.calendar = calendarOf(deciders.context.policy);
  }

  /**
   * The figures for a range of days in the calendar's zone, Europe/Rome (both ends inclusive; open when
   * not given): orders by the day they were requested, revenue by the day it was registered, both summed
   * from the projection's counters by day, and what was invoiced by the invoices' date, each by day or by month
   * (`by`; by default, by day for a range of at most a quarter). What awaits payment or refund is as of now,
   * whatever the range.
   */
  async figures(
    range: { from: string | null; to: string | null } = { from: null, to: null },
    now = new Date(),
    by: Granularity = defaultGranularity(range, this.calendar.dateOf(now)),
  ) {
    const period = periodOf('day', by);
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
    const [orderRows, byPeriod, paymentRows, awaiting, refunds, invoicedByPeriod] = await Promise.all([
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
          period.as('period'),
          eb.fn.sum('payments').as('payments'),
          eb.fn.sum('gross_cents').as('grossCents'),
          eb.fn.sum('taxable_cents').as('taxableCents'),
        ])
        .groupBy(period)
        .orderBy(period)
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
      this.invoices.byPeriod(range, by),
    ]);
    const { ordersByStatus, funnel, autoRenewals, agreementCodes } = foldOrderFigures(orderRows);
    const { revenueByMethod, revenueByOrigin } = foldPaymentSplit(paymentRows);
    const n = (value: unknown) => Number(value ?? 0);
    const { requested, checkedOut, confirmed, paid } = funnel;
    const revenueCents = byPeriod.reduce((sum, row) => sum + n(row.grossCents), 0);
    const paidOrders = byPeriod.reduce((sum, row) => sum + n(row.payments), 0);
    return {
      range: { from: range.from, to: range.to, by, asOf: now.toISOString() },
      kpis: {
        revenueCents,
        paidOrders,
        invoicedCents: invoicedByPeriod.reduce((sum, row) => sum + row.totalCents, 0),
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
      revenueByPeriod: byPeriod.map((row) => ({
        period: row.period,
        payments: n(row.payments),
        grossCents: n(row.grossCents),
        taxableCents: n(row.taxableCents),
      })),
      invoicedByPeriod,
      revenueByMethod,
      revenueByOrigin,
      autoRenewals,
      agreementCodes,
    };
  }
}
