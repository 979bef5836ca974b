// @ts-check
// After "Conferma": the order number and how to pay it, the same words as the email.
import { date, money, t } from '../i18n.js';
import { errorSlot, h } from '../dom.js';
import { attempt, copyText, saveDownload } from '../shell.js';
import { cancelOrderButton } from './cancel-order.js';
import { declineText, paymentSteps } from '../texts.js';
import { totals } from './totals.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** @param {Order} order @param {CustomerContext} context @param {import('./order.js').Refresh} refresh */
export function confirmation(order, { api, catalog }, refresh) {
  const pay = order.paymentInstructions;
  const slot = errorSlot('cancel-error');
  return h(
    'div',
    { class: 'confirmation' },
    order.chargeDeclined
      ? h('p', { class: 'warning' }, t('declined', { reason: declineText(order.chargeDeclined.code) }))
      : null,
    h(
      'p',
      { class: 'order-number' },
      `${t('orderNumber')}: `,
      h('strong', { 'data-order-number': order.orderNumber }, order.orderNumber),
    ),
    pay
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'pay-heading' },
          h('h2', { id: 'pay-heading' }, t('howToPay')),
          payFacts(pay),
          h(
            'ol',
            {},
            paymentSteps(pay).map((step) => h('li', {}, step)),
          ),
          h('p', {}, t('payBy', { date: date(order.payBy) })),
          pay.method === 'PREFILLED_SLIP' || pay.method === 'POSTAL_SLIP' ? slipDownload(order, api) : null,
          pay.method === 'CREDIT_CARD' || pay.method === 'PAYPAL'
            ? h(
                'p',
                {},
                h(
                  'a',
                  { class: 'button', id: 'pay-now', href: `#/orders/${order.orderId}/pay` },
                  t('payNow'),
                ),
              )
            : null,
          h('p', { class: 'muted' }, t('emailSent')),
        )
      : null,
    totals(order, catalog),
    cancelOrderButton(api, order.orderId, slot, (outcome) => refresh(outcome.ok ? null : outcome), {
      id: 'cancel-order',
    }),

    slot,
    h('p', {}, h('a', { href: '#/services' }, t('back'))),
  );
}

/**
 * What to pay and to whom, each fact the customer types into the bank's or the post office's form with a
 * copy button: the payee, the IBAN or the postal account, the amount and the exact reason for payment.
 * @param {import('../types.js').PaymentInstructions} pay
 */
function payFacts(pay) {
  const status = h('p', { class: 'visually-hidden', role: 'status', id: 'copy-status' });
  const payee = pay.payee;
  const amount = (pay.amountCents / 100).toFixed(2).replace('.', ',');
  /** @type {[string, string, string | null][]} label, shown value, value to copy (null: nothing to copy) */
  const facts = [
    [t('paymentMethod'), t(`methods.${pay.method}`), null],
    ...(payee ? [/** @type {[string, string, string]} */ ([t('beneficiary'), payee.name, payee.name])] : []),
    ...(payee?.iban ? [/** @type {[string, string, string]} */ (['IBAN', payee.iban, payee.iban])] : []),
    ...(payee?.bic ? [/** @type {[string, string, string]} */ (['BIC', payee.bic, payee.bic])] : []),
    ...(payee?.postalAccount
      ? [
          /** @type {[string, string, string]} */ ([
            t('postalAccount'),
            payee.postalAccount,
            payee.postalAccount,
          ]),
        ]
      : []),
    [t('amount'), money(pay.amountCents), payee ? amount : null],
    [t('reference'), pay.reference, payee ? pay.reference : null],
  ];
  return [
    h(
      'dl',
      { class: 'facts' },
      facts.map(([label, shown, copy]) => [
        h('dt', {}, label),
        h(
          'dd',
          {},
          h('span', { class: 'copyable' }, shown),
          copy
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary small copy',
                  'aria-label': t('copyWhat', { what: label }),
                  onclick: () => copyText(copy, status),
                },
                t('copy'),
              )
            : null,
        ),
      ]),
    ),
    status,
  ];
}

/** @param {Order} order @param {import('../api.js').Api} api */
function slipDownload(order, api) {
  const slot = errorSlot('slip-error');
  return h(
    'p',
    {},
    h(
      'button',
      {
        type: 'button',
        id: 'download-slip',
        onclick: async (/** @type {Event} */ event) => {
          const outcome = await attempt(
            slot,
            () => api.download(`/me/orders/${order.orderId}/payment-slip.pdf`),
            {
              control: event.currentTarget,
            },
          );
          if (outcome.ok) await saveDownload(outcome.value, `bollettino-${order.orderNumber}.pdf`);
        },
      },
      t('downloadSlip'),
    ),
    slot,
  );
}
