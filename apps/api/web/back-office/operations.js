// @ts-check
// Operations: where each projection and process stands in the log (position, events behind, lag), and
// the events a projection kept failing on, parked: each with its error, "Riprova" (apply it now) and
// "Salta" (leave it out), with a reason kept beside the decision.
import { dateTime, integer, t } from '../i18n.js';
import { errorSlot, h, render } from '../dom.js';
import { attempt } from '../shell.js';
import { table } from './widgets.js';

/** @typedef {import('../types.js').ProjectionStatus} ProjectionStatus */
/** @typedef {import('../types.js').ParkedEvent} ParkedEvent */

/**
 * @param {HTMLElement} main
 * @param {import('../api.js').Api} api
 * @param {string | null} [notice]
 */
export async function operationsPage(main, api, notice = null) {
  /** @type {[{ items: ProjectionStatus[] }, { items: ParkedEvent[] }]} */
  const [projections, parked] = await Promise.all([
    api.get('/back-office/operations/projections'),
    api.get('/back-office/operations/parked-events'),
  ]);
  const waiting = parked.items.filter((p) => p.state === 'parked');
  const decided = parked.items.filter((p) => p.state !== 'parked');
  render(
    main,
    h('h1', {}, t('operations')),
    h('p', {}, t('operationsIntro')),
    notice ? h('p', { class: 'ok', role: 'status' }, notice) : null,
    table(
      t('projectionLag'),
      [t('projection'), t('projectionKind'), t('position'), t('behind'), t('lag')],
      projections.items.map((p) => [
        p.name,
        t(`projectionKinds.${p.kind}`),
        integer(p.position),
        integer(p.behind),
        // Lag is measured where the projection runs (p99 of the last events it applied); elsewhere, none.
        p.lagMs?.p99 == null ? '-' : `${integer(p.lagMs.p99)} ms`,
      ]),
    ),
    h('h2', {}, t('parkedEvents')),
    h('p', {}, t('parkedIntro')),
    waiting.length === 0
      ? h('p', {}, t('noParkedEvents'))
      : h(
          'ul',
          { class: 'cards' },
          waiting.map((event) => parkedCard(event, main, api)),
        ),
    decided.length === 0
      ? null
      : table(
          t('parkedDecided'),
          [
            t('projection'),
            t('position'),
            t('eventType'),
            t('parkedState'),
            t('actedBy'),
            t('actedAt'),
            t('reasonLabel'),
          ],
          decided.map((p) => [
            p.projection,
            integer(p.position),
            p.eventType,
            t(`parkedStates.${p.state}`),
            p.actedBy ?? '-',
            p.actedAt ? dateTime(p.actedAt) : '-',
            p.reason ?? '-',
          ]),
        ),
  );
}

/** @param {ParkedEvent} event @param {HTMLElement} main @param {import('../api.js').Api} api */
function parkedCard(event, main, api) {
  const id = `${event.projection}-${event.position}`;
  const error = errorSlot(`parked-error-${id}`);
  const reason = h('input', {
    id: `parked-reason-${id}`,
    name: 'reason',
    maxlength: 500,
    autocomplete: 'off',
  });
  const retry = h('button', { type: 'button', class: 'primary' }, t('retryParked'));
  const skip = h('button', { type: 'button' }, t('skipParked'));
  /** @param {'retry' | 'skip'} action @param {HTMLButtonElement} control */
  const act = async (action, control) => {
    const text = String(reason.value).trim();
    const outcome = await attempt(
      error,
      () =>
        api.post(
          `/back-office/operations/parked-events/${encodeURIComponent(event.projection)}/${event.position}/${action}`,
          text ? { reason: text } : {},
        ),
      { fields: { reason: error }, control },
    );
    if (outcome.ok)
      await operationsPage(
        main,
        api,
        t(action === 'retry' ? 'parkedRetried' : 'parkedSkipped', {
          position: String(event.position),
          projection: event.projection,
        }),
      );
  };
  retry.addEventListener('click', () => act('retry', /** @type {HTMLButtonElement} */ (retry)));
  skip.addEventListener('click', () => act('skip', /** @type {HTMLButtonElement} */ (skip)));
  return h(
    'li',
    { class: 'card warning-card', 'aria-labelledby': `parked-${id}` },
    h(
      'h3',
      { id: `parked-${id}` },
      t('parkedTitle', {
        type: event.eventType,
        position: integer(event.position),
        projection: event.projection,
      }),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('parkedSince')),
      h('dd', {}, dateTime(event.parkedAt)),
      h('dt', {}, t('parkedAttempts')),
      h('dd', {}, integer(event.attempts)),
      h('dt', {}, t('parkedError')),
      h('dd', {}, h('code', {}, event.error.split('\n')[0])),
    ),
    h(
      'div',
      { class: 'row' },
      h('label', { for: `parked-reason-${id}` }, t('reasonLabel')),
      reason,
      retry,
      skip,
    ),
    error,
  );
}
