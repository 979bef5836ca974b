import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { calendarOf } from '@app/renewals/domain';
import { BackOfficeTables } from './back-office.tables';

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The back office's figures, all from the bo_orders read model (never from the event log per request). */
@Injectable()
export class DashboardQuery {
  private readonly db;

  private readonly calendar;

  constructor(@Inject(READ_MODEL_DB) db: ReadModelDb, @Inject(RENEWAL_CONTEXT) deciders: Deciders) {
    this.db = db.withTables<BackOfficeTables>();
    this.calendar = calendarOf(deciders.context.policy);
  }

  /**
   * The figures for a range of days in Europe/Rome (both ends inclusive; open when not given): orders by
   * the day they were requested, revenue by the day it was registered. What awaits payment or refund is
   * as of now, whatever the range.
   */
  async figures(
    range: { from: string | null; to: string | null } = { from: null, to: null },
    now = new Date(),
  ) {
    const dayStart = (day: string) =>
      this.calendar.startOfDay(new Date(`${day}T12:00:00.000Z`)).toISOString();
    const from = range.from ? dayStart(range.from) : null;
    const until = range.to ? this.calendar.addDays(new Date(dayStart(range.to)), 1).toISOString() : null;
    type Column = 'requested_at' | 'paid_at';
    const orders = (column: Column) =>
      this.db
        .selectFrom('bo_orders')
        .$if(from !== null, (q) => q.where(column, '>=', from!))
        .$if(until !== null, (q) => q.where(column, '<', until!));
    const byStatus = await orders('requested_at')
      .select(['status', (eb) => eb.fn.countAll().as('orders')])
      .groupBy('status')
      .orderBy('status')
      .execute();
    // The funnel is the customer's path; auto-renewal orders skip it and have figures of their own.
    const funnel = await orders('requested_at')
      .where('origin', '=', 'CUSTOMER')
      .select((eb) => [
        eb.fn.countAll().as('requested'),
        eb.fn.count('checkout_at').as('checkedOut'),
        eb.fn.count('confirmed_at').as('confirmed'),
        eb.fn.count('paid_at').as('paid'),
      ])
      .executeTakeFirstOrThrow();
    const day = sql<string>`substr(paid_at, 1, 10)`;
    const byDay = await orders('paid_at')
      .where('paid_at', 'is not', null)
      .select((eb) => [
        day.as('day'),
        eb.fn.countAll().as('payments'),
        eb.fn.sum('paid_gross_cents').as('grossCents'),
        eb.fn.sum('paid_taxable_cents').as('taxableCents'),
      ])
      .groupBy(day)
      .orderBy(day)
      .execute();
    const byMethod = await orders('paid_at')
      .where('paid_at', 'is not', null)
      .select((eb) => [
        'paid_method',
        eb.fn.countAll().as('payments'),
        eb.fn.sum('paid_gross_cents').as('grossCents'),
      ])
      .groupBy('paid_method')
      .orderBy('paid_method')
      .execute();
    const byOrigin = await orders('paid_at')
      .where('paid_at', 'is not', null)
      .select((eb) => [
        'origin',
        eb.fn.countAll().as('payments'),
        eb.fn.sum('paid_gross_cents').as('grossCents'),
      ])
      .groupBy('origin')
      .orderBy('origin')
      .execute();
    const autoRenewals = await orders('requested_at')
      .where('origin', '=', 'AUTO_RENEW')
      .select((eb) => [
        eb.fn.countAll().as('orders'),
        eb.fn
          .sum(
            eb
              .case()
              .when(eb.and([eb('charge_declined_at', 'is', null), eb('paid_at', 'is not', null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('charged'),
        eb.fn.count('charge_declined_at').as('declined'),
        eb.fn
          .sum(
            eb
              .case()
              .when(eb.and([eb('charge_declined_at', 'is not', null), eb('paid_at', 'is not', null)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('paidAfterDecline'),
      ])
      .executeTakeFirstOrThrow();
    const codes = await orders('requested_at')
      .where('agreement_code', 'is not', null)
      .select((eb) => [
        'agreement_code',
        eb.fn.countAll().as('orders'),
        eb.fn.count('confirmed_at').as('confirmed'),
        eb.fn.count('paid_at').as('paid'),
        eb.fn
          .sum(
            eb.case().when('paid_at', 'is not', null).then(eb.ref('agreement_discount_cents')).else(0).end(),
          )
          .as('paidDiscountCents'),
      ])
      .groupBy('agreement_code')
      .orderBy('agreement_code')
      .execute();
    const n = (value: unknown) => Number(value ?? 0);
    const requested = n(funnel.requested);
    const checkedOut = n(funnel.checkedOut);
    const confirmed = n(funnel.confirmed);
    const paid = n(funnel.paid);
    const awaiting = await this.db
      .selectFrom('bo_open_orders')
      .select((eb) => [eb.fn.countAll().as('orders'), eb.fn.sum('amount_cents').as('amountCents')])
      .executeTakeFirstOrThrow();
    const refunds = await this.db
      .selectFrom('bo_refunds')
      .where('refunded_at', 'is', null)
      .select((eb) => [eb.fn.countAll().as('payments'), eb.fn.sum('amount_cents').as('amountCents')])
      .executeTakeFirstOrThrow();
    const revenueCents = byDay.reduce((sum, row) => sum + n(row.grossCents), 0);
    const paidOrders = byDay.reduce((sum, row) => sum + n(row.payments), 0);
    return {
      range: { from: range.from, to: range.to, asOf: now.toISOString() },
      kpis: {
        revenueCents,
        paidOrders,
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
