// @ts-check
// "Verifica i dati di fatturazione": the service's billing details, shown and editable before "Conferma".
import { t } from '../i18n.js';
import { errorSlot, h } from '../dom.js';
import { attempt } from '../shell.js';

/**
 * @typedef {{ holder: { kind: 'company' | 'person', name?: string, firstName?: string, lastName?: string },
 *   vatNumber: string | null, taxCode: string | null,
 *   address: { street: string, postalCode: string, city: string, province: string | null, country: string },
 *   publicBody: boolean, sdiCode: string | null, pec: string | null }} BillingDetails
 */

/** The inputs, by the API's field name: [field, label key, value of the details]. */
const FIELDS = /** @type {[string, string, (d: BillingDetails) => string | null | undefined][]} */ ([
  ['holder.name', 'billing.name', (d) => d.holder.name],
  ['holder.firstName', 'billing.firstName', (d) => d.holder.firstName],
  ['holder.lastName', 'billing.lastName', (d) => d.holder.lastName],
  ['vatNumber', 'billing.vatNumber', (d) => d.vatNumber],
  ['taxCode', 'billing.taxCode', (d) => d.taxCode],
  ['address.street', 'billing.street', (d) => d.address.street],
  ['address.postalCode', 'billing.postalCode', (d) => d.address.postalCode],
  ['address.city', 'billing.city', (d) => d.address.city],
  ['address.province', 'billing.province', (d) => d.address.province],
  ['address.country', 'billing.country', (d) => d.address.country],
  ['sdiCode', 'billing.sdiCode', (d) => d.sdiCode],
  ['pec', 'billing.pec', (d) => d.pec],
]);

const EMPTY = /** @type {BillingDetails} */ ({
  holder: { kind: 'company', name: '' },
  vatNumber: null,
  taxCode: null,
  address: { street: '', postalCode: '', city: '', province: null, country: 'IT' },
  publicBody: false,
  sdiCode: null,
  pec: null,
});

/** @type {Map<string, HTMLElement>} */
const sections = new Map();

const inputId = (/** @type {string} */ field) => `billing-${field.replace('.', '-')}`;

/**
 * The section, filled once the details are read: each field with its label and its own error slot.
 * @param {import('../api.js').Api} api @param {string} serviceId
 */
export function billingDetailsSection(api, serviceId) {
  // The page is drawn again after every change of the order form: what is being typed here stays.
  const kept = sections.get(serviceId);
  if (kept) return kept;
  const path = `/me/services/${serviceId}/billing-details`;
  const section = h('section', { class: 'card billing', 'aria-labelledby': 'billing-heading' });
  const draw = (/** @type {BillingDetails} */ details, /** @type {string | null} */ saved) => {
    const kind = details.holder.kind;
    const errors = Object.fromEntries(FIELDS.map(([field]) => [field, errorSlot(`${inputId(field)}-error`)]));
    const formError = errorSlot('billing-error');
    const status = h('p', { role: 'status', id: 'billing-status' }, saved ?? '');
    const shown = FIELDS.filter(([field]) =>
      kind === 'company' ? !['holder.firstName', 'holder.lastName'].includes(field) : field !== 'holder.name',
    );
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        {
          class: 'billing-form',
          novalidate: true,
          onsubmit: async (/** @type {SubmitEvent} */ event) => {
            event.preventDefault();
            const data = new FormData(form);
            const value = (/** @type {string} */ field) => String(data.get(field) ?? '');
            const body = {
              holder:
                value('holder.kind') === 'person'
                  ? {
                      kind: 'person',
                      firstName: value('holder.firstName'),
                      lastName: value('holder.lastName'),
                    }
                  : { kind: 'company', name: value('holder.name') },
              vatNumber: value('vatNumber'),
              taxCode: value('taxCode'),
              address: {
                street: value('address.street'),
                postalCode: value('address.postalCode'),
                city: value('address.city'),
                province: value('address.province'),
                country: value('address.country'),
              },
              publicBody: details.publicBody,
              sdiCode: value('sdiCode'),
              pec: value('pec'),
            };
            const outcome = await attempt(formError, () => api.put(path, body), {
              fields: errors,
              control: event.submitter,
              fieldText: (field) => t(`billing.errors.${field.replace('.', '_')}`),
            });
            if (outcome.ok)
              draw(/** @type {{ details: BillingDetails }} */ (outcome.value).details, t('billing.saved'));
            else if (outcome.slotId !== formError.id)
              document.getElementById(outcome.slotId.replace(/-error$/, ''))?.focus();
          },
        },
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'billing-kind' }, t('billing.kind')),
          h(
            'select',
            {
              id: 'billing-kind',
              name: 'holder.kind',
              onchange: (/** @type {Event} */ event) => {
                const next = /** @type {HTMLSelectElement} */ (event.target).value;
                draw(
                  {
                    ...details,
                    holder:
                      next === 'person'
                        ? { kind: 'person', firstName: '', lastName: '' }
                        : { kind: 'company', name: '' },
                  },
                  null,
                );
                document.getElementById('billing-kind')?.focus();
              },
            },
            h('option', { value: 'company', selected: kind === 'company' }, t('billing.company')),
            h('option', { value: 'person', selected: kind === 'person' }, t('billing.person')),
          ),
        ),
        shown.map(([field, label, of]) =>
          h(
            'div',
            { class: 'field' },
            h('label', { for: inputId(field) }, t(label)),
            h('input', {
              id: inputId(field),
              name: field,
              value: of(details) ?? '',
              'aria-describedby': `${inputId(field)}-error`,
            }),
            errors[field],
          ),
        ),
        h('button', { type: 'submit', id: 'billing-save', class: 'secondary' }, t('billing.save')),
        formError,
        status,
      )
    );
    section.replaceChildren(
      h('h2', { id: 'billing-heading' }, t('billing.title')),
      h('p', { class: 'muted' }, t('billing.hint')),
      form,
    );
  };
  api.get(path).then(
    (/** @type {{ details: BillingDetails | null }} */ answer) => draw(answer.details ?? EMPTY, null),
    (/** @type {unknown} */ error) =>
      section.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : ''),
      ),
  );
  sections.set(serviceId, section);
  return section;
}
