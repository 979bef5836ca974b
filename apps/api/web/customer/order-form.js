// @ts-check
// The order form: payment method, term, auto-renew, the three consents, and "Conferma".
import { date, money, t, termText } from '../i18n.js';
import { errorSlot, h } from '../dom.js';
import { attempt } from '../shell.js';
import { registrationText, warningText } from '../texts.js';
import { totals } from './totals.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').Service} Service */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** The consents ticked on each order's form so far: a redraw of the form keeps them. */
const ticked = new Map();

/** @type {Record<string, string>} */
const CONSENT_LABELS = {
  GENERAL_TERMS: 'consentGeneral',
  ONEROUS_CLAUSES: 'consentOnerous',
  PRIVACY_NOTICE: 'consentPrivacy',
};

/**
 * @param {Order} order
 * @param {Service} service
 * @param {CustomerContext} context
 * @param {{ refresh: import('./order.js').Refresh, edit: () => void }} flow
 */
export function orderForm(order, service, { api, catalog }, { refresh, edit }) {
  const base = `/me/orders/${order.orderId}`;
  const methodError = errorSlot('method-error');
  const termError = errorSlot('term-error');
  const autoError = errorSlot('auto-renew-error');
  const consentErrors = Object.fromEntries(
    Object.keys(catalog.consentDocuments).map((type) => [type, errorSlot(`consent-error-${type}`)]),
  );
  const confirmError = errorSlot('confirm-error');
  const fields = {
    method: methodError,
    paymentMethod: methodError,
    years: termError,
    enabled: autoError,
    ...Object.fromEntries(Object.entries(consentErrors).map(([type, slot]) => [`consents.${type}`, slot])),
  };
  /** @type {Set<string>} */
  const consentsTicked = ticked.get(order.orderId) ?? new Set();
  ticked.set(order.orderId, consentsTicked);
  /**
   * A change, then the form as the server has it (refused or not), the refusal next to its field.
   * @param {HTMLElement} slot @param {() => Promise<unknown>} call @param {Event} event
   */
  const change = async (slot, call, event) => {
    const outcome = await attempt(slot, call, { fields, control: event.currentTarget });
    await refresh(outcome.ok ? null : outcome);
  };
  const maxYears = service.promotional ? catalog.terms.maxPromoYears : catalog.terms.maxYears;
  const autoRenewAllowed = catalog.paymentMethods.some(
    (m) => m.method === order.paymentMethod && m.autoRenew,
  );
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      {
        class: 'order-form',
        onsubmit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const data = new FormData(form);
          const consents = Object.fromEntries(
            Object.entries(catalog.consentDocuments)
              .filter(([type]) => data.get(`consent-${type}`))
              .map(([type, doc]) => [type, doc.version]),
          );
          const submit = form.querySelector('[type=submit]');
          attempt(confirmError, () => api.post(`${base}/confirmation`, { consents }), {
            fields,
            control: submit,
          }).then((outcome) => refresh(outcome.ok ? null : outcome));
        },
      },
      h(
        'fieldset',
        { 'aria-describedby': 'method-error' },
        h('legend', {}, t('paymentMethod')),
        catalog.paymentMethods.map(({ method }) => {
          const id = `method-${method}`;
          return h(
            'div',
            { class: 'choice' },
            h('input', {
              type: 'radio',
              id,
              name: 'method',
              value: method,
              checked: order.paymentMethod === method,
              onchange: (/** @type {Event} */ event) =>
                change(methodError, () => api.put(`${base}/payment-method`, { method }), event),
            }),
            h('label', { for: id }, `${t(`methods.${method}`)} (${registrationText(method)})`),
          );
        }),
        order.paymentWarnings.map((warning) =>
          h('p', { class: 'warning', role: 'status' }, warningText(warning, order.serviceExpiresAt)),
        ),
        methodError,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'term' }, t('term')),
        h(
          'select',
          {
            id: 'term',
            name: 'years',
            'aria-describedby': service.promotional ? 'term-hint term-error' : 'term-error',
            onchange: (/** @type {Event} */ event) => {
              const years = Number(/** @type {HTMLSelectElement} */ (event.target).value);
              change(termError, () => api.put(`${base}/term`, { years }), event);
            },
          },
          Array.from({ length: maxYears }, (_, i) => i + 1).map((n) => {
            const price = order.termPrices?.find((p) => p.years === n);
            return h(
              'option',
              { value: n, selected: order.years === n },
              price ? t('termOption', { term: termText(n), price: money(price.grossCents) }) : termText(n),
            );
          }),
        ),
        order.newExpiresAt
          ? h('p', { id: 'new-expiry', role: 'status' }, t('newExpiry', { date: date(order.newExpiresAt) }))
          : null,
        service.promotional ? h('p', { id: 'term-hint', class: 'muted' }, t('termHintPromo')) : null,
        termError,
      ),
      h(
        'div',
        { class: 'choice' },
        h('input', {
          type: 'checkbox',
          id: 'auto-renew',
          checked: order.autoRenew,
          disabled: !autoRenewAllowed && !order.autoRenew,
          'aria-describedby': 'auto-renew-error',
          onchange: (/** @type {Event} */ event) => {
            const enabled = /** @type {HTMLInputElement} */ (event.target).checked;
            change(autoError, () => api.put(`${base}/auto-renew`, { enabled }), event);
          },
        }),
        h('label', { for: 'auto-renew' }, t('autoRenewChoice')),
      ),
      autoError,
      totals(order, catalog),
      h(
        'button',
        { type: 'button', id: 'modify-order', class: 'secondary', onclick: edit },
        t('modifyOrder'),
      ),
      consentsFieldset(catalog, consentsTicked, consentErrors),
      h('button', { type: 'submit', id: 'confirm', class: 'primary' }, t('confirm')),
      confirmError,
    )
  );
  return h('div', {}, h('h2', {}, t('orderForm')), form);
}

/**
 * The three consents, each ticked as the customer left it (kept across redraws), with its document's
 * version linked and its error slot.
 * @param {import('../types.js').Catalog} catalog
 * @param {Set<string>} consentsTicked
 * @param {Record<string, HTMLElement>} consentErrors
 */
export function consentsFieldset(catalog, consentsTicked, consentErrors) {
  return h(
    'fieldset',
    {},
    h('legend', {}, t('consents')),
    Object.entries(catalog.consentDocuments).map(([type, doc]) => {
      const id = `consent-${type}`;
      return h(
        'div',
        { class: 'choice' },
        h('input', {
          type: 'checkbox',
          id,
          name: id,
          value: doc.version,
          checked: consentsTicked.has(type),
          'aria-describedby': `consent-error-${type}`,
          onchange: (/** @type {Event} */ event) => {
            if (/** @type {HTMLInputElement} */ (event.target).checked) consentsTicked.add(type);
            else consentsTicked.delete(type);
          },
        }),
        h(
          'label',
          { for: id },
          `${t(CONSENT_LABELS[type] ?? type)} (`,
          h(
            'a',
            { href: doc.url, target: '_blank', rel: 'noopener' },
            t('documentVersion', { title: doc.title, version: doc.version }),
          ),
          ')',
        ),
        consentErrors[type],
      );
    }),
  );
}
