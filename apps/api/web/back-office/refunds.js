// @ts-check
// Payments that arrived for orders that could no longer take them, and so are owed back.
import { dateTime, money, t } from '../i18n.js';
import { h, render } from '../dom.js';
import { table } from './widgets.js';

/** @typedef {import('../types.js').Refund} Refund */

/** @param {HTMLElement} main @param {import('../api.js').Api} api */
export async function refundsPage(main, api) {
  /** @type {Refund[]} */
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
        t(`refundReasons.${r.reason}`),
        dateTime(r.registeredAt),
      ]),
    ),
  );
}
