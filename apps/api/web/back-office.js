import { createApi } from './api.js';
import { dateTime, errorText, money, percent, t } from './i18n.js';
import { errorSlot, h, render } from './dom.js';
import { act, loginPage, shell } from './shell.js';

const api = createApi('back-office-session', () => route());
const NAV = [
  ['#/dashboard', 'dashboard'],
  ['#/payments', 'payments'],
  ['#/refunds', 'refunds'],
  ['#/audit', 'audit'],
];
const charts = [];

window.addEventListener('hashchange', () => route());
route();

async function route() {
  charts.splice(0).forEach((chart) => chart.destroy());
  const main = shell({ titleKey: 'backOfficeTitle', nav: NAV, api, onLogout, rerender: route });
  if (!api.session || api.session.user?.role !== 'back-office') {
    loginPage(main, {
      api,
      titleKey: 'loginBackOffice',
      onDone: () => (location.hash === '#/dashboard' ? route() : (location.hash = '#/dashboard')),
    });
    return;
  }
  const [, page] = (location.hash || '#/dashboard').split('/');
  try {
    if (page === 'payments') await paymentsPage(main);
    else if (page === 'refunds') await refundsPage(main);
    else if (page === 'audit') await auditPage(main);
    else await dashboardPage(main);
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

function table(caption, headers, rows) {
  if (rows.length === 0) return h('p', {}, t('noRows'));
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            row.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

/** A chart drawn by Chart.js, described for screen readers, with its numbers in a table beside it. */
function chart(id, title, type, labels, values, format = String) {
  const canvas = h('canvas', {
    id,
    role: 'img',
    'aria-label': `${title}: ${labels.map((l, i) => `${l} ${format(values[i])}`).join(', ') || t('noRows')}`,
  });
  const section = h(
    'section',
    { class: 'card chart', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('div', { class: 'canvas' }, canvas),
    h(
      'details',
      {},
      h('summary', {}, t('chartTable')),
      table(
        title,
        [t('day'), t('value')],
        labels.map((l, i) => [l, format(values[i])]),
      ),
    ),
  );
  queueMicrotask(() =>
    charts.push(
      new Chart(canvas, {
        type,
        data: {
          labels,
          datasets: [
            {
              label: title,
              data: values,
              backgroundColor: ['#1d4ed8', '#0f766e', '#b45309', '#7e22ce', '#be123c', '#334155'],
            },
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: type === 'doughnut' } },
        },
      }),
    ),
  );
  return section;
}

async function dashboardPage(main) {
  const [figures, awaiting] = await Promise.all([
    api.get('/back-office/dashboard'),
    api.get('/back-office/payments/awaiting?offline=true'),
  ]);
  const euros = (value) => money(Math.round(value * 100)); // the charts plot euros
  const statuses = Object.entries(figures.ordersByStatus);
  const f = figures.funnel;
  const ageBuckets = [
    ['0-1', (d) => d <= 1],
    ['2-5', (d) => d >= 2 && d <= 5],
    ['6-10', (d) => d >= 6 && d <= 10],
    ['> 10', (d) => d > 10],
  ];
  render(
    main,
    h('h1', {}, t('dashboard')),
    h(
      'p',
      {},
      t('conversion', { p: percent(f.conversionPercent.overall) }),
      ' · ',
      t('autoRenewals', figures.autoRenewals),
    ),
    h(
      'div',
      { class: 'grid' },
      chart(
        'revenue-day',
        t('revenueByDay'),
        'bar',
        figures.revenueByDay.map((r) => r.day),
        figures.revenueByDay.map((r) => r.grossCents / 100),
        euros,
      ),
      chart(
        'revenue-method',
        t('revenueByMethod'),
        'doughnut',
        figures.revenueByMethod.map((r) => t(`methods.${r.method}`)),
        figures.revenueByMethod.map((r) => r.grossCents / 100),
        euros,
      ),
      chart(
        'orders-status',
        t('ordersByStatus'),
        'bar',
        statuses.map(([s]) => t(`statuses.${s}`)),
        statuses.map(([, n]) => n),
      ),
      chart(
        'funnel',
        t('funnel'),
        'bar',
        [t('statuses.CART'), t('statuses.CHECKOUT'), t('statuses.CONFIRMED'), t('statuses.PAID')],
        [f.requested, f.checkedOut, f.confirmed, f.paid],
      ),
      chart(
        'offline-age',
        t('offlineByAge'),
        'bar',
        ageBuckets.map(([label]) => label),
        ageBuckets.map(([, inBucket]) => awaiting.filter((p) => inBucket(p.ageWorkingDays)).length),
      ),
      chart(
        'projection-lag',
        t('projectionLag'),
        'bar',
        figures.projections.map((p) => p.name),
        figures.projections.map((p) => p.behind),
      ),
    ),
  );
}

async function paymentsPage(main) {
  const awaiting = await api.get('/back-office/payments/awaiting?offline=true');
  const fieldErrors = {
    orderNumber: errorSlot('orderNumber-error'),
    amountCents: errorSlot('amount-error'),
    method: errorSlot('pm-error'),
    transactionId: errorSlot('transaction-error'),
  };
  const formError = errorSlot('register-error');
  const result = h('p', { class: 'ok', role: 'status' });
  const field = (id, label, input, slot) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), input, slot);
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event) => {
        event.preventDefault();
        result.textContent = '';
        const data = new FormData(form);
        const outcome = await act(
          formError,
          () =>
            api.post('/back-office/payments', {
              orderNumber: String(data.get('orderNumber')).trim(),
              amountCents: Math.round(Number(String(data.get('amount')).replace(',', '.')) * 100),
              method: String(data.get('method')),
              transactionId: String(data.get('transactionId')).trim(),
            }),
          fieldErrors,
        );
        if (!outcome) return;
        result.textContent =
          outcome.outcome === 'REGISTERED'
            ? t('registered', { number: outcome.orderNumber ?? data.get('orderNumber') })
            : outcome.outcome === 'ALREADY_REGISTERED'
              ? t('alreadyRegistered')
              : t('refundDue', { reason: outcome.refundReason });
      },
    },
    h('h2', {}, t('registerPayment')),
    field(
      'orderNumber',
      t('orderNumber'),
      h('input', {
        id: 'orderNumber',
        name: 'orderNumber',
        required: true,
        'aria-describedby': 'orderNumber-error',
      }),
      fieldErrors.orderNumber,
    ),
    field(
      'amount',
      t('amountEuro'),
      h('input', {
        id: 'amount',
        name: 'amount',
        inputmode: 'decimal',
        required: true,
        'aria-describedby': 'amount-error',
      }),
      fieldErrors.amountCents,
    ),
    field(
      'method',
      t('paymentMethod'),
      h(
        'select',
        { id: 'method', name: 'method' },
        ['BANK_TRANSFER', 'PREFILLED_SLIP', 'POSTAL_SLIP', 'CREDIT_CARD', 'PAYPAL'].map((m) =>
          h('option', { value: m }, t(`methods.${m}`)),
        ),
      ),
      fieldErrors.method,
    ),
    field(
      'transactionId',
      t('transactionId'),
      h('input', {
        id: 'transactionId',
        name: 'transactionId',
        required: true,
        'aria-describedby': 'transaction-error',
      }),
      fieldErrors.transactionId,
    ),
    h('button', { type: 'submit', class: 'primary' }, t('register')),
    formError,
    result,
  );
  render(
    main,
    h('h1', {}, t('payments')),
    form,
    h('h2', {}, t('awaiting')),
    table(
      t('awaiting'),
      [t('orderNumber'), t('paymentMethod'), t('amount'), t('age'), t('status')],
      awaiting.map((p) => [
        p.orderNumber,
        t(`methods.${p.paymentMethod}`),
        money(p.amountCents),
        String(p.ageWorkingDays),
        p.late ? t('late') : t('onTime'),
      ]),
    ),
  );
}

