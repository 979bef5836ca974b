import { createApi } from './api.js';
import { date, errorText, money, t } from './i18n.js';
import { errorSlot, h, render, uid } from './dom.js';
import { act, loginPage, shell } from './shell.js';

const api = createApi('customer-session', () => route());
let catalog = null;

const NAV = [
  ['#/services', 'myServices'],
  ['#/orders', 'myOrders'],
];

window.addEventListener('hashchange', () => route());
route();

async function route() {
  const main = shell({ titleKey: 'appTitle', nav: NAV, api, onLogout, rerender: route });
  if (!api.session || api.session.user?.role !== 'customer') {
    loginPage(main, {
      api,
      titleKey: 'loginTitle',
      onDone: () => (location.hash === '#/services' ? route() : (location.hash = '#/services')),
    });
    return;
  }
  catalog ??= await api.get('/catalog');
  const [, page, id] = (location.hash || '#/services').split('/');
  try {
    if (page === 'orders' && id) await orderPage(main, id);
    else if (page === 'orders') await ordersPage(main);
    else await servicesPage(main);
  } catch (error) {
    render(main, h('h1', {}, t('appTitle')), h('p', { class: 'error', role: 'alert' }, errorText(error)));
  }
}

function onLogout() {
  api.logout();
  location.hash = '#/services';
  route();
}

// ---- I miei servizi ----
async function servicesPage(main) {
  const services = await api.get('/me/services');
  render(
    main,
    h('h1', {}, t('myServices')),
    services.length === 0
      ? h('p', {}, t('noServices'))
      : h('ul', { class: 'cards' }, services.map(serviceCard)),
  );
}

function serviceCard(service) {
  const headingId = uid('service');
  const expired = service.action === 'REACTIVATE' || service.action === 'NONE_DELETED';
  const autoRenew = service.autoRenew
    ? service.autoRenewal?.paymentMethod
      ? t('autoRenewOn', { label: service.autoRenewal.paymentMethod.label, years: service.autoRenewal.years })
      : t('autoRenewOnNoMethod')
    : t('autoRenewOff');
  return h(
    'li',
    { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, service.name),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, expired ? t('expired') : t('expires')),
      h('dd', {}, date(service.expiresAt)),
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
    serviceAction(service),
  );
}

function serviceAction(service) {
  const slot = errorSlot(uid('action-error'));
  switch (service.action) {
    case 'RENEW':
    case 'REACTIVATE': {
      const panelId = uid('manage');
      const label = service.action === 'RENEW' ? t('renew') : t('reactivate');
      const panel = h(
        'div',
        { id: panelId, class: 'actions', hidden: true },
        h(
          'button',
          {
            type: 'button',
            'data-action': service.action,
            onclick: () =>
              act(slot, async () => {
                const order = await api.post(`/me/services/${service.serviceId}/renewal`);
                location.hash = `#/orders/${order.orderId}`;
              }),
          },
          `${label}: ${service.name}`,
        ),
      );
      const toggle = h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-expanded': 'false',
          'aria-controls': panelId,
          onclick: () => {
            const open = panel.hidden;
            panel.hidden = !open;
            toggle.setAttribute('aria-expanded', String(open));
            if (open) panel.querySelector('button').focus();
          },
        },
        `${t('manage')}: ${service.name}`,
      );
      return h('div', {}, toggle, panel, slot);
    }
    case 'PAY_OPEN_ORDER':
      return h(
        'div',
        { class: 'actions' },
        h('p', {}, t('reasonPayOpen')),
        h('a', { class: 'button', href: `#/orders/${service.openOrder.orderId}` }, t('payOpenOrder')),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              act(slot, async () => {
                await api.post(`/me/orders/${service.openOrder.orderId}/cancellation`, {});
                route();
              }),
          },
          t('cancelOrder'),
        ),
        slot,
      );
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
            onclick: () =>
              act(slot, async () => {
                await api.delete(`/me/services/${service.serviceId}/auto-renew`);
                route();
              }),
          },
          t('switchOffAutoRenew'),
        ),
        slot,
      );
    default:
      return h('p', { class: 'muted' }, t('reasonDeleted'));
  }
}

