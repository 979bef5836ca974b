// @ts-check
// The cart: storage, extra users, the NSO module and an agreement code, with the totals beside them.
import { t } from '../i18n.js';
import { errorSlot, h } from '../dom.js';
import { askFirstButton, attempt } from '../shell.js';
import { totals } from './totals.js';

/** @typedef {import('../types.js').Order} Order */
/** @typedef {import('../types.js').CustomerContext} CustomerContext */

/**
 * The agreement code being typed, by order: the cart is drawn again after every change (and after a
 * refusal), and what the person typed meanwhile must not be lost. Forgotten once a code is applied or
 * removed, so that the field then shows the server's.
 * @type {Map<string, string>}
 */
const typedCodes = new Map();

/**
 * @param {Order} order
 * @param {CustomerContext} context
 * @param {{ refresh: import('./order.js').Refresh, doneEditing: () => void }} flow
 */
export function cartView(order, { api, catalog }, { refresh, doneEditing }) {
  const base = `/me/orders/${order.orderId}`;
  const storageError = errorSlot('storage-error');
  const usersError = errorSlot('users-error');
  const nsoError = errorSlot('nso-error');
  const codeError = errorSlot('code-error');
  const proceedError = errorSlot('proceed-error');
  const discardError = errorSlot('discard-error');
  const fields = {
    packs: storageError,
    storagePacks: storageError,
    extraUsers: usersError,
    enabled: nsoError,
    code: codeError,
  };
  /**
   * A change, then the cart as the server has it (refused or not), the refusal next to its field.
   * @param {HTMLElement} slot @param {() => Promise<unknown>} call @param {Event} event
   */
  const change = async (slot, call, event) => {
    const outcome = await attempt(slot, call, { fields, control: event.currentTarget });
    if (outcome.ok && slot === codeError) typedCodes.delete(order.orderId);
    await refresh(outcome.ok ? null : outcome);
  };
  const codeInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'agreement-code',
      name: 'code',
      autocomplete: 'off',
      'aria-describedby': 'code-error',
      value: typedCodes.get(order.orderId) ?? order.agreementCode ?? '',
      oninput: (/** @type {Event} */ event) =>
        typedCodes.set(order.orderId, /** @type {HTMLInputElement} */ (event.target).value),
    })
  );
  const setExtraUsers = (/** @type {number} */ extraUsers, /** @type {Event} */ event) =>
    change(usersError, () => api.put(`${base}/cart/extra-users`, { extraUsers }), event);
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
        h(
          'span',
          { id: 'storage-label' },
          t('storageInCart', {
            gb: String(order.cart.storagePacks),
            added: String(order.cart.storagePacks - order.minStoragePacks),
          }),
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'storage-down',
            class: 'secondary',
            disabled: order.cart.storagePacks <= order.minStoragePacks,
            'aria-describedby': 'storage-error',
            onclick: (/** @type {Event} */ event) =>
              change(
                storageError,
                () => api.put(`${base}/cart/storage`, { storagePacks: order.cart.storagePacks - 1 }),
                event,
              ),
          },
          t('storageDown'),
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'storage-up',
            class: 'secondary',
            'aria-describedby': 'storage-error',
            onclick: (/** @type {Event} */ event) =>
              change(storageError, () => api.post(`${base}/cart/storage`, { packs: 1 }), event),
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
            id: 'users-down',
            class: 'secondary',
            'aria-describedby': 'users-error',
            onclick: (/** @type {Event} */ event) => setExtraUsers(order.cart.extraUsers - 1, event),
          },
          t('usersDown'),
        ),
        h(
          'button',
          {
            type: 'button',
            id: 'users-up',
            class: 'secondary',
            onclick: (/** @type {Event} */ event) => setExtraUsers(order.cart.extraUsers + 1, event),
          },
          t('usersUp'),
        ),
      ),
      order.minExtraUsers > 0
        ? h('p', { class: 'muted' }, t('usersMin', { n: String(order.minExtraUsers) }))
        : null,
      usersError,
      h(
        'div',
        { class: 'row' },
        h('span', {}, `${t('nso')}: ${order.cart.nso ? t('active') : t('notActive')}`),
        h(
          'button',
          {
            type: 'button',
            id: 'nso-toggle',
            class: 'secondary',
            onclick: (/** @type {Event} */ event) =>
              change(nsoError, () => api.put(`${base}/cart/nso-module`, { enabled: !order.cart.nso }), event),
          },
          order.cart.nso ? t('nsoDeactivate') : t('nsoBuy'),
        ),
      ),
      nsoError,
      h(
        'form',
        {
          class: 'row',
          onsubmit: (/** @type {SubmitEvent} */ event) => {
            event.preventDefault();
            const code = codeInput.value.trim();
            const submit = /** @type {HTMLFormElement} */ (event.currentTarget).querySelector(
              '[type=submit]',
            );
            change(
              codeError,
              () =>
                code
                  ? api.put(`${base}/cart/agreement-code`, { code })
                  : api.delete(`${base}/cart/agreement-code`),
              /** @type {Event} */ ({ currentTarget: submit }),
            );
          },
        },
        h('label', { for: 'agreement-code' }, t('agreementCode')),
        codeInput,
        h('button', { type: 'submit', id: 'apply-code' }, t('apply')),
        order.agreementCode
          ? h(
              'button',
              {
                type: 'button',
                id: 'remove-code',
                class: 'secondary',
                onclick: (/** @type {Event} */ event) =>
                  change(codeError, () => api.delete(`${base}/cart/agreement-code`), event),
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
    totals(order, catalog),
    h(
      'button',
      {
        type: 'button',
        id: 'proceed',
        class: 'primary',
        onclick: async (/** @type {Event} */ event) => {
          const outcome = await attempt(
            proceedError,
            async () => {
              if (order.status === 'CART') await api.post(`${base}/checkout`);
              doneEditing();
            },
            { control: event.currentTarget },
          );
          await refresh(outcome.ok ? null : outcome);
        },
      },
      t('proceed'),
    ),
    proceedError,
    h(
      'p',
      {},
      askFirstButton({
        id: 'discard-cart',
        className: 'danger',
        label: t('discardCart'),
        words: 'discard',
        slot: discardError,
        call: () => api.post(`${base}/cancellation`, {}),
        after: async (outcome) => {
          if (outcome.ok) {
            doneEditing();
            location.hash = '#/services';
          } else await refresh(outcome);
        },
      }),
    ),
    discardError,
  );
}
