// @ts-check
// Tables and charts of the back office; every chart has its numbers in a table for screen readers.
import { t } from '../i18n.js';
import { h } from '../dom.js';

/** @type {{ destroy(): void }[]} */
const charts = [];

/** Charts hold canvases and listeners: a page change lets them go. */
export function destroyCharts() {
  charts.splice(0).forEach((chart) => chart.destroy());
}

/** @param {string} caption @param {string[]} headers @param {(string | Node)[][]} rows */
export function table(caption, headers, rows) {
  if (rows.length === 0) return h('p', {}, t('noRows'));
  return h(
    'div',
    { class: 'scroll' },
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
 * A chart drawn by Chart.js, described for screen readers, with its numbers in a table beside it.
 * @param {string} id
 * @param {string} title
 * @param {'bar' | 'doughnut'} type
 * @param {string[]} labels
 * @param {number[]} values
 * @param {(value: number) => string} [format]
 */
export function chart(id, title, type, labels, values, format = String) {
  const canvas = /** @type {HTMLCanvasElement} */ (
    h('canvas', {
      id,
      role: 'img',
      'aria-label': `${title}: ${labels.map((l, i) => `${l} ${format(values[i])}`).join(', ') || t('noRows')}`,
    })
  );
  const section = h(
    'section',
    { class: 'card chart', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('div', { class: 'canvas' }, canvas),
    h(
      'details',
      {},
      h('summary', {}, t('chartTable')),
      table(
        title,
        [t('day'), t('value')],
        labels.map((l, i) => [l, format(values[i])]),
      ),
    ),
  );
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
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: type === 'doughnut' } },
        },
      }),
    ),
  );
  return section;
}