// ---- I miei ordini ----
async function ordersPage(main) {
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
            h(
              'tbody',
              {},
              orders.map((order) =>
                h(
                  'tr',
                  {},
                  h(
                    'td',
                    {},
                    h(
                      'a',
                      { href: `#/orders/${order.orderId}` },
                      order.orderNumber ?? t(`statuses.${order.status}`),
                    ),
                  ),
                  h('td', {}, order.serviceName),
                  h('td', {}, t(`statuses.${order.status}`)),
                  h('td', { class: 'number' }, money(order.quote.grossCents)),
                  h('td', {}, date(order.confirmedAt ?? order.requestedAt)),
                ),
              ),
            ),
          ),
        );
  render(main, h('h1', {}, t('myOrders')), table);
}

// ---- the order: cart, order form, confirmation ----
const editing = new Set(); // orders the customer went back to modify ("Modifica il tuo ordine")

async function orderPage(main, orderId) {
  const order = await api.get(`/me/orders/${orderId}`);
  const service = await api.get(`/me/services/${order.serviceId}`);
  const title = t(order.kind === 'REACTIVATE' ? 'reactivationOf' : 'renewalOf', { name: order.serviceName });
  const refresh = () => orderPage(main, orderId);
  if (order.status === 'CART' || (order.status === 'CHECKOUT' && editing.has(orderId)))
    return render(main, h('h1', {}, title), cartView(order, refresh));
  if (order.status === 'CHECKOUT')
    return render(main, h('h1', {}, title), orderForm(order, service, refresh));
  if (order.status === 'CONFIRMED')
    return render(main, h('h1', {}, t('confirmedTitle')), confirmation(order, refresh));
  return render(
    main,
    h('h1', {}, title),
    h('p', { class: 'status' }, `${t('status')}: ${t(`statuses.${order.status}`)}`),
    order.orderNumber ? h('p', {}, `${t('orderNumber')}: `, h('strong', {}, order.orderNumber)) : null,
    order.status === 'PAID' ? h('p', {}, t('paidTitle')) : null,
    order.cancelReason ? h('p', {}, `${t('reason')}: ${order.cancelReason}`) : null,
    totals(order.quote),
    h('p', {}, h('a', { href: '#/services' }, t('back'))),
  );
}

function totals(quote) {
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
          `${line.description}${line.quantity > 1 ? ` × ${line.quantity}` : ''} (${line.years === 1 ? t('year') : t('years', { n: line.years })})`,
        ),
        h('dd', { class: 'number' }, money(line.amountCents)),
      ]),
      h('dt', {}, t('net')),
      h('dd', { class: 'number', 'data-total': 'net' }, money(quote.netCents)),
      quote.discounts.map((d) => [
        h('dt', {}, `${t('discount')}: ${d.description}`),
        h('dd', { class: 'number' }, `− ${money(d.amountCents)}`),
      ]),
      h('dt', {}, t('vat')),
      h('dd', { class: 'number', 'data-total': 'vat' }, money(quote.vatCents)),
      h('dt', { class: 'grand' }, t('total')),
      h('dd', { class: 'number grand', 'data-total': 'gross' }, money(quote.grossCents)),
    ),
  );
}

