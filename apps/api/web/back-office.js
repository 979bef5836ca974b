// @ts-check
// The back office: a hash router over the dashboard, payments, refunds and the audit trail.
import { createApi } from './api.js';
import { errorText, loadWords, t } from './i18n.js';
import { h, render } from './dom.js';
import { loginPage, shell } from './shell.js';
import { destroyCharts } from './back-office/widgets.js';
import { dashboardPage } from './back-office/dashboard.js';
import { paymentsPage } from './back-office/payments.js';
import { invoicesPage } from './back-office/invoices.js';
import { refundsPage } from './back-office/refunds.js';
import { auditPage } from './back-office/audit.js';
import { orderPage, ordersPage } from './back-office/orders.js';
import { operationsPage } from './back-office/operations.js';

const api = createApi('back-office-session', () => route());
const words = loadWords();
words.catch(() => undefined); // a failure is shown by the page that needs the words
const NAV = /** @type {[string, string][]} */ ([
  ['#/dashboard', 'dashboard'],
  ['#/orders', 'ordersNav'],
  ['#/payments', 'payments'],
  ['#/refunds', 'refunds'],
  ['#/invoices', 'invoices.nav'],
  ['#/audit', 'audit'],
  ['#/operations', 'operations'],
]);

window.addEventListener('hashchange', () => route());
route();

async function route() {
  destroyCharts();
  const main = shell({ titleKey: 'backOfficeTitle', nav: NAV, api, onLogout, rerender: route });
  if (!api.session || api.session.user?.role !== 'back-office') {
    loginPage(main, {
      api,
      titleKey: 'loginBackOffice',
      // A link into the area (from an email, say) leads where it pointed once logged in.
      onDone: () => (location.hash.length > 2 ? route() : (location.hash = '#/dashboard')),
    });
    return;
  }
  // #/page/part/part?query: the parts and the query come from links (a search, an order, a date range).
  const [path, search = ''] = (location.hash || '#/dashboard').slice(1).split('?');
  const [, page, first, second] = path.split('/').map((part) => decodeURIComponent(part ?? ''));
  const params = new URLSearchParams(search);
  try {
    await words;
    if (page === 'payments') await paymentsPage(main, api, null, params.get('per'));
    else if (page === 'refunds') await refundsPage(main, api);
    else if (page === 'invoices') await invoicesPage(main, api, params.get('status'));
    else if (page === 'audit') await auditPage(main, api, { kind: first || 'orders', subject: second ?? '' });
    else if (page === 'orders' && first) await orderPage(main, api, first);
    else if (page === 'orders') await ordersPage(main, api, params.get('q') ?? '');
    else if (page === 'operations') await operationsPage(main, api);
    else await dashboardPage(main, api, params);
  } catch (error) {
    render(
      main,
      h('h1', {}, t('backOfficeTitle')),
      h('p', { class: 'error', role: 'alert' }, errorText(error)),
    );
  }
}

function onLogout() {
  api.logout();
  route();
}