async function refundsPage(main) {
  const refunds = await api.get('/back-office/refunds');
  render(
    main,
    h('h1', {}, t('refunds')),
    table(
      t('refunds'),
      [t('orderNumber'), t('transactionId'), t('amount'), t('paymentMethod'), t('reason'), t('date')],
      refunds.map((r) => [
        r.orderNumber,
        r.transactionId,
        money(r.amountCents),
        t(`methods.${r.method}`),
        r.reason,
        dateTime(r.registeredAt),
      ]),
    ),
  );
}

async function auditPage(main) {
  const output = h('div', { id: 'audit-output', 'aria-live': 'polite' });
  const formError = errorSlot('audit-error');
  const query = () => {
    const data = new FormData(form);
    const asOf = String(data.get('asOf') ?? '');
    const params = new URLSearchParams();
    if (asOf) params.set('asOf', new Date(asOf).toISOString());
    return { path: `/audit/${data.get('kind')}/${String(data.get('subject')).trim()}`, params };
  };
  const download = async (format) => {
    const { path, params } = query();
    params.set('format', format);
    const response = await act(formError, () => api.download(`${path}?${params}`));
    if (!response) return;
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `audit.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  };
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event) => {
        event.preventDefault();
        const { path, params } = query();
        const report = await act(formError, () => api.get(`${path}?${params}`), { asOf: formError });
        if (!report) return;
        output.replaceChildren(
          h('h2', {}, t('history')),
          h(
            'ol',
            { class: 'timeline' },
            report.history.map((e) =>
              h(
                'li',
                {},
                h('strong', {}, e.type),
                ` · ${dateTime(e.recordedAt)} · ${e.actor?.type ?? ''} ${e.actor?.id ?? ''} · ${e.command ?? ''}`,
                h('br'),
                h(
                  'small',
                  {},
                  `correlation ${e.correlationId ?? '-'} · causation ${e.causationId ?? '-'} · #${e.position}`,
                ),
              ),
            ),
          ),
          h('h2', {}, t('stateAsOf')),
          h('pre', { tabindex: '0', 'aria-label': t('stateAsOf') }, JSON.stringify(report.state, null, 2)),
        );
      },
    },
    h('h2', {}, t('auditTitle')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'kind' }, t('subjectKind')),
      h(
        'select',
        { id: 'kind', name: 'kind' },
        ['orders', 'services', 'customers'].map((k) => h('option', { value: k }, t(`kinds.${k}`))),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'subject' }, t('subjectId')),
      h('input', { id: 'subject', name: 'subject', required: true, autocomplete: 'off' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'asOf' }, t('asOf')),
      h('input', { id: 'asOf', name: 'asOf', type: 'datetime-local', step: '1' }),
    ),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit', class: 'primary' }, t('show')),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => form.reportValidity() && download('jsonl') },
        t('exportJsonl'),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => form.reportValidity() && download('csv') },
        t('exportCsv'),
      ),
    ),
    formError,
  );
  render(main, h('h1', {}, t('audit')), form, output);
}
