// @ts-check
// The price lines, discounts, VAT and total of an order, named in the reader's language.
import { money, t, termText } from '../i18n.js';
import { h } from '../dom.js';
import { discountName, lineName } from '../texts.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').Catalog} Catalog */

/** @param {Order} order @param {Catalog} catalog */
export function totals(order, catalog) {
  const { quote } = order;
  return h(
    'section',
    { class: 'totals', 'aria-labelledby': 'totals-heading', 'aria-live': 'polite' },
    h('h2', { id: 'totals-heading' }, t('totals')),
    h(
      'dl',
      {},
      quote.lines.map((line) => [
        h(
          'dt',
          {},
          `${lineName(line, order.productCode, catalog)}${line.quantity > 1 ? ` × ${line.quantity}` : ''} (${termText(line.years)})`,
        ),
        h('dd', { class: 'number' }, money(line.amountCents)),
      ]),
      h('dt', {}, t('net')),
      h('dd', { class: 'number', 'data-total': 'net' }, money(quote.netCents)),
      quote.discounts.map((discount) => [
        h('dt', {}, discountName(discount, order.years)),
        h('dd', { class: 'number' }, `− ${money(discount.amountCents)}`),
      ]),
      quote.discounts.length > 0
        ? [
            h('dt', {}, t('taxable')),
            h('dd', { class: 'number', 'data-total': 'taxable' }, money(quote.taxableCents)),
          ]
        : null,
      h('dt', {}, t('vat')),
      h('dd', { class: 'number', 'data-total': 'vat' }, money(quote.vatCents)),
      h('dt', { class: 'grand' }, t('total')),
      h('dd', { class: 'number grand', 'data-total': 'gross' }, money(quote.grossCents)),
    ),
  );
}
