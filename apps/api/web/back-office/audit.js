// @ts-check
// The audit trail of one order, service or customer: each event in words (what, when, who, its facts, the
// state after it), the raw JSON one click away, the state as of a moment, and the exports.
import { dateTime, money, t, termText } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { act, attempt, saveDownload } from '../shell.js';

/** @typedef {import('../types.js').AuditReport} AuditReport */
/** @typedef {import('../types.js').AuditEntry} AuditEntry */

const KINDS = ['orders', 'services', 'customers'];

/**
 * @param {HTMLElement} main
 * @param {import('../api.js').Api} api
 * @param {{ kind?: string, subject?: string }} [preset] from the address (#/audit/orders/FE-2026-000123)
 */
export async function auditPage(main, api, { kind = 'orders', subject = '' } = {}) {
  const output = h('div', { id: 'audit-output', 'aria-live': 'polite' });
  const formError = errorSlot('audit-error');
  const query = () => {
    const data = new FormData(form);
    const asOf = String(data.get('asOf') ?? '');
    const params = new URLSearchParams();
    if (asOf) params.set('asOf', new Date(asOf).toISOString());
    return {
      path: `/audit/${data.get('kind')}/${encodeURIComponent(String(data.get('subject')).trim())}`,
      params,
    };
  };
  const show = async () => {
    const { path, params } = query();
    /** @type {AuditReport | undefined} */
    const report = await act(formError, () => api.get(`${path}?${params}`), {
      asOf: formError,
      order: formError,
    });
    if (!report) return;
    output.replaceChildren(h('div', {}, auditView(report)));
    if (report.subject.kind !== 'customer') return;
    // Their account's state says whether they were erased already: then there is nothing more to erase.
    const account = /** @type {{ erased?: boolean } | undefined} */ (
      report.state[`account-${report.subject.id}`]
    );
    output.append(
      account?.erased
        ? h('p', { class: 'muted' }, t('erasure.already'))
        : erasureForm(api, report.subject.id, show),
    );
  };
  const download = async (/** @type {'jsonl' | 'csv'} */ format) => {
    const { path, params } = query();
    params.set('format', format);
    /** @type {Response | undefined} */
    const response = await act(formError, () => api.download(`${path}?${params}`));
    if (!response) return;
    await saveDownload(response, `audit.${format}`);
  };
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      {
        class: 'card',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          await show();
        },
      },
      h('h2', {}, t('auditTitle')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'kind' }, t('subjectKind')),
        h(
          'select',
          { id: 'kind', name: 'kind' },
          KINDS.map((k) => h('option', { value: k, selected: k === kind }, t(`kinds.${k}`))),
        ),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'subject' }, t('subjectId')),
        h('input', {
          id: 'subject',
          name: 'subject',
          required: true,
          autocomplete: 'off',
          value: subject,
          'aria-describedby': 'subject-hint audit-error',
        }),
        h('p', { id: 'subject-hint', class: 'muted' }, t('subjectHint')),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'asOf' }, t('asOf')),
        h('input', { id: 'asOf', name: 'asOf', type: 'datetime-local', step: '1' }),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, t('show')),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => form.reportValidity() && download('jsonl') },
          t('exportJsonl'),
        ),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => form.reportValidity() && download('csv') },
          t('exportCsv'),
        ),
      ),
      formError,
    )
  );
  render(main, h('h1', {}, t('audit')), form, output);
  if (subject && KINDS.includes(kind)) await show();
}

/**
 * "Cancella i dati personali": on the customer's request, once their services have ended. Their events
 * stay; their personal fields read as erased from then on (the trail shown again says so), and their
 * invoices are kept ten years.
 * @param {import('../api.js').Api} api @param {string} customerId @param {() => Promise<void>} reload
 */
function erasureForm(api, customerId, reload) {
  const reasonError = errorSlot('erasure-reason-error');
  const formError = errorSlot('erasure-error');
  const reason = h('textarea', {
    id: 'erasure-reason',
    name: 'reason',
    required: true,
    minlength: 5,
    rows: 2,
    'aria-describedby': 'erasure-reason-error',
  });
  const confirmed = h('input', { id: 'erasure-confirm', type: 'checkbox', required: true });
  const submit = h('button', { type: 'submit', class: 'danger' }, t('erasure.submit'));
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'erasure-title',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        /** @type {{ ok: boolean, value?: { erasedAt: string } }} */
        const outcome = await attempt(
          formError,
          () => api.post(`/back-office/customers/${customerId}/erasure`, { reason: reason.value }),
          { fields: { reason: reasonError }, control: submit },
        );
        if (!outcome.ok || !outcome.value) return;
        await reload();
        document
          .getElementById('audit-output')
          ?.prepend(
            h(
              'p',
              { role: 'status', class: 'ok' },
              t('erasure.done', { at: dateTime(outcome.value.erasedAt) }),
            ),
          );
      },
    },
    h('h2', { id: 'erasure-title' }, t('erasure.title')),
    h('p', {}, t('erasure.intro')),
    h('p', {}, h('label', { for: 'erasure-reason' }, t('erasure.reason')), reason, reasonError),
    h('p', {}, h('label', {}, confirmed, ' ', t('erasure.confirm'))),
    h('p', {}, submit),
    formError,
  );
}

/** The timeline, then the state at the end (as of the moment asked), with the raw JSON behind a click. */
export function auditView(/** @type {AuditReport} */ report) {
  return [
    h('h2', {}, t('history')),
    h('ol', { class: 'timeline' }, report.history.map(entryView)),
    h('h2', {}, t('stateAsOf')),
    Object.entries(report.state).map(([stream, state]) =>
      h('section', { class: 'card' }, h('h3', {}, streamName(stream)), fieldList(stateSummary(state))),
    ),
    h(
      'details',
      {},
      h('summary', {}, t('rawJson')),
      h('pre', { tabindex: '0', 'aria-label': t('rawJson') }, JSON.stringify(report.state, null, 2)),
    ),
  ];
}

