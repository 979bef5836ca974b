// @ts-check
// The customer area: a hash router over three pages (services, orders, one order).
import { createApi } from './api.js';
import { errorText, loadWords, t } from './i18n.js';
import { h, render } from './dom.js';
import { loginPage, shell } from './shell.js';
import { servicesPage } from './customer/services.js';
import { ordersPage } from './customer/orders.js';
import { orderPage } from './customer/order.js';
import { payPage } from './customer/pay.js';
import { autoRenewPage } from './customer/auto-renew.js';
import { invoicesPage } from './customer/invoices.js';

/** @typedef {import('./types.js').Catalog} Catalog */

const api = createApi('customer-session', () => route());
const words = loadWords();
words.catch(() => undefined); // a failure is shown by the page that needs the words
/** @type {Catalog | null} */
let catalog = null;

const NAV = /** @type {[string, string][]} */ ([
  ['#/services', 'myServices'],
  ['#/orders', 'myOrders'],
  ['#/invoices', 'invoices.mine'],
]);

window.addEventListener('hashchange', () => route());
route();

async function route() {
  const main = shell({ titleKey: 'appTitle', nav: NAV, api, onLogout, rerender: route });
  if (!api.session || api.session.user?.role !== 'customer') {
    loginPage(main, {
      api,
      titleKey: 'loginTitle',
      // A link into the area (from an email, say) leads where it pointed once logged in.
      onDone: () => (location.hash.length > 2 ? route() : (location.hash = '#/services')),
    });
    return;
  }
  const [, page, id, part] = (location.hash || '#/services').split('/');
  try {
    await words;
    catalog ??= /** @type {Catalog} */ (await api.get('/catalog'));
    const context = { api, catalog, route };
    if (page === 'orders' && id && part === 'pay') await payPage(main, id, context);
    else if (page === 'services' && id && part === 'auto-renew') await autoRenewPage(main, id, context);
    else if (page === 'services' && id && part === 'renew') await renewFromLink(id);
    else if (page === 'orders' && id) await orderPage(main, id, context);
    else if (page === 'orders') await ordersPage(main, context);
    else if (page === 'invoices') await invoicesPage(main, context);
    else await servicesPage(main, context);
  } catch (error) {
    render(main, h('h1', {}, t('appTitle')), h('p', { class: 'error', role: 'alert' }, errorText(error)));
  }
}

/**
 * The link in a reminder: the service's open order if it has one, else a new renewal (or reactivation)
 * opened now; a service that cannot be renewed shows the services page, which says why.
 * @param {string} serviceId
 */
async function renewFromLink(serviceId) {
  /** @type {import('./types.js').Service} */
  const service = await api.get(`/me/services/${serviceId}`);
  if (service.openOrder) {
    location.replace(`#/orders/${service.openOrder.orderId}`);
    return;
  }
  if (service.action !== 'RENEW' && service.action !== 'REACTIVATE') {
    location.replace('#/services');
    return;
  }
  /** @type {import('./types.js').Order} */
  const order = await api.post(`/me/services/${serviceId}/renewal`);
  location.replace(`#/orders/${order.orderId}`);
}

function onLogout() {
  api.logout();
  location.hash = '#/services';
  route();
}
