// @ts-check
// Operations: where each projection and process stands in the log (position, events behind, lag).
import { integer, t } from '../i18n.js';
import { h, render } from '../dom.js';
import { table } from './widgets.js';

/** @typedef {import('../types.js').Dashboard} Dashboard */

/** @param {HTMLElement} main @param {import('../api.js').Api} api */
export async function operationsPage(main, api) {
  /** @type {Dashboard} */
  const figures = await api.get('/back-office/dashboard');
  render(
    main,
    h('h1', {}, t('operations')),
    h('p', {}, t('operationsIntro')),
    table(
      t('projectionLag'),
      [t('projection'), t('projectionKind'), t('position'), t('behind'), t('lag')],
      figures.projections.map((p) => [
        p.name,
        t(`projectionKinds.${p.kind}`),
        integer(p.position),
        integer(p.behind),
        p.lagMs === null ? '-' : `${integer(p.lagMs)} ms`,
      ]),
    ),
  );
}
