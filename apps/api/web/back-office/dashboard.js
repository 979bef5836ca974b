// @ts-check
// The dashboard: revenue, orders by status, the funnel, offline payments by age, projection lag.
import { money, percent, t } from '../i18n.js';
import { h, render } from '../dom.js';
import { chart } from './widgets.js';

/** @typedef {import('../types.js').Dashboard} Dashboard */
/** @typedef {import('../types.js').AwaitingPayment} AwaitingPayment */

/** @type {[string, (days: number) => boolean][]} */
const AGE_BUCKETS = [
  ['0-1', (d) => d <= 1],
  ['2-5', (d) => d >= 2 && d <= 5],
  ['6-10', (d) => d >= 6 && d <= 10],
  ['> 10', (d) => d > 10],
];

/** @param {HTMLElement} main @param {import('../api.js').Api} api */
export async function dashboardPage(main, api) {
  /** @type {[Dashboard, AwaitingPayment[]]} */
  const [figures, awaiting] = await Promise.all([
    api.get('/back-office/dashboard'),
    api.get('/back-office/payments/awaiting?offline=true'),
  ]);
  const euros = (/** @type {number} */ value) => money(Math.round(value * 100)); // the charts plot euros
  const statuses = Object.entries(figures.ordersByStatus);
  const f = figures.funnel;
  render(
    main,
    h('h1', {}, t('dashboard')),
    h(
      'p',
      {},
      t('conversion', { p: percent(f.conversionPercent.overall) }),
      ' · ',
      t('autoRenewals', {
        charged: String(figures.autoRenewals.charged),
        declined: String(figures.autoRenewals.declined),
      }),
    ),
    h(
      'div',
      { class: 'grid' },
      chart(
        'revenue-day',
        t('revenueByDay'),
        'bar',
        figures.revenueByDay.map((r) => r.day),
        figures.revenueByDay.map((r) => r.grossCents / 100),
        euros,
      ),
      chart(
        'revenue-method',
        t('revenueByMethod'),
        'doughnut',
        figures.revenueByMethod.map((r) => t(`methods.${r.method}`)),
        figures.revenueByMethod.map((r) => r.grossCents / 100),
        euros,
      ),
      chart(
        'orders-status',
        t('ordersByStatus'),
        'bar',
        statuses.map(([s]) => t(`statuses.${s}`)),
        statuses.map(([, n]) => n),
      ),
      chart(
        'funnel',
        t('funnel'),
        'bar',
        [t('statuses.CART'), t('statuses.CHECKOUT'), t('statuses.CONFIRMED'), t('statuses.PAID')],
        [f.requested, f.checkedOut, f.confirmed, f.paid],
      ),
      chart(
        'offline-age',
        t('offlineByAge'),
        'bar',
        AGE_BUCKETS.map(([label]) => label),
        AGE_BUCKETS.map(([, inBucket]) => awaiting.filter((p) => inBucket(p.ageWorkingDays)).length),
      ),
      chart(
        'projection-lag',
        t('projectionLag'),
        'bar',
        figures.projections.map((p) => p.name),
        figures.projections.map((p) => p.behind),
      ),
    ),
  );
}
