// @ts-check
// "Annulla l'ordine": asks first (a modal dialog; Escape or "No" keeps the order), then cancels.
import { t } from '../i18n.js';
import { askFirstButton } from '../shell.js';

/**
 * The button that cancels an open order once the customer has said yes; `after` gets the outcome (the
 * refusal is shown in `slot`).
 * @param {import('../api.js').Api} api
 * @param {string} orderId
 * @param {HTMLElement} slot
 * @param {(outcome: import('../shell.js').Outcome<unknown>) => Promise<unknown>} after
 * @param {{ id?: string }} [options]
 */
export function cancelOrderButton(api, orderId, slot, after, { id } = {}) {
  return askFirstButton({
    id,
    className: 'secondary',
    label: t('cancelOrder'),
    words: 'cancel',
    slot,
    call: () => api.post(`/me/orders/${orderId}/cancellation`, {}),
    after,
  });
}
