// @ts-check
// A card or a PayPal account, as the pay page and the auto-renew page ask for them (the provider keeps them).
import { t } from '../i18n.js';
import { errorSlot, h } from '../dom.js';

/**
 * The method choice, the card's fields and the PayPal address, each with its error slot (named by the
 * field the API blames), and the request body they make.
 * @param {'CREDIT_CARD' | 'PAYPAL'} initial
 */
export function paymentFields(initial) {
  const numberError = errorSlot('card-number-error');
  const expiryError = errorSlot('card-expiry-error');
  const holderError = errorSlot('card-holder-error');
  const paypalError = errorSlot('paypal-error');
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
          checked: initial === method,
          onchange: () => showMethod(method),
        }),
        h('label', { for: `pay-${method}` }, t(`methods.${method}`)),
      ),
    ),
  );
  showMethod(initial);
  const element = h(
    'div',
    {},
    methods,
    cardFields,
    paypalFields,
    h('p', { class: 'muted', id: 'sandbox-hint' }, t('sandboxHint')),
  );
  /** @param {FormData} data */
  const body = (data) => {
    const method = String(data.get('method'));
    return method === 'PAYPAL'
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
  };
  return { element, fields, body };
}
