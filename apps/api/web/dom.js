// A small element builder: h('button', { type: 'button', onclick }, 'text', child, ...).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let ids = 0;
export const uid = (prefix) => `${prefix}-${++ids}`;

/** An error shown next to what it concerns, announced to screen readers. */
export function errorSlot(id) {
  return h('p', { id, class: 'error', role: 'alert', hidden: true });
}

export function showError(slot, message) {
  if (!slot) return;
  slot.textContent = message ?? '';
  slot.hidden = !message;
}

/** Replaces the page's main content and moves the focus to its heading (for keyboard and screen-reader users). */
export function render(main, ...content) {
  main.replaceChildren(...content.flat());
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
    document.title = `${heading.textContent} - ${document.body.dataset.title ?? ''}`;
  }
}
