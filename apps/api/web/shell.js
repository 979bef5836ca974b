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
  document.body.replaceChildren(header, main, busyNotice);
  return main;
}

/** "Attendere…" while any request runs (announced politely; shown at the top of the screen). */
const busyNotice = h('p', { id: 'busy', class: 'busy', role: 'status' });
document.addEventListener('api-busy', (event) => {
  const running = /** @type {CustomEvent<number>} */ (event).detail > 0;
  busyNotice.textContent = running ? t('busy') : '';
  busyNotice.classList.toggle('shown', running);
});

/**
 * @typedef {{ ok: true, value: T } | { ok: false, slotId: string, message: string }} Outcome
 * @template T
 */

/**
 * Runs an API call from a control. While it runs the control is disabled and busy (a second click does
 * nothing); a refusal is shown next to the field it names, or next to the control. With `fieldText`,
 * every field the API blames gets its own text next to it (a form checked field by field).
 * @template T
 * @param {HTMLElement} slot
 * @param {() => Promise<T>} call
 * @param {{ fields?: Record<string, HTMLElement>, control?: EventTarget | null,
 *   fieldText?: (field: string) => string }} [options]
 * @returns {Promise<Outcome<T>>}
 */
export async function attempt(slot, call, { fields = {}, control, fieldText } = {}) {
  Object.values(fields).forEach((s) => showError(s, null));
  showError(slot, null);
  const button =
    control instanceof HTMLButtonElement ||
    control instanceof HTMLInputElement ||
    control instanceof HTMLSelectElement
      ? control
      : null;
  // A disabled control loses the focus: it gets it back when it is enabled again.
  const hadFocus = button !== null && document.activeElement === button;
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const message = errorText(error);
    const blamed = (error instanceof ApiError ? error.errors : [])
      .map((e) => e.field)
      .filter((f) => fields[f]);
    if (fieldText && blamed.length > 0) {
      for (const field of blamed) showError(fields[field], fieldText(field));
      return { ok: false, slotId: fields[blamed[0]].id, message };
    }
    const field = error instanceof ApiError ? error.field : null;
    const target = (field && fields[field]) || slot;
    showError(target, message);
    return { ok: false, slotId: target.id, message };
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      if (hadFocus && button.isConnected) button.focus({ preventScroll: true });
    }
  }
}

/**
 * The same, for callers that only need the value (undefined after a refusal, which is shown).
 * @template T
 * @param {HTMLElement} slot
 * @param {() => Promise<T>} call
 * @param {Record<string, HTMLElement>} [fields]
 * @param {EventTarget | null} [control]
 * @returns {Promise<T | undefined>}
 */
export async function act(slot, call, fields = {}, control = null) {
  const outcome = await attempt(slot, call, { fields, control });
  return outcome.ok ? outcome.value : undefined;
}

/**
 * Saves a downloaded file under the name the server gave it (Content-Disposition), else `fallback`.
 * @param {Response} response
 * @param {string} fallback
 */
export async function saveDownload(response, fallback) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback;
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

/**
 * Copies `text` to the clipboard and says so in `status` (announced politely).
 * @param {string} text
 * @param {HTMLElement} status
 */
export async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = t('copied', { text });
  } catch {
    status.textContent = t('copyFailed');
  }
}

/**
 * The button of a step that cannot be undone: it asks first (the dialog's texts are the translations
 * `<words>Title`, `<words>Text`, `<words>Yes` and `<words>No`), then runs `call` with the button disabled
 * while it is in flight (a refusal is shown in `slot`), and hands the outcome to `after`.
 * @template T
 * @param {{ id?: string, className: string, label: string, words: string, slot: HTMLElement,
 *   call: () => Promise<T>, after: (outcome: Outcome<T>) => unknown }} options
 */
export function askFirstButton({ id, className, label, words, slot, call, after }) {
  return h(
    'button',
    {
      type: 'button',
      id,
      class: className,
      onclick: async (/** @type {Event} */ event) => {
        const control = /** @type {HTMLButtonElement} */ (event.currentTarget);
        const sure = await confirmFirst({
          title: t(`${words}Title`),
          text: t(`${words}Text`),
          confirm: t(`${words}Yes`),
          cancel: t(`${words}No`),
        });
        if (!sure) return;
        await after(await attempt(slot, call, { control }));
      },
    },
    label,
  );
}

/**
 * Asks before an action that cannot be undone: a modal dialog, Escape or "No" keeps things as they are.
 * @param {{ title: string, text: string, confirm: string, cancel: string }} words
 * @returns {Promise<boolean>}
 */
function confirmFirst({ title, text, confirm, cancel }) {
  return new Promise((resolve) => {
    const titleId = 'confirm-title';
    const yes = h('button', { type: 'button', class: 'danger', onclick: () => close(true) }, confirm);
    const no = h('button', { type: 'button', class: 'secondary', onclick: () => close(false) }, cancel);
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', {}, text),
      h('div', { class: 'actions' }, no, yes),
    );
    const opener = document.activeElement;
    /** @param {boolean} answer */
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(answer);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
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
