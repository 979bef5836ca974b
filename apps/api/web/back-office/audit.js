// @ts-check
// The audit trail of one order, service or customer: its history, its state as of a moment, exports.
import { dateTime, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { act, saveDownload } from '../shell.js';

/** @typedef {import('../types.js').AuditReport} AuditReport */
/** @typedef {import('../types.js').AuditEntry} AuditEntry */

/** @param {HTMLElement} main @param {import('../api.js').Api} api */
export async function auditPage(main, api) {
  const output = h('div', { id: 'audit-output', 'aria-live': 'polite' });
  const formError = errorSlot('audit-error');
  const query = () => {
    const data = new FormData(form);
    const asOf = String(data.get('asOf') ?? '');
    const params = new URLSearchParams();
    if (asOf) params.set('asOf', new Date(asOf).toISOString());
    return { path: `/audit/${data.get('kind')}/${String(data.get('subject')).trim()}`, params };
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
          const { path, params } = query();
          /** @type {AuditReport | undefined} */
          const report = await act(formError, () => api.get(`${path}?${params}`), { asOf: formError });
          if (report) output.replaceChildren(...reportView(report));
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
          ['orders', 'services', 'customers'].map((k) => h('option', { value: k }, t(`kinds.${k}`))),
        ),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'subject' }, t('subjectId')),
        h('input', { id: 'subject', name: 'subject', required: true, autocomplete: 'off' }),
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
}

/** @param {AuditReport} report */
function reportView(report) {
  return [
    h('h2', {}, t('history')),
    h('ol', { class: 'timeline' }, report.history.map(entryView)),
    h('h2', {}, t('stateAsOf')),
    h('pre', { tabindex: '0', 'aria-label': t('stateAsOf') }, JSON.stringify(report.state, null, 2)),
  ];
}

/** @param {AuditEntry} e */
function entryView(e) {
  return h(
    'li',
    {},
    h('strong', {}, e.type),
    ` · ${dateTime(e.recordedAt)} · ${e.actor?.type ?? ''} ${e.actor?.id ?? ''} · ${e.command ?? ''}`,
    h('br'),
    h(
      'small',
      {},
      `correlation ${e.correlationId ?? '-'} · causation ${e.causationId ?? '-'} · #${e.position}`,
    ),
  );
}
