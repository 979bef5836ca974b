// @ts-check
// The pay page: a confirmed card or PayPal order is paid here, through the payment provider.
import { date, money, t } from '../i18n.js';
import { errorSlot, h, render, showError } from '../dom.js';
import { paymentFields } from './payment-fields.js';
import { attempt } from '../shell.js';
import { ApiError } from '../api.js';
import { declineText } from '../texts.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** @param {HTMLElement} main @param {string} orderId @param {CustomerContext} context */
export async function payPage(main, orderId, context) {
  /** @type {Order} */
  const order = await context.api.get(`/me/orders/${orderId}`);
  const online = order.paymentMethod === 'CREDIT_CARD' || order.paymentMethod === 'PAYPAL';
  if (order.status !== 'CONFIRMED' || !online) {
    location.hash = `#/orders/${orderId}`;
    return;
  }
  render(main, h('h1', {}, t('payTitle', { number: order.orderNumber ?? '' })), payForm(order, context));
}

/** @param {Order} order @param {CustomerContext} context */
function payForm(order, { api }) {
  const amount = order.quote?.grossCents ?? 0;
  const formError = errorSlot('pay-error');
  const payment = paymentFields(order.paymentMethod === 'PAYPAL' ? 'PAYPAL' : 'CREDIT_CARD');
  const { fields } = payment;
  const submit = h('button', { type: 'submit', id: 'pay-submit' }, t('payAmount', { amount: money(amount) }));
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const body = payment.body(new FormData(form));
        let declined = /** @type {string | null} */ (null);
        const outcome = await attempt(
          formError,
          async () => {
            try {
              return await api.post(`/me/orders/${order.orderId}/payment`, body);
            } catch (error) {
              if (error instanceof ApiError && error.code === 'PAYMENT_DECLINED')
                declined = String(error.problem.declineCode ?? '');
              throw error;
            }
          },
          { fields, control: submit },
        );
        if (outcome.ok) {
          location.hash = `#/orders/${order.orderId}`;
          return;
        }
        const target = document.getElementById(outcome.slotId) ?? undefined;
        if (declined !== null) showError(target, t('paymentDeclined', { reason: declineText(declined) }));
        // The field at fault gets the focus, so the customer can correct it and try again.
        const described = form.querySelector(`[aria-describedby~="${outcome.slotId}"]`);
        if (described instanceof HTMLElement) described.focus();
      },
    },
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('service')),
      h('dd', {}, order.serviceName),
      h('dt', {}, t('orderNumber')),
      h('dd', {}, order.orderNumber),
      h('dt', {}, t('amount')),
      h('dd', {}, money(amount)),
      h('dt', {}, t('payByShort')),
      h('dd', {}, date(order.payBy)),
    ),
    order.onlineDecline
      ? h(
          'p',
          { class: 'warning', id: 'last-decline' },
          t('lastDecline', { reason: declineText(order.onlineDecline.code) }),
        )
      : null,
    payment.element,
    formError,
    submit,
    h('p', {}, h('a', { href: `#/orders/${order.orderId}` }, t('backToOrder'))),
  );
  return form;
}
