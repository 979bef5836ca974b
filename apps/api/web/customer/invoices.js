// @ts-check
// "Le mie fatture": the customer's invoices, newest first, each with where it stands at the Sistema di
// Interscambio and its XML file and courtesy PDF to download.
import { date, money, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { attempt, saveDownload } from '../shell.js';

/** @typedef {import('../types.js').Invoice} Invoice */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** The number, and for a credit note what it is and which invoice it reduces. @param {Invoice} invoice */
export function documentName(invoice) {
  return invoice.type === 'TD04'
    ? `${invoice.number} ${t('invoices.creditNoteOf', { number: invoice.corrects ?? '' })}`
    : invoice.number;
}

/** @param {HTMLElement} main @param {CustomerContext} context */
export async function invoicesPage(main, { api }) {
  /** @type {Invoice[]} */
  const invoices = await api.get('/me/invoices');
  const slot = errorSlot('invoice-download-error');
  /** @param {Invoice} invoice @param {'xml' | 'pdf'} kind */
  const download = (invoice, kind) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small secondary',
        onclick: async (/** @type {Event} */ event) => {
          const outcome = await attempt(
            slot,
            () => api.download(`/me/invoices/${invoice.invoiceId}/${kind}`),
            {
              control: event.currentTarget,
            },
          );
          if (outcome.ok)
            await saveDownload(outcome.value, `fattura-${invoice.number.replace('/', '-')}.${kind}`);
        },
      },
      t(`invoices.download.${kind}`),
      h('span', { class: 'visually-hidden' }, t(`invoices.download.${kind}Of`, { number: invoice.number })),
    );
  const rows = invoices.map((invoice) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, documentName(invoice)),
      h('td', {}, date(invoice.date)),
      h('td', {}, h('a', { href: `#/orders/${invoice.orderId}` }, invoice.orderNumber)),
      h('td', {}, invoice.buyerName),
      h('td', { class: 'number' }, money(invoice.totalCents)),
      h('td', {}, t(`invoices.statuses.${invoice.status}`)),
      h('td', { class: 'actions' }, download(invoice, 'xml'), ' ', download(invoice, 'pdf')),
    ),
  );
  render(
    main,
    h('h1', {}, t('invoices.mine')),
    h('p', {}, t('invoices.intro')),
    slot,
    invoices.length === 0
      ? h('p', {}, t('invoices.none'))
      : h(
          'div',
          { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('invoices.mine') },
          h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, t('invoices.mine')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t('invoices.number'),
                  t('date'),
                  t('orderNumber'),
                  t('invoices.buyer'),
                  t('total'),
                  t('invoices.sdiStatus'),
                  t('invoices.files'),
                ].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h('tbody', {}, rows),
          ),
        ),
  );
}
