// @ts-check
// The invoices: the rejected ones first, each with the exchange's errors and "Correggi e reinvia" (the
// Partita IVA and Codice fiscale corrected, sent again under the same number); then all, by state.
import { date, dateTime, money, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { attempt } from '../shell.js';
import { table } from './widgets.js';
import { orderLinks } from './orders.js';
import { documentName } from '../customer/invoices.js';

/** @typedef {import('../types.js').Invoice} Invoice */

const STATUSES = ['REJECTED', 'CORRECTED', 'ISSUED', 'SENT', 'DELIVERED', 'NOT_DELIVERED'];

/**
 * @param {HTMLElement} main
 * @param {import('../api.js').Api} api
 * @param {string | null} status
 * @param {string | null} [notice]
 */
export async function invoicesPage(main, api, status, notice = null) {
  const filter = status && STATUSES.includes(status) ? status : null;
  /** @type {Invoice[]} */
  const invoices = await api.get(`/back-office/invoices${filter ? `?status=${filter}` : ''}`);
  const rejected = invoices.filter((invoice) => invoice.status === 'REJECTED');
  const select = h(
    'select',
    {
      id: 'invoice-status',
      name: 'status',
      onchange: () => (location.hash = select.value ? `#/invoices?status=${select.value}` : '#/invoices'),
    },
    h('option', { value: '' }, t('invoices.allStatuses')),
    STATUSES.map((s) => h('option', { value: s, selected: s === filter }, t(`invoices.statuses.${s}`))),
  );
  render(
    main,
    h('h1', {}, t('invoices.title')),
    notice ? h('p', { class: 'ok', role: 'status' }, notice) : null,
    rejected.length > 0
      ? [
          h('h2', {}, t('invoices.rejected')),
          h(
            'ul',
            { class: 'cards' },
            rejected.map((invoice) => rejectedCard(invoice, main, api)),
          ),
        ]
      : null,
    h('h2', {}, t('invoices.all')),
    h('p', {}, h('label', { for: 'invoice-status' }, t('invoices.filter')), ' ', select),
    table(
      t('invoices.all'),
      [
        t('invoices.number'),
        t('date'),
        t('orderNumber'),
        t('invoices.buyer'),
        t('total'),
        t('invoices.sdiStatus'),
        t('invoices.sdiId'),
      ],
      invoices.map((invoice) => [
        documentName(invoice),
        date(invoice.date),
        orderLinks(invoice.orderId, invoice.orderNumber),
        invoice.buyerName,
        money(invoice.totalCents),
        t(`invoices.statuses.${invoice.status}`),
        invoice.sdiId ?? '-',
      ]),
    ),
  );
}

/** @param {Invoice} invoice @param {HTMLElement} main @param {import('../api.js').Api} api */
function rejectedCard(invoice, main, api) {
  const id = invoice.invoiceId;
  /** @param {string} name @param {string} label @param {string | null} value */
  const field = (name, label, value) => {
    const slot = errorSlot(`${name}-error-${id}`);
    const input = h('input', {
      id: `${name}-${id}`,
      name,
      value: value ?? '',
      autocomplete: 'off',
      'aria-describedby': slot.id,
    });
    return { input, slot, row: h('p', {}, h('label', { for: input.id }, label), input, slot) };
  };
  const vat = field('vatNumber', t('billing.vatNumber'), invoice.buyer.vatNumber);
  const tax = field('taxCode', t('billing.taxCode'), invoice.buyer.taxCode);
  const reason = field('reason', t('invoices.reason'), '');
  reason.input.setAttribute('required', '');
  const formError = errorSlot(`correction-error-${id}`);
  const submit = h('button', { type: 'submit', class: 'primary' }, t('invoices.correct'));
  return h(
    'li',
    { class: 'card warning-card', 'aria-labelledby': `invoice-${id}` },
    h(
      'h3',
      { id: `invoice-${id}` },
      t('invoices.rejectedOf', { number: invoice.number, buyer: invoice.buyerName }),
    ),
    h(
      'ul',
      { class: 'warning' },
      invoice.errors.map((error) => h('li', {}, `${error.code}: ${error.description}`)),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('orderNumber')),
      h('dd', {}, orderLinks(invoice.orderId, invoice.orderNumber)),
      h('dt', {}, t('total')),
      h('dd', {}, money(invoice.totalCents)),
      h('dt', {}, t('invoices.correctableUntil')),
      h('dd', {}, dateTime(invoice.correctableUntil)),
    ),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          const outcome = await attempt(
            formError,
            () =>
              api.post(`/back-office/invoices/${id}/correction`, {
                reason: reason.input.value,
                billingDetails: {
                  ...invoice.buyer,
                  vatNumber: vat.input.value.trim() || null,
                  taxCode: tax.input.value.trim() || null,
                },
              }),
            {
              fields: {
                reason: reason.slot,
                'billingDetails.vatNumber': vat.slot,
                'billingDetails.taxCode': tax.slot,
              },
              control: submit,
              fieldText: (field) =>
                field.startsWith('billingDetails.')
                  ? t(`billing.errors.${field.slice('billingDetails.'.length).replace('.', '_')}`)
                  : t('invoices.reasonRequired'),
            },
          );
          if (outcome.ok)
            await invoicesPage(main, api, null, t('invoices.corrected', { number: invoice.number }));
        },
      },
      vat.row,
      tax.row,
      reason.row,
      h('p', {}, submit),
      formError,
    ),
  );
}
