// @ts-check
// One order's page: the cart, then the order form, then how to pay; afterwards what became of it.
import { t } from '../i18n.js';
import { h, render } from '../dom.js';
import { cartView } from './cart.js';
import { orderForm } from './order-form.js';
import { confirmation } from './confirmation.js';
import { totals } from './totals.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').Service} Service */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** Orders the customer went back to modify ("Modifica il tuo ordine"): the cart shows again. */
const editing = new Set();

/** @param {HTMLElement} main @param {string} orderId @param {CustomerContext} context */
export async function orderPage(main, orderId, context) {
  /** @type {Order} */
  const order = await context.api.get(`/me/orders/${orderId}`);
  /** @type {Service} */
  const service = await context.api.get(`/me/services/${order.serviceId}`);
  const title = t(order.kind === 'REACTIVATE' ? 'reactivationOf' : 'renewalOf', { name: order.serviceName });
  const refresh = () => orderPage(main, orderId, context);
  if (order.status === 'CART' || (order.status === 'CHECKOUT' && editing.has(orderId))) {
    const doneEditing = () => editing.delete(orderId);
    return render(main, h('h1', {}, title), cartView(order, context, { refresh, doneEditing }));
  }
  if (order.status === 'CHECKOUT') {
    const edit = () => (editing.add(orderId), refresh());
    return render(main, h('h1', {}, title), orderForm(order, service, context, { refresh, edit }));
  }
  if (order.status === 'CONFIRMED')
    return render(main, h('h1', {}, t('confirmedTitle')), confirmation(order, context, refresh));
  return render(
    main,
    h('h1', {}, title),
    h('p', { class: 'status' }, `${t('status')}: ${t(`statuses.${order.status}`)}`),
    order.orderNumber ? h('p', {}, `${t('orderNumber')}: `, h('strong', {}, order.orderNumber)) : null,
    order.status === 'PAID' ? h('p', {}, t('paidTitle')) : null,
    order.cancelReason ? h('p', {}, `${t('reason')}: ${order.cancelReason}`) : null,
    totals(order, context.catalog),
    h('p', {}, h('a', { href: '#/services' }, t('back'))),
  );
}
