// @ts-check
// "I miei ordini": every order of the customer, newest first, each linking to its page.
import { date, money, t } from '../i18n.js';
import { h, render } from '../dom.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** @param {HTMLElement} main @param {CustomerContext} context */
export async function ordersPage(main, { api }) {
  /** @type {Order[]} */
  const orders = await api.get('/me/orders');
  const table =
    orders.length === 0
      ? h('p', {}, t('noOrders'))
      : h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, t('myOrders')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('orderNumber'), t('service'), t('status'), t('total'), t('date')].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, orders.map(orderRow)),
          ),
        );
  render(main, h('h1', {}, t('myOrders')), table);
}

/** @param {Order} order */
function orderRow(order) {
  return h(
    'tr',
    {},
    h(
      'td',
      {},
      h('a', { href: `#/orders/${order.orderId}` }, order.orderNumber ?? t(`statuses.${order.status}`)),
    ),
    h('td', {}, order.serviceName),
    h(
      'td',
      {},
      t(`statuses.${order.status}`),
      order.status === 'CONFIRMED' &&
        (order.paymentMethod === 'CREDIT_CARD' || order.paymentMethod === 'PAYPAL')
        ? [' ', h('a', { href: `#/orders/${order.orderId}/pay`, class: 'button small' }, t('payNow'))]
        : null,
    ),
    h('td', { class: 'number' }, money(order.quote.grossCents)),
    h('td', {}, date(order.confirmedAt ?? order.requestedAt)),
  );
}
