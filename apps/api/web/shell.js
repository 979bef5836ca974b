// @ts-check
// What every page shares: the header (navigation, language, logout), the login form, and acting on the API.
import { errorText, language, setLanguage, t } from './i18n.js';
import { h, showError } from './dom.js';
import { ApiError } from './api.js';

/** @typedef {import('./api.js').Api} Api */

/**
 * Header with navigation, language switch and logout; `main` is where pages render.
 * @param {{ titleKey: string, nav: [string, string][], api: Api, onLogout: () => void,
 *   rerender: () => unknown }} options
 */
export function shell({ titleKey, nav, api, onLogout, rerender }) {
  document.body.dataset.title = t(titleKey);
  document.documentElement.lang = language();
  const select = h(
    'select',
    {
      id: 'language',
      onchange: (/** @type {Event} */ event) => {
        setLanguage(/** @type {HTMLSelectElement} */ (event.target).value);
        rerender();
      },
    },
    h('option', { value: 'it', selected: language() === 'it' }, 'Italiano'),
    h('option', { value: 'en', selected: language() === 'en' }, 'English'),
  );
  const user = api.session?.user;
  const header = h(
    'header',
    { class: 'top' },
    h('a', { class: 'skip', href: '#main' }, t('skip')),
    h('p', { class: 'brand' }, t(titleKey)),
    user
      ? h(
          'nav',
          { 'aria-label': t(titleKey) },
          h(
            'ul',
            {},
            nav.map(([href, key]) =>
              h(
                'li',
                {},
                h('a', { href, 'aria-current': location.hash === href ? 'page' : undefined }, t(key)),
              ),
            ),
          ),
        )
      : null,
    h(
      'div',
      { class: 'tools' },
      h('label', { for: 'language' }, t('language')),
      select,
      user
        ? h('span', { class: 'muted' }, t('loggedInAs', { name: user.displayName ?? user.username }))
        : null,
      user ? h('button', { type: 'button', class: 'secondary', onclick: onLogout }, t('logout')) : null,
    ),
  );
  const main = h('main', { id: 'main', tabindex: '-1' });
  document.body.replaceChildren(header, main);
  return main;
}

/**
 * Runs an API call from a control; a refusal is shown next to the field it names, or next to the control.
 * @template T
 * @param {HTMLElement} slot
 * @param {() => Promise<T>} call
 * @param {Record<string, HTMLElement>} [fieldSlots]
 * @returns {Promise<T | undefined>}
 */
export async function act(slot, call, fieldSlots = {}) {
  Object.values(fieldSlots).forEach((s) => showError(s, null));
  showError(slot, null);
  try {
    return await call();
  } catch (error) {
    const field = error instanceof ApiError ? error.field : null;
    const target = (field && fieldSlots[field]) || slot;
    showError(target, errorText(error));
    return undefined;
  }
}

/**
 * @param {HTMLElement} main
 * @param {{ api: Api, titleKey: string, onDone: (session: import('./api.js').Session) => unknown }} options
 */
export function loginPage(main, { api, titleKey, onDone }) {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', hidden: true });
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const data = new FormData(form);
        const session = await act(error, () =>
          api.login(String(data.get('username')), String(data.get('password'))),
        );
        if (session) onDone(session);
      },
    },
    h('h1', {}, t(titleKey)),
    h('label', { for: 'username' }, t('username')),
    h('input', { id: 'username', name: 'username', type: 'email', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, t('password')),
    h('input', {
      id: 'password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    error,
    h('button', { type: 'submit' }, t('login')),
  );
  main.replaceChildren(form);
  document.title = `${t(titleKey)}`;
  form.querySelector('input')?.focus();
}
