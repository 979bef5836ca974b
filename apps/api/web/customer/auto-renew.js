// @ts-check
// Auto-renew of one service: switch it on (card or PayPal, the term, the consents with the tacit-renewal
// clause), see the stored card and the next charge, change the card, switch it off.
import { date, t, termText } from '../i18n.js';
import { errorSlot, h, render, update } from '../dom.js';
import { askFirstButton, attempt } from '../shell.js';
import { consentsFieldset } from './order-form.js';
import { paymentFields } from './payment-fields.js';

/** @typedef {import('../types.js').Service} Service */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/**
 * @param {HTMLElement} main
 * @param {string} serviceId
 * @param {CustomerContext} context
 * @param {{ inPlace?: boolean, notice?: string | null }} [redraw]
 */
export async function autoRenewPage(main, serviceId, context, { inPlace = false, notice = null } = {}) {
  /** @type {Service} */
  const service = await context.api.get(`/me/services/${serviceId}`);
  const again = (/** @type {string | null} */ next) =>
    autoRenewPage(main, serviceId, context, { inPlace: true, notice: next });
  (inPlace ? update : render)(
    main,
    h('h1', {}, t('autoRenewTitle', { name: service.name })),
    notice ? h('p', { class: 'ok', role: 'status', id: 'auto-renew-notice' }, notice) : null,
    service.autoRenew ? current(service, context, again) : null,
    settingsForm(service, context, again),
    h('p', {}, h('a', { href: '#/services' }, t('back'))),
  );
}

/** What is set now: the card or PayPal account, the term and the next charge; and switching it off. */
function current(
  /** @type {Service} */ service,
  /** @type {CustomerContext} */ { api, catalog },
  /** @type {(notice: string | null) => Promise<void>} */ again,
) {
  const slot = errorSlot('auto-renew-off-error');
  const renewal = service.autoRenewal;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'auto-renew-now' },
    h('h2', { id: 'auto-renew-now' }, t('autoRenewActive')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('paymentMethod')),
      h('dd', { id: 'stored-method' }, renewal.paymentMethod?.label ?? t('noStoredMethod')),
      h('dt', {}, t('autoRenewTerm')),
      h('dd', {}, termText(renewal.years)),
      h('dt', {}, t('nextCharge')),
      h(
        'dd',
        { id: 'next-charge' },
        t('nextChargeOn', {
          date: date(renewal.chargesAt),
          expiry: date(service.expiresAt),
          days: String(catalog.autoRenewChargeDays),
        }),
      ),
    ),
    askFirstButton({
      id: 'auto-renew-off',
      className: 'danger',
      label: t('switchOffAutoRenew'),
      words: 'autoRenewOff',
      slot,
      call: () => api.delete(`/me/services/${service.serviceId}/auto-renew`),
      after: async (outcome) => {
        if (outcome.ok) await again(t('autoRenewSwitchedOff'));
      },
    }),
    slot,
  );
}

/** @type {Map<string, Set<string>>} the consents ticked on each service's form, kept across redraws */
const ticked = new Map();

/** Switching on, or changing the card or the term (the consents are given again with the new card). */
function settingsForm(
  /** @type {Service} */ service,
  /** @type {CustomerContext} */ { api, catalog },
  /** @type {(notice: string | null) => Promise<void>} */ again,
) {
  const stored = service.autoRenewal.paymentMethod?.method;
  const payment = paymentFields(stored === 'PAYPAL' ? 'PAYPAL' : 'CREDIT_CARD');
  const termError = errorSlot('auto-renew-term-error');
  const formError = errorSlot('auto-renew-error');
  const consentErrors = Object.fromEntries(
    Object.keys(catalog.consentDocuments).map((type) => [type, errorSlot(`consent-error-${type}`)]),
  );
  const consentsTicked = ticked.get(service.serviceId) ?? new Set();
  ticked.set(service.serviceId, consentsTicked);
  const fields = {
    ...payment.fields,
    years: termError,
    ...Object.fromEntries(Object.entries(consentErrors).map(([type, slot]) => [`consents.${type}`, slot])),
  };
  const maxYears = service.promotional ? catalog.terms.maxPromoYears : catalog.terms.maxYears;
  const submit = h(
    'button',
    { type: 'submit', id: 'auto-renew-save', class: 'primary' },
    service.autoRenew ? t('autoRenewSave') : t('autoRenewSwitchOn'),
  );
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      'aria-labelledby': 'auto-renew-form',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const data = new FormData(form);
        const consents = Object.fromEntries(
          Object.entries(catalog.consentDocuments)
            .filter(([type]) => consentsTicked.has(type))
            .map(([type, doc]) => [type, doc.version]),
        );
        const body = { ...payment.body(data), years: Number(data.get('years')), consents };
        const outcome = await attempt(
          formError,
          () => api.put(`/me/services/${service.serviceId}/auto-renew`, body),
          {
            fields,
            control: submit,
          },
        );
        if (outcome.ok) {
          consentsTicked.clear();
          await again(service.autoRenew ? t('autoRenewChanged') : t('autoRenewSwitchedOn'));
          return;
        }
        const described = form.querySelector(`[aria-describedby~="${outcome.slotId}"]`);
        if (described instanceof HTMLElement) described.focus();
      },
    },
    h('h2', { id: 'auto-renew-form' }, service.autoRenew ? t('autoRenewChange') : t('autoRenewOnTitle')),
    service.autoRenew
      ? null
      : h('p', {}, t('autoRenewExplain', { days: String(catalog.autoRenewChargeDays) })),
    payment.element,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'auto-renew-years' }, t('autoRenewTerm')),
      h(
        'select',
        { id: 'auto-renew-years', name: 'years', 'aria-describedby': 'auto-renew-term-error' },
        Array.from({ length: maxYears }, (_, i) => i + 1).map((n) =>
          h('option', { value: n, selected: (service.autoRenewal.years || 1) === n }, termText(n)),
        ),
      ),
      termError,
    ),
    consentsFieldset(catalog, consentsTicked, consentErrors),
    formError,
    submit,
  );
  return form;
}
