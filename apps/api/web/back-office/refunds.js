// @ts-check
// Payments that arrived for orders that could no longer take them, and so are owed back: each with why, in
// words, and "Segna come rimborsato" with the refund's reference once the money is sent back.
import { dateTime, money, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { attempt } from '../shell.js';
import { table } from './widgets.js';
import { orderLinks } from './orders.js';

/** @typedef {import('../types.js').Refund} Refund */

/**
 * @param {HTMLElement} main
 * @param {import('../api.js').Api} api
 * @param {string | null} [notice]
 */
export async function refundsPage(main, api, notice = null) {
  /** @type {Refund[]} */
  const refunds = await api.get('/back-office/refunds');
  const due = refunds.filter((r) => !r.refundedAt);
  const done = refunds.filter((r) => r.refundedAt);
  render(
    main,
    h('h1', {}, t('refunds')),
    notice ? h('p', { class: 'ok', role: 'status' }, notice) : null,
    h('h2', {}, t('refundsDue')),
    due.length === 0
      ? h('p', {}, t('noRefundsDue'))
      : h(
          'ul',
          { class: 'cards' },
          due.map((refund) => dueCard(refund, main, api)),
        ),
    h('h2', {}, t('refundsDone')),
    table(
      t('refundsDone'),
      [t('orderNumber'), t('transactionId'), t('amount'), t('refundReference'), t('refundedAt')],
      done.map((r) => [
        orderLinks(r.orderId, r.orderNumber),
        r.transactionId,
        money(r.amountCents),
        r.refundReference ?? '-',
        dateTime(r.refundedAt),
      ]),
    ),
  );
}

/** @param {Refund} refund @param {HTMLElement} main @param {import('../api.js').Api} api */
function dueCard(refund, main, api) {
  const id = refund.transactionId.replace(/[^A-Za-z0-9_-]/g, '_');
  const error = errorSlot(`reference-error-${id}`);
  const input = h('input', {
    id: `reference-${id}`,
    name: 'reference',
    required: true,
    minlength: 3,
    autocomplete: 'off',
    'aria-describedby': `reference-error-${id}`,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('markRefunded'));
  return h(
    'li',
    { class: 'card warning-card', 'aria-labelledby': `refund-${id}` },
    h(
      'h3',
      { id: `refund-${id}` },
      t('refundOf', { amount: money(refund.amountCents), number: refund.orderNumber }),
    ),
    h('p', { class: 'warning' }, t('refundBecause', { reason: t(`refundReasons.${refund.reason}`) })),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('transactionId')),
      h('dd', {}, refund.transactionId),
      h('dt', {}, t('paymentMethod')),
      h('dd', {}, t(`methods.${refund.method}`)),
      h('dt', {}, t('receivedAt')),
      h('dd', {}, dateTime(refund.registeredAt)),
    ),
    h('p', {}, orderLinks(refund.orderId, refund.orderNumber)),
    h(
      'form',
      {
        class: 'row',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const reference = String(input.value).trim();
          const outcome = await attempt(
            error,
            () =>
              api.post(`/back-office/orders/${refund.orderId}/refunds`, {
                transactionId: refund.transactionId,
                reference,
              }),
            { fields: { reference: error, transactionId: error }, control: submit },
          );
          if (outcome.ok)
            await refundsPage(main, api, t('refundRecorded', { number: refund.orderNumber, reference }));
        },
      },
      h('label', { for: `reference-${id}` }, t('refundReference')),
      input,
      submit,
    ),
    error,
  );
}
