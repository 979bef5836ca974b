// @ts-check
// The dashboard for a range of days: the KPIs first, then revenue, orders by status, the funnel, and the
// offline payments by age; each chart with its numbers in a table.
import { money, percent, shortDay, shortDayWithYear, shortMonth, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { chart } from './widgets.js';

/** @typedef {import('../types.js').Dashboard} Dashboard */

/**
 * @param {HTMLElement} main
 * @param {import('../api.js').Api} api
 * @param {URLSearchParams} params from and to (YYYY-MM-DD), and by (day or month), from the address
 */
export async function dashboardPage(main, api, params) {
  const range = new URLSearchParams();
  for (const key of ['from', 'to', 'by']) {
    const value = params.get(key);
    if (value) range.set(key, value);
  }
  /** @type {Dashboard} */
  const figures = await api.get(`/back-office/dashboard?${range}`);
  const statuses = Object.entries(figures.ordersByStatus);
  const f = figures.funnel;
  const k = figures.kpis;
  // Revenue and invoices come by day, or by month for a long range (the server says which).
  const byMonth = figures.range.by === 'month';
  // Days of more than one year carry their year ("25 nov" would name two days).
  const years = new Set(
    [...figures.revenueByPeriod, ...figures.invoicedByPeriod].map((row) => row.period.slice(0, 4)),
  );
  const period = byMonth ? shortMonth : years.size > 1 ? shortDayWithYear : shortDay;
  render(
    main,
    h('h1', {}, t('dashboard')),
    rangeForm(range),
    h(
      'ul',
      { class: 'kpis', 'aria-label': t('kpis') },
      kpi('kpi-revenue', t('kpiRevenue'), money(k.revenueCents)),
      kpi('kpi-invoiced', t('kpiInvoiced'), money(k.invoicedCents)),
      kpi('kpi-paid', t('kpiPaidOrders'), String(k.paidOrders)),
      kpi('kpi-conversion', t('kpiConversion'), percent(k.conversionPercent)),
      kpi(
        'kpi-awaiting',
        t('kpiAwaiting'),
        `${k.awaitingPayment.orders}`,
        money(k.awaitingPayment.amountCents),
      ),
      kpi('kpi-refunds', t('kpiRefunds'), `${k.refundsDue.payments}`, money(k.refundsDue.amountCents)),
    ),
    h(
      'p',
      {},
      t('autoRenewals', {
        charged: String(figures.autoRenewals.charged),
        declined: String(figures.autoRenewals.declined),
      }),
    ),
    h(
      'div',
      { class: 'grid' },
      chart({
        id: 'revenue-period',
        title: t(byMonth ? 'revenueByMonth' : 'revenueByDay'),
        type: 'bar',
        labels: figures.revenueByPeriod.map((r) => period(r.period)),
        values: figures.revenueByPeriod.map((r) => r.grossCents / 100),
        axis: 'euro',
        labelHeading: t(byMonth ? 'month' : 'day'),
        valueHeading: t('revenue'),
      }),
      chart({
        id: 'invoiced-period',
        title: t(byMonth ? 'invoicedByMonth' : 'invoicedByDay'),
        type: 'bar',
        labels: figures.invoicedByPeriod.map((r) => period(r.period)),
        values: figures.invoicedByPeriod.map((r) => r.totalCents / 100),
        axis: 'euro',
        labelHeading: t(byMonth ? 'month' : 'day'),
        valueHeading: t('invoiced'),
      }),
      chart({
        id: 'revenue-method',
        title: t('revenueByMethod'),
        type: 'doughnut',
        labels: figures.revenueByMethod.map((r) => t(`methods.${r.method}`)),
        values: figures.revenueByMethod.map((r) => r.grossCents / 100),
        axis: 'euro',
        labelHeading: t('paymentMethod'),
        valueHeading: t('revenue'),
      }),
      chart({
        id: 'orders-status',
        title: t('ordersByStatus'),
        type: 'bar',
        labels: statuses.map(([s]) => t(`statuses.${s}`)),
        values: statuses.map(([, n]) => n),
        axis: 'count',
        labelHeading: t('status'),
        valueHeading: t('ordersCount'),
      }),
      chart({
        id: 'funnel',
        title: t('funnel'),
        type: 'bar',
        labels: [
          t('funnelSteps.requested'),
          t('funnelSteps.checkedOut'),
          t('funnelSteps.confirmed'),
          t('funnelSteps.paid'),
        ],
        values: [f.requested, f.checkedOut, f.confirmed, f.paid],
        axis: 'count',
        labelHeading: t('funnelStep'),
        valueHeading: t('ordersCount'),
      }),
      chart({
        id: 'offline-age',
        title: t('offlineByAge'),
        type: 'bar',
        labels: figures.offlineAwaitingByAge.map((bucket) => bucket.workingDays),
        values: figures.offlineAwaitingByAge.map((bucket) => bucket.orders),
        axis: 'count',
        labelHeading: t('age'),
        valueHeading: t('ordersCount'),
      }),
    ),
  );
}

/** @param {string} id @param {string} label @param {string} value @param {string} [detail] */
function kpi(id, label, value, detail) {
  return h(
    'li',
    { class: 'kpi card', 'aria-labelledby': `${id}-label` },
    h('p', { class: 'kpi-label', id: `${id}-label` }, label),
    h('p', { class: 'kpi-value', id }, value),
    detail ? h('p', { class: 'muted' }, detail) : null,
  );
}

/**
 * From and to, in the address (so the view can be shared), both inclusive; and how to group the days
 * (automatic: by day up to a quarter, else by month). @param {URLSearchParams} range
 */
function rangeForm(range) {
  const error = errorSlot('range-error');
  const from = h('input', {
    id: 'from',
    name: 'from',
    type: 'date',
    value: range.get('from') ?? '',
    'aria-describedby': 'range-error',
  });
  const to = h('input', {
    id: 'to',
    name: 'to',
    type: 'date',
    value: range.get('to') ?? '',
    'aria-describedby': 'range-error',
  });
  const by = h(
    'select',
    { id: 'by', name: 'by' },
    // The empty value is the automatic choice: no `by` in the address.
    ...[
      ['', 'auto'],
      ['day', 'day'],
      ['month', 'month'],
    ].map(([value, name]) =>
      h('option', { value, selected: (range.get('by') ?? '') === value }, t(`groupings.${name}`)),
    ),
  );
  return h(
    'form',
    {
      class: 'card row',
      'aria-label': t('dateRange'),
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        if (from.value && to.value && from.value > to.value) {
          error.textContent = t('rangeInverted');
          error.hidden = false;
          from.focus();
          return;
        }
        const next = new URLSearchParams();
        if (from.value) next.set('from', from.value);
        if (to.value) next.set('to', to.value);
        if (by.value) next.set('by', by.value);
        location.hash = `#/dashboard?${next}`;
      },
    },
    h('label', { for: 'from' }, t('rangeFrom')),
    from,
    h('label', { for: 'to' }, t('rangeTo')),
    to,
    h('label', { for: 'by' }, t('groupBy')),
    by,
    h('button', { type: 'submit', class: 'primary' }, t('applyRange')),
    h('a', { href: '#/dashboard', class: 'button secondary' }, t('allDays')),
    error,
  );
}
