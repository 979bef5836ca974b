// @ts-check
// Finding an order by what the customer quotes (its number, their name or email, the service), and one
// order's page: what it is now, what can be done, and its audit trail one click away.
import { dateTime, money, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { act, attempt } from '../shell.js';
import { table } from './widgets.js';
import { auditView } from './audit.js';

/** @typedef {import('../types.js').OrderMatch} OrderMatch */
/** @typedef {import('../types.js').AuditReport} AuditReport */

/** Links to an order's page and to its audit trail. @param {string} orderId @param {string | null} label */
export function orderLinks(orderId, label) {
  return h(
    'span',
    { class: 'links' },
    h('a', { href: `#/orders/${orderId}` }, label ?? t('openOrder')),
    ' · ',
    h(
      'a',
      { href: `#/audit/orders/${orderId}`, 'aria-label': t('auditOf', { what: label ?? orderId }) },
      t('auditLink'),
    ),
  );
}

/** @param {HTMLElement} main @param {import('../api.js').Api} api @param {string} q */
export async function ordersPage(main, api, q) {
  const formError = errorSlot('search-error');
  const input = h('input', {
    id: 'search',
    name: 'q',
    type: 'search',
    value: q,
    required: true,
    autocomplete: 'off',
    'aria-describedby': 'search-hint search-error',
  });
  /** @type {OrderMatch[] | undefined} */
  const found = q
    ? await act(formError, () => api.get(`/back-office/orders?q=${encodeURIComponent(q)}`), { q: formError })
    : undefined;
  render(
    main,
    h('h1', {}, t('ordersTitle')),
    h(
      'form',
      {
        class: 'card row',
        role: 'search',
        onsubmit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          location.hash = `#/orders?q=${encodeURIComponent(String(input.value).trim())}`;
        },
      },
      h('label', { for: 'search' }, t('searchLabel')),
      input,
      h('button', { type: 'submit', class: 'primary' }, t('search')),
      h('p', { id: 'search-hint', class: 'muted' }, t('searchHint')),
      formError,
    ),
    found === undefined
      ? null
      : found.length === 0
        ? h('p', { role: 'status' }, t('noMatches', { q }))
        : [
            h('p', { role: 'status', class: 'visually-hidden' }, t('matches', { n: found.length })),
            table(
              t('searchResults', { q }),
              [
                t('orderNumber'),
                t('customer'),
                t('service'),
                t('status'),
                t('total'),
                t('date'),
                t('auditLink'),
              ],
              found.map((row) => [
                h('a', { href: `#/orders/${row.orderId}` }, row.orderNumber ?? t(`statuses.${row.status}`)),
                h(
                  'span',
                  {},
                  row.customer.name ?? '-',
                  row.customer.email ? [h('br'), h('small', {}, row.customer.email)] : null,
                ),
                row.serviceName ?? '-',
                t(`statuses.${row.status}`),
                money(row.grossCents),
                dateTime(row.confirmedAt ?? row.requestedAt),
                h(
                  'a',
                  {
                    href: `#/audit/orders/${row.orderId}`,
                    'aria-label': t('auditOf', { what: row.orderNumber ?? row.orderId }),
                  },
                  t('auditLink'),
                ),
              ]),
            ),
          ],
  );
  if (!q) input.focus();
}

/** One order: its facts now, and its history as the audit trail tells it. */
export async function orderPage(
  /** @type {HTMLElement} */ main,
  /** @type {import('../api.js').Api} */ api,
  /** @type {string} */ orderId,
) {
  /** @type {AuditReport} */
  const report = await api.get(`/audit/orders/${encodeURIComponent(orderId)}`);
  const state = /** @type {Record<string, any>} */ (Object.values(report.state)[0] ?? {});
  const title = t('orderTitle', { number: state.orderNumber ?? report.subject.id });
  render(
    main,
    h('h1', {}, title),
    h(
      'dl',
      { class: 'facts card' },
      h('dt', {}, t('status')),
      h('dd', {}, t(`statuses.${state.status}`)),
      h('dt', {}, t('service')),
      h('dd', {}, state.serviceName ?? '-'),
      h('dt', {}, t('total')),
      h('dd', {}, money(state.quote?.grossCents)),
      h('dt', {}, t('paymentMethod')),
      h('dd', {}, state.paymentMethod ? t(`methods.${state.paymentMethod}`) : '-'),
      state.payBy && state.status === 'CONFIRMED'
        ? [h('dt', {}, t('payByShort')), h('dd', {}, dateTime(state.payBy))]
        : null,
      state.paidAt ? [h('dt', {}, t('paidAt')), h('dd', {}, dateTime(state.paidAt))] : null,
    ),
    state.status === 'PAID' ? refundForm(state, main, api, orderId) : null,
    h('p', {}, h('a', { href: `#/audit/customers/${state.customerId}` }, t('customerHistory'))),
    auditView(report),
  );
}

/**
 * "Rimborsa": some or all of a paid order's amount given back, with the reason and the reference; the
 * renewal stands and the invoice gets a credit note.
 * @param {Record<string, any>} state @param {HTMLElement} main @param {import('../api.js').Api} api
 * @param {string} orderId
 */
function refundForm(state, main, api, orderId) {
  const refunds = /** @type {{ amountCents: number }[]} */ (Object.values(state.paidRefunds ?? {}));
  const refunded = refunds.reduce((sum, refund) => sum + refund.amountCents, 0);
  const refundable = (state.quote?.grossCents ?? 0) - refunded;
  /** @param {string} name @param {string} label @param {Record<string, string | number>} [extra] */
  const field = (name, label, extra = {}) => {
    const slot = errorSlot(`paid-refund-${name}-error`);
    const input = h('input', {
      id: `paid-refund-${name}`,
      name,
      required: true,
      autocomplete: 'off',
      'aria-describedby': slot.id,
      ...extra,
    });
    return { input, slot, row: h('p', {}, h('label', { for: input.id }, label), input, slot) };
  };
  const amount = field('amountCents', t('paidRefund.amount'), {
    type: 'number',
    min: 0.01,
    step: 0.01,
    max: refundable / 100,
    value: (refundable / 100).toFixed(2),
    inputmode: 'decimal',
  });
  const reason = field('reason', t('paidRefund.reason'), { minlength: 3 });
  const reference = field('reference', t('refundReference'), { minlength: 3 });
  const formError = errorSlot('paid-refund-error');
  const submit = h('button', { type: 'submit' }, t('paidRefund.submit'));
  if (refundable <= 0) return h('p', { class: 'muted' }, t('paidRefund.none', { amount: money(refunded) }));
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'paid-refund-title',
      novalidate: true,
      onsubmit: async (/** @type {Event} */ event) => {
        event.preventDefault();
        const outcome = await attempt(
          formError,
          () =>
            api.post(`/back-office/orders/${orderId}/paid-refunds`, {
              amountCents: Math.round(Number(amount.input.value.replace(',', '.')) * 100),
              reason: reason.input.value,
              reference: reference.input.value,
            }),
          {
            fields: { amountCents: amount.slot, reason: reason.slot, reference: reference.slot },
            control: submit,
          },
        );
        if (outcome.ok) await orderPage(main, api, orderId);
      },
    },
    h('h2', { id: 'paid-refund-title' }, t('paidRefund.title')),
    h('p', {}, t('paidRefund.intro', { refunded: money(refunded), refundable: money(refundable) })),
    amount.row,
    reason.row,
    reference.row,
    h('p', {}, submit),
    formError,
  );
}
