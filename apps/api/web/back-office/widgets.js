// @ts-check
// Tables and charts of the back office; every chart has its numbers in a table for screen readers.
import { integer, locale, money, t } from '../i18n.js';
import { h } from '../dom.js';

/** @type {{ destroy(): void }[]} */
const charts = [];

/** Charts hold canvases and listeners: a page change lets them go. */
export function destroyCharts() {
  charts.splice(0).forEach((chart) => chart.destroy());
}

/** @param {string} caption @param {string[]} headers @param {import('../dom.js').Child[][]} rows */
export function table(caption, headers, rows) {
  if (rows.length === 0) return h('p', {}, t('noRows'));
  // A table wider than the screen scrolls sideways: the region takes the focus, so a keyboard scrolls it too.
  return h(
    'div',
    { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption },
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

/**
 * A chart drawn by Chart.js, described for screen readers, with its numbers in a table beside it (with
 * real column headings). Count axes tick in whole numbers, euro axes in euro; an empty chart says so.
 * @param {{ id: string, title: string, type: 'bar' | 'doughnut', labels: string[], values: number[],
 *   axis: 'count' | 'euro', labelHeading: string, valueHeading: string }} spec
 */
export function chart({ id, title, type, labels, values, axis, labelHeading, valueHeading }) {
  const format =
    axis === 'euro'
      ? (/** @type {number} */ v) => money(Math.round(v * 100))
      : (/** @type {number} */ v) => integer(v);
  const empty = labels.length === 0 || values.every((v) => v === 0);
  const section = h(
    'section',
    { class: 'card chart', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
  );
  if (empty) {
    section.append(h('p', { class: 'empty', id: `${id}-empty` }, t('emptyChart')));
    return section;
  }
  const canvas = /** @type {HTMLCanvasElement} */ (
    h('canvas', {
      id,
      role: 'img',
      'aria-label': `${title}: ${labels.map((l, i) => `${l} ${format(values[i])}`).join(', ')}`,
    })
  );
  section.append(
    h('div', { class: 'canvas' }, canvas),
    h(
      'details',
      {},
      h('summary', {}, t('chartTable')),
      table(
        title,
        [labelHeading, valueHeading],
        labels.map((l, i) => [l, format(values[i])]),
      ),
    ),
  );
  const ticks =
    axis === 'euro'
      ? { callback: (/** @type {number} */ v) => format(v) }
      : { precision: 0, callback: (/** @type {number} */ v) => format(v) };
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
          locale: locale(),
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: type === 'doughnut' },
            tooltip: { callbacks: { label: (/** @type {{ raw: number }} */ item) => format(item.raw) } },
          },
          scales: type === 'bar' ? { y: { beginAtZero: true, ticks } } : undefined,
        },
      }),
    ),
  );
  return section;
}
