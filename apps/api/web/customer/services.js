// @ts-check
// "I miei servizi": each service with its expiry, add-ons, auto-renew, and what can be done with it now.
import { date, daysLeft, t, termText } from '../i18n.js';
import { errorSlot, h, render, uid } from '../dom.js';
import { act } from '../shell.js';
import { cancelOrderButton } from './cancel-order.js';
import { declineText } from '../texts.js';

/** @typedef {import('../types.js').Service} Service */
/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/** @param {HTMLElement} main @param {CustomerContext} context */
export async function servicesPage(main, context) {
  /** @type {Service[]} */
  const services = await context.api.get('/me/services');
  /** @type {Order[]} */
  const orders = await context.api.get('/me/orders');
  // An automatic charge that failed: the customer is asked to update their details, as the provider does.
  const declined = orders.filter((order) => order.status === 'CONFIRMED' && order.chargeDeclined);
  render(
    main,
    h('h1', {}, t('myServices')),
    declined.map((order) => declinedBanner(order, context)),
    services.length === 0
      ? h('p', {}, t('noServices'))
      : h(
          'ul',
          { class: 'cards' },
          services.map((service) => serviceCard(service, context)),
        ),
  );
}

/** @param {Service} service @param {CustomerContext} context */
function serviceCard(service, context) {
  const headingId = uid('service');
  const expired = service.action === 'REACTIVATE' || service.action === 'NONE_DELETED';
  const autoRenew = service.autoRenew
    ? service.autoRenewal?.paymentMethod
      ? t('autoRenewOn', {
          label: service.autoRenewal.paymentMethod.label,
          term: termText(service.autoRenewal.years),
        })
      : t('autoRenewOnNoMethod')
    : t('autoRenewOff');
  return h(
    'li',
    { class: 'card', 'aria-labelledby': headingId },
    h(
      'h2',
      { id: headingId },
      service.name,
      service.expiringSoon && !expired ? [' ', h('span', { class: 'badge soon' }, t('expiringSoon'))] : null,
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, expired ? t('expired') : t('expires')),
      h(
        'dd',
        {},
        date(service.expiresAt),
        service.expiringSoon && !expired ? ` (${daysLeft(service.daysToExpiry)})` : null,
      ),
      service.action === 'REACTIVATE'
        ? [h('dt', {}, t('graceEnds')), h('dd', {}, date(service.graceEndsAt))]
        : null,
      h('dt', {}, t('storage')),
      h('dd', {}, `${service.addOns.storageGb} GB`),
      h('dt', {}, t('extraUsers')),
      h('dd', {}, String(service.addOns.extraUsers)),
      h('dt', {}, t('nso')),
      h('dd', {}, service.addOns.nso ? t('active') : t('notActive')),
      h('dt', {}, t('autoRenew')),
      h('dd', {}, autoRenew),
    ),
    serviceAction(service, context),
    service.action !== 'NONE_DELETED' && service.action !== 'REACTIVATE'
      ? h(
          'p',
          {},
          h(
            'a',
            { href: `#/services/${service.serviceId}/auto-renew` },
            t('autoRenewManage', { name: service.name }),
          ),
        )
      : null,
  );
}

/** "Aggiorna i tuoi dati": the order the failed charge left, with Pay and Cancel. */
function declinedBanner(/** @type {Order} */ order, /** @type {CustomerContext} */ { api, route }) {
  const slot = errorSlot(`declined-error-${order.orderId}`);
  const headingId = `declined-${order.orderId}`;
  return h(
    'section',
    { class: 'banner warning', role: 'alert', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, t('updateDetails')),
    h(
      'p',
      {},
      t('updateDetailsText', {
        name: order.serviceName,
        number: order.orderNumber ?? '',
        reason: declineText(order.chargeDeclined?.code ?? 'OTHER'),
        date: date(order.payBy),
      }),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'a',
        { class: 'button', href: `#/orders/${order.orderId}/pay` },
        t('payOrder', { number: order.orderNumber ?? '' }),
      ),
      cancelOrderButton(api, order.orderId, slot, async (outcome) => {
        if (outcome.ok) await route();
      }),
    ),
    slot,
  );
}

/** @param {Service} service @param {CustomerContext} context */
function serviceAction(service, { api, route }) {
  const slot = errorSlot(uid('action-error'));
  switch (service.action) {
    case 'RENEW':
    case 'REACTIVATE': {
      const panelId = uid('manage');
      const label = service.action === 'RENEW' ? t('renew') : t('reactivate');
      const open = h(
        'button',
        {
          type: 'button',
          'data-action': service.action,
          onclick: (/** @type {Event} */ event) =>
            act(
              slot,
              async () => {
                /** @type {Order} */
                const order = await api.post(`/me/services/${service.serviceId}/renewal`);
                location.hash = `#/orders/${order.orderId}`;
              },
              {},
              event.currentTarget,
            ),
        },
        `${label}: ${service.name}`,
      );
      const panel = h('div', { id: panelId, class: 'actions', hidden: true }, open);
      const toggle = h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-expanded': 'false',
          'aria-controls': panelId,
          onclick: () => {
            const opening = panel.hidden;
            panel.hidden = !opening;
            toggle.setAttribute('aria-expanded', String(opening));
            if (opening) open.focus();
          },
        },
        `${t('manage')}: ${service.name}`,
      );
      return h('div', {}, toggle, panel, slot);
    }
    case 'PAY_OPEN_ORDER': {
      const orderId = service.openOrder?.orderId ?? '';
      return h(
        'div',
        { class: 'actions' },
        h('p', {}, t('reasonPayOpen')),
        h('a', { class: 'button', href: `#/orders/${orderId}` }, t('payOpenOrder')),
        cancelOrderButton(api, orderId, slot, async (outcome) => {
          if (outcome.ok) await route();
        }),
        slot,
      );
    }
    case 'NONE_AUTO_RENEW':
      return h(
        'div',
        { class: 'actions' },
        h('p', {}, t('reasonAutoRenew')),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: (/** @type {Event} */ event) =>
              act(
                slot,
                async () => {
                  await api.delete(`/me/services/${service.serviceId}/auto-renew`);
                  await route();
                },
                {},
                event.currentTarget,
              ),
          },
          t('switchOffAutoRenew'),
        ),
        slot,
      );
    default:
      return h('p', { class: 'muted' }, t('reasonDeleted'));
  }
}