function cartView(order, refresh) {
  const base = `/me/orders/${order.orderId}`;
  const storageError = errorSlot('storage-error');
  const usersError = errorSlot('users-error');
  const nsoError = errorSlot('nso-error');
  const codeError = errorSlot('code-error');
  const proceedError = errorSlot('proceed-error');
  const fields = { packs: storageError, extraUsers: usersError, enabled: nsoError, code: codeError };
  const change = (slot, call) => act(slot, async () => (await call(), refresh()), fields);
  const codeInput = h('input', {
    id: 'agreement-code',
    name: 'code',
    autocomplete: 'off',
    'aria-describedby': 'code-error',
    value: order.agreementCode ?? '',
  });
  return h(
    'div',
    { class: 'cart' },
    h('p', {}, t('cartIntro')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'cart-heading' },
      h('h2', { id: 'cart-heading' }, t('cart')),
      h(
        'div',
        { class: 'row' },
        h('span', { id: 'storage-label' }, `${t('storage')}: +${order.cart.storagePacks} GB`),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-describedby': 'storage-error',
            onclick: () => change(storageError, () => api.post(`${base}/cart/storage`, { packs: 1 })),
          },
          t('storageUp'),
        ),
      ),
      storageError,
      h(
        'div',
        { class: 'row' },
        h('span', { id: 'users-count' }, `${t('extraUsers')}: ${order.cart.extraUsers}`),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-describedby': 'users-error',
            onclick: () =>
              change(usersError, () =>
                api.put(`${base}/cart/extra-users`, { extraUsers: order.cart.extraUsers - 1 }),
              ),
          },
          t('usersDown'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              change(usersError, () =>
                api.put(`${base}/cart/extra-users`, { extraUsers: order.cart.extraUsers + 1 }),
              ),
          },
          t('usersUp'),
        ),
      ),
      order.minExtraUsers > 0 ? h('p', { class: 'muted' }, t('usersMin', { n: order.minExtraUsers })) : null,
      usersError,
      h(
        'div',
        { class: 'row' },
        h('span', {}, `${t('nso')}: ${order.cart.nso ? t('active') : t('notActive')}`),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              change(nsoError, () => api.put(`${base}/cart/nso-module`, { enabled: !order.cart.nso })),
          },
          order.cart.nso ? t('nsoDeactivate') : t('nsoBuy'),
        ),
      ),
      nsoError,
      h(
        'form',
        {
          class: 'row',
          onsubmit: (event) => {
            event.preventDefault();
            const code = codeInput.value.trim();
            change(codeError, () =>
              code
                ? api.put(`${base}/cart/agreement-code`, { code })
                : api.delete(`${base}/cart/agreement-code`),
            );
          },
        },
        h('label', { for: 'agreement-code' }, t('agreementCode')),
        codeInput,
        h('button', { type: 'submit' }, t('apply')),
        order.agreementCode
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => change(codeError, () => api.delete(`${base}/cart/agreement-code`)),
              },
              t('remove'),
            )
          : null,
      ),
      codeError,
      order.agreementCode
        ? h('p', { class: 'ok', role: 'status' }, t('codeApplied', { code: order.agreementCode }))
        : null,
    ),
    totals(order.quote),
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: () =>
          act(proceedError, async () => {
            if (order.status === 'CART') await api.post(`${base}/checkout`);
            editing.delete(order.orderId);
            await refresh();
          }),
      },
      t('proceed'),
    ),
    proceedError,
  );
}