/** @param {string} stream */
const streamName = (stream) =>
  stream.startsWith('renewalOrder-')
    ? t('kinds.orders')
    : stream.startsWith('service-')
      ? t('kinds.services')
      : stream;

/** Who did it, in words: the person's name and role, or the part of the system. @param {AuditEntry['actor']} actor */
function actorText(actor) {
  if (!actor) return '-';
  if (actor.type === 'system') return t('actors.system', { what: t(`systemActors.${actor.id}`) });
  const role = t(`roles.${actor.type}`);
  return actor.name ? `${actor.name} (${role})` : `${role} ${actor.id}`;
}

/** @param {AuditEntry} e */
function entryView(e) {
  const name = t(`eventNames.${e.type}`);
  return h(
    'li',
    { class: 'card' },
    h('h3', {}, name === `eventNames.${e.type}` ? e.type : name),
    h('p', { class: 'muted' }, `${dateTime(e.recordedAt)} · ${actorText(e.actor)}`),
    fieldList(readable(e.data)),
    h('details', {}, h('summary', {}, t('stateAfter')), fieldList(stateSummary(e.stateAfter))),
    h(
      'details',
      {},
      h('summary', {}, t('rawJson')),
      h(
        'pre',
        { tabindex: '0', 'aria-label': `${t('rawJson')}: ${name}` },
        JSON.stringify(
          {
            type: e.type,
            schemaVersion: e.schemaVersion,
            position: e.position,
            stream: e.stream,
            revision: e.revision,
            command: e.command,
            actor: e.actor,
            correlationId: e.correlationId,
            causationId: e.causationId,
            data: e.data,
          },
          null,
          2,
        ),
      ),
    ),
  );
}

/** @param {[string, string][]} fields */
function fieldList(fields) {
  if (fields.length === 0) return null;
  return h(
    'dl',
    { class: 'facts' },
    fields.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

/** Ids the page shows elsewhere: not repeated in every event. */
const HIDDEN = new Set(['orderId', 'serviceId', 'customerId', 'commandId']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A value in words: amounts in euro, moments in Italian, codes by their names. @param {string} key @param {unknown} value */
function valueText(key, value) {
  if (value === null || value === undefined || value === '') return '-';
  const v = /** @type {any} */ (value);
  // The big objects, told by what matters in them.
  if (key === 'quote' && typeof v === 'object')
    return t('quoteText', {
      gross: money(v.grossCents),
      taxable: money(v.taxableCents),
      vat: money(v.vatCents),
    });
  if (key === 'paymentInstructions' && typeof v === 'object')
    return t('instructionsText', {
      method: t(`methods.${v.method}`),
      amount: money(v.amountCents),
      reference: v.reference,
    });
  if (key === 'consents' && Array.isArray(v))
    return v.map((c) => `${t(`consentTypes.${c.type}`)} ${c.documentVersion}`).join(', ') || '-';
  if (key === 'change' && typeof v === 'object') {
    const { kind, ...rest } = v;
    const facts = readable(rest)
      .map(([l, x]) => `${l}: ${x}`)
      .join(', ');
    return `${t(`cartChanges.${kind}`)}${facts ? ` (${facts})` : ''}`;
  }
  if (key === 'warnings' && Array.isArray(v))
    return v.map((w) => t(`warningCodes.${w.code}`)).join('; ') || '-';
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'number') {
    if (/Cents$/.test(key)) return money(value);
    if (key === 'years') return termText(value);
    return String(value);
  }
  if (typeof value === 'string') {
    if (ISO.test(value)) return dateTime(value);
    const coded = CODED[key];
    if (coded) {
      const words = t(`${coded}.${value}`);
      if (words !== `${coded}.${value}`) return words;
    }
    return value;
  }
  if (Array.isArray(value))
    return value.length === 0
      ? '-'
      : value
          .map((item) =>
            typeof item === 'object'
              ? readable(item)
                  .map(([l, v]) => `${l}: ${v}`)
                  .join(', ')
              : String(item),
          )
          .join('; ');
  return readable(value)
    .map(([l, v]) => `${l}: ${v}`)
    .join(', ');
}

/** Which codes have words, by the field that carries them. @type {Record<string, string>} */
const CODED = {
  method: 'methods',
  paymentMethod: 'methods',
  orderedMethod: 'methods',
  status: 'statuses',
  kind: 'renewalKinds',
  reason: 'reasons',
  code: 'declines',
  cancelledBy: 'roles',
  origin: 'origins',
};

/** An object's fields as label and words, nested objects inline. @param {unknown} data @returns {[string, string][]} */
function readable(data) {
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => {
      const label = t(`fields.${key}`);
      return /** @type {[string, string]} */ ([
        label === `fields.${key}` ? key : label,
        valueText(key, value),
      ]);
    });
}

/** What matters of a state: its status, number, expiry, cart, term, method and total. @param {unknown} state */
function stateSummary(state) {
  if (state === null || typeof state !== 'object') return [];
  const s = /** @type {Record<string, any>} */ (state);
  const picked = {
    status: s.status,
    orderNumber: s.orderNumber,
    expiresAt: s.expiresAt,
    cart: s.cart,
    years: s.years,
    paymentMethod: s.paymentMethod,
    grossCents: s.quote?.grossCents,
    autoRenew: s.autoRenew,
    payBy: s.payBy,
  };
  return readable(
    Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined && v !== null)),
  );
}
