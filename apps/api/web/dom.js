// @ts-check
// A small element builder: h('button', { type: 'button', onclick }, 'text', child, ...).

/** @typedef {Node | string | number | null | undefined | false | readonly unknown[]} Child (arrays nest) */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function')
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (name === 'class') element.className = String(value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of /** @type {Child[]} */ (children.flat(Infinity))) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let ids = 0;
/** @param {string} prefix */
export const uid = (prefix) => `${prefix}-${++ids}`;

/** An error shown next to what it concerns, announced to screen readers. @param {string} id */
export function errorSlot(id) {
  return h('p', { id, class: 'error', role: 'alert', hidden: true });
}

/** @param {HTMLElement | undefined} slot @param {string | null} message */
export function showError(slot, message) {
  if (!slot) return;
  slot.textContent = message ?? '';
  slot.hidden = !message;
}

/**
 * Replaces the page's content after a change on the same page: the focus stays on the control it was on
 * (the one with the same id in the new content) and the page does not scroll.
 * @param {HTMLElement} main
 * @param {...Child} content
 */
export function update(main, ...content) {
  const focused = document.activeElement?.id;
  const { scrollX, scrollY } = window;
  main.replaceChildren(...present(content));
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  window.scrollTo(scrollX, scrollY);
}

/** @param {Child[]} content */
const present = (content) =>
  /** @type {(Node | string)[]} */ (
    content.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
  );

/**
 * Replaces the page's main content and moves the focus to its heading (for keyboard and screen-reader users).
 * @param {HTMLElement} main
 * @param {...Child} content
 */
export function render(main, ...content) {
  main.replaceChildren(...present(content));
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
    document.title = `${heading.textContent} - ${document.body.dataset.title ?? ''}`;
  }
}