function orderForm(order, service, refresh) {
  const base = `/me/orders/${order.orderId}`;
  const methodError = errorSlot('method-error');
  const termError = errorSlot('term-error');
  const autoError = errorSlot('auto-renew-error');
  const consentErrors = Object.fromEntries(
    Object.keys(catalog.consentDocuments).map((type) => [type, errorSlot(`consent-error-${type}`)]),
  );
  const confirmError = errorSlot('confirm-error');
  const fields = {
    method: methodError,
    paymentMethod: methodError,
    years: termError,
    enabled: autoError,
    ...Object.fromEntries(Object.entries(consentErrors).map(([type, slot]) => [`consents.${type}`, slot])),
  };
  const maxYears = service.promotional ? catalog.terms.maxPromoYears : catalog.terms.maxYears;
  const autoRenewAllowed = ['CREDIT_CARD', 'PAYPAL'].includes(order.paymentMethod);
  const consentLabels = {
    GENERAL_TERMS: 'consentGeneral',
    ONEROUS_CLAUSES: 'consentOnerous',
    PRIVACY_NOTICE: 'consentPrivacy',
  };
  const form = h(
    'form',
    {
      class: 'order-form',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const consents = Object.fromEntries(
          Object.entries(catalog.consentDocuments)
            .filter(([type]) => data.get(`consent-${type}`))
            .map(([type, doc]) => [type, doc.version]),
        );
        act(
          confirmError,
          async () => {
            await api.post(`${base}/confirmation`, { consents });
            await refresh();
          },
          fields,
        );
      },
    },
    h(
      'fieldset',
      { 'aria-describedby': 'method-error' },
      h('legend', {}, t('paymentMethod')),
      catalog.paymentMethods.map(({ method, registrationTime }) => {
        const id = `method-${method}`;
        return h(
          'div',
          { class: 'choice' },
          h('input', {
            type: 'radio',
            id,
            name: 'method',
            value: method,
            checked: order.paymentMethod === method,
            onchange: () =>
              act(
                methodError,
                async () => (await api.put(`${base}/payment-method`, { method }), refresh()),
                fields,
              ),
          }),
          h(
            'label',
            { for: id },
            `${t(`methods.${method}`)} (${t('registration', { time: registrationTime })})`,
          ),
        );
      }),
      order.paymentWarnings.map((warning) => h('p', { class: 'warning', role: 'status' }, warning.message)),
      methodError,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'term' }, t('term')),
      h(
        'select',
        {
          id: 'term',
          name: 'years',
          'aria-describedby': service.promotional ? 'term-hint term-error' : 'term-error',
          onchange: (event) =>
            act(
              termError,
              async () => (await api.put(`${base}/term`, { years: Number(event.target.value) }), refresh()),
              fields,
            ),
        },
        Array.from({ length: maxYears }, (_, i) => i + 1).map((n) =>
          h('option', { value: n, selected: order.years === n }, n === 1 ? t('year') : t('years', { n })),
        ),
      ),
      service.promotional ? h('p', { id: 'term-hint', class: 'muted' }, t('termHintPromo')) : null,
      termError,
    ),
    h(
      'div',
      { class: 'choice' },
      h('input', {
        type: 'checkbox',
        id: 'auto-renew',
        checked: order.autoRenew,
        disabled: !autoRenewAllowed && !order.autoRenew,
        'aria-describedby': 'auto-renew-error',
        onchange: (event) =>
          act(
            autoError,
            async () => (await api.put(`${base}/auto-renew`, { enabled: event.target.checked }), refresh()),
            fields,
          ),
      }),
      h('label', { for: 'auto-renew' }, t('autoRenewChoice')),
    ),
    autoError,
    totals(order.quote),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          editing.add(order.orderId);
          refresh();
        },
      },
      t('modifyOrder'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('consents')),
      Object.entries(catalog.consentDocuments).map(([type, doc]) => {
        const id = `consent-${type}`;
        return h(
          'div',
          { class: 'choice' },
          h('input', {
            type: 'checkbox',
            id,
            name: id,
            value: doc.version,
            'aria-describedby': `consent-error-${type}`,
          }),
          h(
            'label',
            { for: id },
            `${t(consentLabels[type])} (`,
            h(
              'a',
              { href: doc.url, target: '_blank', rel: 'noopener' },
              t('documentVersion', { title: doc.title, version: doc.version }),
            ),
            ')',
          ),
          consentErrors[type],
        );
      }),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('confirm')),
    confirmError,
  );
  return h('div', {}, h('h2', {}, t('orderForm')), form);
}

function confirmation(order, refresh) {
  const pay = order.paymentInstructions;
  const slot = errorSlot('cancel-error');
  return h(
    'div',
    { class: 'confirmation' },
    order.chargeDeclined
      ? h('p', { class: 'warning' }, t('declined', { reason: order.chargeDeclined.reason }))
      : null,
    h(
      'p',
      { class: 'order-number' },
      `${t('orderNumber')}: `,
      h('strong', { 'data-order-number': order.orderNumber }, order.orderNumber),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'pay-heading' },
      h('h2', { id: 'pay-heading' }, t('howToPay')),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('paymentMethod')),
        h('dd', {}, t(`methods.${pay.method}`)),
        h('dt', {}, t('amount')),
        h('dd', {}, money(pay.amountCents)),
        h('dt', {}, t('reference')),
        h('dd', {}, pay.reference),
      ),
      h(
        'ol',
        {},
        pay.steps.map((step) => h('li', {}, step)),
      ),
      h('p', {}, t('payBy', { date: date(order.payBy) })),
      h('p', { class: 'muted' }, t('emailSent')),
    ),
    totals(order.quote),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () =>
          act(slot, async () => (await api.post(`/me/orders/${order.orderId}/cancellation`, {}), refresh())),
      },
      t('cancelOrder'),
    ),
    slot,
    h('p', {}, h('a', { href: '#/services' }, t('back'))),
  );
}
