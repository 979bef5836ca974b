// @ts-check
// After "Conferma": the order number and how to pay it, the same words as the email.
import { date, money, t } from '../i18n.js';
import { errorSlot, h } from '../dom.js';
import { attempt, confirmFirst } from '../shell.js';
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
          h(
            'dl',
            { class: 'facts' },
            h('dt', {}, t('paymentMethod')),
            h('dd', {}, t(`methods.${pay.method}`)),
            h('dt', {}, t('amount')),
            h('dd', {}, money(pay.amountCents)),
            h('dt', {}, t('reference')),
            h('dd', {}, pay.reference),
          ),
          h(
            'ol',
            {},
            paymentSteps(pay).map((step) => h('li', {}, step)),
          ),
          h('p', {}, t('payBy', { date: date(order.payBy) })),
          h('p', { class: 'muted' }, t('emailSent')),
        )
      : null,
    totals(order, catalog),
    h(
      'button',
      {
        type: 'button',
        id: 'cancel-order',
        class: 'secondary',
        onclick: async (/** @type {Event} */ event) => {
          const control = event.currentTarget;
          const sure = await confirmFirst({
            title: t('cancelTitle'),
            text: t('cancelText'),
            confirm: t('cancelYes'),
            cancel: t('cancelNo'),
          });
          if (!sure) return;
          const outcome = await attempt(
            slot,
            () => api.post(`/me/orders/${order.orderId}/cancellation`, {}),
            {
              control,
            },
          );
          await refresh(outcome.ok ? null : outcome);
        },
      },
      t('cancelOrder'),
    ),
    slot,
    h('p', {}, h('a', { href: '#/services' }, t('back'))),
  );
}
