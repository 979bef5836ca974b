// @ts-check
// "Annulla l'ordine": asks first (a modal dialog; Escape or "No" keeps the order), then cancels.
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { attempt, confirmFirst } from '../shell.js';

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
  return h(
    'button',
    {
      type: 'button',
      id,
      class: 'secondary',
      onclick: async (/** @type {Event} */ event) => {
        const control = event.currentTarget;
        const sure = await confirmFirst({
          title: t('cancelTitle'),
          text: t('cancelText'),
          confirm: t('cancelYes'),
          cancel: t('cancelNo'),
        });
        if (!sure) return;
        await after(
          await attempt(slot, () => api.post(`/me/orders/${orderId}/cancellation`, {}), { control }),
        );
      },
    },
    t('cancelOrder'),
  );
}
