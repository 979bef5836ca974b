// @ts-check
// The pay page: a confirmed card or PayPal order is paid here, through the payment provider.
import { date, money, t } from '../i18n.js';
import { errorSlot, h, render, showError } from '../dom.js';
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
  const numberError = errorSlot('card-number-error');
  const expiryError = errorSlot('card-expiry-error');
  const holderError = errorSlot('card-holder-error');
  const paypalError = errorSlot('paypal-error');
  const formError = errorSlot('pay-error');
  const fields = {
    'card.number': numberError,
    'card.expiryMonth': expiryError,
    'card.expiryYear': expiryError,
    'card.holder': holderError,
    paypalEmail: paypalError,
  };
  const thisYear = new Date().getFullYear();
  const input = (/** @type {Record<string, unknown>} */ attributes) => h('input', attributes);
  const cardFields = h(
    'fieldset',
    { id: 'card-fields' },
    h('legend', {}, t('methods.CREDIT_CARD')),
    h('label', { for: 'card-number' }, t('cardNumber')),
    input({
      id: 'card-number',
      name: 'number',
      inputmode: 'numeric',
      autocomplete: 'cc-number',
      'aria-describedby': 'card-number-error sandbox-hint',
    }),
    numberError,
    h(
      'div',
      { class: 'row' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'card-month' }, t('cardMonth')),
        h(
          'select',
          { id: 'card-month', name: 'expiryMonth', autocomplete: 'cc-exp-month' },
          Array.from({ length: 12 }, (_, i) =>
            h('option', { value: String(i + 1) }, String(i + 1).padStart(2, '0')),
          ),
        ),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'card-year' }, t('cardYear')),
        h(
          'select',
          { id: 'card-year', name: 'expiryYear', autocomplete: 'cc-exp-year' },
          Array.from({ length: 15 }, (_, i) => h('option', { value: String(thisYear + i) }, thisYear + i)),
        ),
      ),
    ),
    expiryError,
    h('label', { for: 'card-holder' }, t('cardHolder')),
    input({
      id: 'card-holder',
      name: 'holder',
      autocomplete: 'cc-name',
      'aria-describedby': 'card-holder-error',
    }),
    holderError,
  );
  const paypalFields = h(
    'fieldset',
    { id: 'paypal-fields' },
    h('legend', {}, t('methods.PAYPAL')),
    h('label', { for: 'paypal-email' }, t('paypalEmail')),
    input({
      id: 'paypal-email',
      name: 'paypalEmail',
      type: 'email',
      autocomplete: 'email',
      'aria-describedby': 'paypal-error',
    }),
    paypalError,
  );
  /** @param {string} method */
  const showMethod = (method) => {
    cardFields.hidden = method !== 'CREDIT_CARD';
    paypalFields.hidden = method !== 'PAYPAL';
  };
  const methods = h(
    'fieldset',
    {},
    h('legend', {}, t('paymentMethod')),
    ['CREDIT_CARD', 'PAYPAL'].map((method) =>
      h(
        'div',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          id: `pay-${method}`,
          name: 'method',
          value: method,
          checked: order.paymentMethod === method,
          onchange: () => showMethod(method),
        }),
        h('label', { for: `pay-${method}` }, t(`methods.${method}`)),
      ),
    ),
  );
  showMethod(order.paymentMethod ?? 'CREDIT_CARD');
  const submit = h('button', { type: 'submit', id: 'pay-submit' }, t('payAmount', { amount: money(amount) }));
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const data = new FormData(form);
        const method = String(data.get('method'));
        const body =
          method === 'PAYPAL'
            ? { method, paypalEmail: String(data.get('paypalEmail') ?? '').trim() }
            : {
                method,
                card: {
                  number: String(data.get('number') ?? '').trim(),
                  expiryMonth: Number(data.get('expiryMonth')),
                  expiryYear: Number(data.get('expiryYear')),
                  holder: String(data.get('holder') ?? '').trim(),
                },
              };
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
    methods,
    cardFields,
    paypalFields,
    h('p', { class: 'muted', id: 'sandbox-hint' }, t('sandboxHint')),
    formError,
    submit,
    h('p', {}, h('a', { href: `#/orders/${order.orderId}` }, t('backToOrder'))),
  );
  return form;
}
