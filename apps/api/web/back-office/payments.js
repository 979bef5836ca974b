// @ts-check
// Registering an offline payment (bank transfer, slip) by order number, and the payments still awaited.
import { money, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { act } from '../shell.js';
import { table } from './widgets.js';
import { orderLinks } from './orders.js';

/** @typedef {import('../types.js').AwaitingPayment} AwaitingPayment */
/** @typedef {import('../types.js').PaymentRegistration} PaymentRegistration */

/** @param {string} id @param {string} label @param {Node} input @param {Node} slot */
const field = (id, label, input, slot) =>
  h('div', { class: 'field' }, h('label', { for: id }, label), input, slot);

/**
 * @param {HTMLElement} main
 * @param {import('../api.js').Api} api
 * @param {{ kind: 'ok' | 'warning', text: string } | null} [notice] what the last registration did
 * @param {string | null} [per] how many awaited payments a page shows (from the address; the API's default)
 */
export async function paymentsPage(main, api, notice = null, per = null) {
  const size = per && /^\d{1,3}$/.test(per) ? `&limit=${per}` : '';
  /** @type {[{ items: AwaitingPayment[], total: number, next: string | null }, import('../types.js').Catalog]} */
  const [first, catalog] = await Promise.all([
    api.page(`/back-office/payments/awaiting?offline=true${size}`),
    api.get('/catalog'),
  ]);
  // Offline methods first: they are what the back office registers by hand.
  const methods = [...catalog.paymentMethods].sort((a, b) => Number(a.online) - Number(b.online));
  const fieldErrors = {
    orderNumber: errorSlot('orderNumber-error'),
    amountCents: errorSlot('amount-error'),
    method: errorSlot('pm-error'),
    transactionId: errorSlot('transaction-error'),
  };
  const formError = errorSlot('register-error');
  const result = h(
    'p',
    { role: 'status', class: notice?.kind ?? '', id: 'register-result' },
    notice?.text ?? '',
  );
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      {
        class: 'card',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          result.textContent = '';
          const data = new FormData(form);
          /** @type {PaymentRegistration | undefined} */
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
          const number = outcome.orderNumber ?? String(data.get('orderNumber'));
          // The lists are drawn again from the server: a paid order leaves the awaited payments.
          await paymentsPage(
            main,
            api,
            outcome.outcome === 'REFUND_DUE'
              ? {
                  kind: 'warning',
                  text: t('refundDue', {
                    number,
                    reason: t(`refundReasons.${outcome.refundReason ?? 'ORDER_CANCELLED'}`),
                  }),
                }
              : {
                  kind: 'ok',
                  text:
                    outcome.outcome === 'REGISTERED' ? t('registered', { number }) : t('alreadyRegistered'),
                },
            per,
          );
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
          methods.map(({ method }) => h('option', { value: method }, t(`methods.${method}`))),
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
    )
  );
  render(main, h('h1', {}, t('payments')), form, h('h2', {}, t('awaiting')), awaitingList(api, first));
}

/**
 * The payments awaited, oldest first, a page at a time: "show more" appends the next page and says how
 * many of how many are shown.
 * @param {import('../api.js').Api} api
 * @param {{ items: AwaitingPayment[], total: number, next: string | null }} first
 */
function awaitingList(api, first) {
  const shown = [...first.items];
  let next = first.next;
  const holder = h('div', { id: 'awaiting-list' });
  const error = errorSlot('awaiting-more-error');
  const draw = () => {
    const more = next
      ? h(
          'button',
          {
            type: 'button',
            id: 'awaiting-more',
            onclick: async (/** @type {MouseEvent} */ event) => {
              const button = /** @type {HTMLButtonElement} */ (event.currentTarget);
              button.disabled = true;
              const page = await act(error, () => api.page(/** @type {string} */ (next)));
              if (!page) {
                button.disabled = false;
                return;
              }
              shown.push(...page.items);
              next = page.next;
              draw();
              /** @type {HTMLElement | null} */ (holder.querySelector('#awaiting-more'))?.focus();
            },
          },
          t('showMore'),
        )
      : null;
    render(
      holder,
      table(
        t('awaiting'),
        [t('orderNumber'), t('paymentMethod'), t('amount'), t('age'), t('status')],
        shown.map((p) => [
          orderLinks(p.orderId, p.orderNumber),
          t(`methods.${p.paymentMethod}`),
          money(p.amountCents),
          String(p.ageWorkingDays),
          p.late ? t('late') : t('onTime'),
        ]),
      ),
      shown.length > 0
        ? h(
            'p',
            { role: 'status', id: 'awaiting-count' },
            t('shownOf', { shown: String(shown.length), total: String(first.total) }),
          )
        : null,
      more,
      error,
    );
  };
  draw();
  return holder;
}
