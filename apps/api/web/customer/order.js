// @ts-check
// One order's page: the cart, then the order form, then how to pay; afterwards what became of it.
import { t } from '../i18n.js';
import { h, render, showError, update } from '../dom.js';
import { cartView } from './cart.js';
import { orderForm } from './order-form.js';
import { billingDetailsSection } from './billing-details.js';
import { confirmation } from './confirmation.js';
import { totals } from './totals.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').Service} Service */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */
/** @typedef {{ slotId: string, message: string } | null} Notice */
/**
 * What the parts of the page call after an answer: the page is drawn again from the server's state, in
 * place, with the refusal (if any) next to what it concerns.
 * @typedef {(notice?: Notice) => Promise<unknown>} Refresh
 */

/** Orders the customer went back to modify ("Modifica il tuo ordine"): the cart shows again. */
const editing = new Set();
/** Which view of each order was drawn last: a new view (cart → form → confirmation) is a new page. */
const drawn = new Map();
/**
 * The last draw asked for, by order: a draw whose reads answer after a later one's is not shown over it
 * (two quick changes: the first one's redraw, with its refusal, could otherwise come back last).
 */
const latest = new Map();

/**
 * @param {HTMLElement} main
 * @param {string} orderId
 * @param {CustomerContext} context
 * @param {{ inPlace?: boolean, notice?: Notice }} [redraw]
 */
export async function orderPage(main, orderId, context, { inPlace = false, notice = null } = {}) {
  const ticket = (latest.get(orderId) ?? 0) + 1;
  latest.set(orderId, ticket);
  /** @type {Order} */
  const order = await context.api.get(`/me/orders/${orderId}`);
  /** @type {Service} */
  const service = await context.api.get(`/me/services/${order.serviceId}`);
  if (latest.get(orderId) !== ticket) return;
  const title = t(order.kind === 'REACTIVATE' ? 'reactivationOf' : 'renewalOf', { name: order.serviceName });
  /** @type {Refresh} */
  const refresh = (next = null) => orderPage(main, orderId, context, { inPlace: true, notice: next });
  const view =
    order.status === 'CART' || (order.status === 'CHECKOUT' && editing.has(orderId)) ? 'CART' : order.status;
  const show = inPlace && drawn.get(orderId) === view ? update : render;
  drawn.set(orderId, view);
  if (view === 'CART') {
    const doneEditing = () => editing.delete(orderId);
    show(main, h('h1', {}, title), cartView(order, context, { refresh, doneEditing }));
  } else if (view === 'CHECKOUT') {
    const edit = () => (editing.add(orderId), refresh());
    show(
      main,
      h('h1', {}, title),
      billingDetailsSection(context.api, order.serviceId),
      orderForm(order, service, context, { refresh, edit }),
    );
  } else if (view === 'CONFIRMED')
    show(main, h('h1', {}, t('confirmedTitle')), confirmation(order, context, refresh));
  else
    show(
      main,
      h('h1', {}, title),
      h('p', { class: 'status' }, `${t('status')}: ${t(`statuses.${order.status}`)}`),
      order.orderNumber ? h('p', {}, `${t('orderNumber')}: `, h('strong', {}, order.orderNumber)) : null,
      order.status === 'PAID' ? h('p', {}, t('paidTitle')) : null,
      order.cancelReason ? h('p', {}, `${t('reason')}: ${order.cancelReason}`) : null,
      totals(order, context.catalog),
      h('p', {}, h('a', { href: '#/services' }, t('back'))),
    );
  if (notice) showError(document.getElementById(notice.slotId) ?? undefined, notice.message);
}
