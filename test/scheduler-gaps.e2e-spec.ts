import { afterEach, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore, StoredEvent } from '@app/event-store';
import { RenewalScheduler } from '@app/renewals';
import { demoServiceId } from '../apps/api/src/demo-data';
import { OutboxSender } from '@app/notifier';
import { confirmOrder, eventually, forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The notices: sent or skipped, they are the same milestone of the same expiry. */
const MILESTONE_OF: Record<string, string> = {
  ExpiryReminderDue: 'ExpiryReminder',
  ExpiryReminderSkipped: 'ExpiryReminder',
  ServiceDeletionWarningDue: 'ServiceDeletionWarning',
  ServiceDeletionWarningSkipped: 'ServiceDeletionWarning',
};

/**
 * What happened, as facts: every event of every stream in stream order, with its data, except what says
 * whether a notice went out (a notice overtaken after a long gap is skipped, on time it is sent).
 */
function facts(events: StoredEvent[]): string[] {
  return events
    .filter((event) => !event.streamId.startsWith('account')) // the demo logins: registered at the wall clock
    .map((event) => {
      const {
        daysLeft: _left,
        notify: _notify,
        overtakenBy: _by,
        ...data
      } = event.data as Record<string, unknown>;
      return `${event.streamId}#${String(event.revision).padStart(3, '0')} ${MILESTONE_OF[event.type] ?? event.type} ${JSON.stringify(data)}`;
    })
    .sort();
}

/**
 * The scheduler's outcome does not depend on how long it was away: a run after a gap of 1 second, 1 day,
 * 70 days or 400 days records the same facts, in the same order per stream, with the same times, as
 * running it every minute over the same span. Demo data: auto-renew services with an approved and a
 * declined card, services expiring soon, expired, past their grace, and an order confirmed and unpaid.
 */
forEachEngine('the scheduler over gaps (e2e)', (engine) => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  const start = async (): Promise<TestApp> => {
    const t = await startTestApp({ now: TEST_NOW, engine, env: { SCHEDULER_INTERVAL_MS: '86400000' } });
    apps.push(t);
    const mario = await t.login('mario.rossi@demo.it');
    const opened = await mario
      .post(
        `/me/services/${demoServiceId('rossi-studio')}/renewal`,
        {},
        { 'idempotency-key': 'gap-open-000001' },
      )
      .expect(201);
    await confirmOrder(t, mario, opened.body.orderId, 'BANK_TRANSFER');
    await t.settle();
    return t;
  };
  const log = async (t: TestApp) => facts(await t.app.get<EventStore>(EVENT_STORE).readAll(0, 100_000));

  /** One jump over the gap, then as many runs as it takes to find nothing due. */
  const jump = async (gapMs: number) => {
    const t = await start();
    const scheduler = t.app.get(RenewalScheduler);
    t.clock.set(new Date(TEST_NOW.getTime() + gapMs));
    while ((await scheduler.tick()).services > 0) await t.settle();
    await t.settle();
    return t;
  };

  /** A run at the start and every minute of the gap, waiting for the projections after each that did something. */
  const everyMinute = async (gapMs: number) => {
    const t = await start();
    const scheduler = t.app.get(RenewalScheduler);
    for (let elapsed = 0; elapsed <= gapMs; elapsed += MINUTE) {
      t.clock.set(new Date(TEST_NOW.getTime() + elapsed));
      if ((await scheduler.tick()).services > 0) await t.settle();
    }
    await t.settle();
    return t;
  };

  describe.each([
    ['1 second', 1_000],
    ['1 day', DAY],
    ['70 days', 70 * DAY],
    ['400 days', 400 * DAY],
  ])('after a gap of %s', (_name, gapMs) => {
    it('records the same facts as running every minute', async () => {
      const once = await jump(gapMs);
      const minutely = await everyMinute(gapMs);
      expect(await log(once)).toEqual(await log(minutely));
    }, 120_000);
  });

  it('charges an auto-renew service before its expiry after a 70-day gap, and sends no stale notice', async () => {
    const t = await jump(70 * DAY);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const consulting = await store.readStream(`service-${demoServiceId('verdi-auto')}`);
    // Charged 7 days before its expiry (TEST_NOW + 60 days): renewed, never expired, never reactivated.
    expect(consulting.map((e) => e.type)).toContain('ServiceRenewed');
    expect(consulting.map((e) => e.type)).not.toContain('ServiceExpired');
    expect(consulting.find((e) => e.type === 'RenewalOrderOpened')!.data).toMatchObject({
      kind: 'RENEW',
      origin: 'AUTO_RENEW',
    });
    // The 30-day reminder came due, then the 7-day one and the charge: only facts that are still true are sent.
    expect(consulting.filter((e) => e.type === 'ExpiryReminderDue')).toHaveLength(0);
    await t.app.get(OutboxSender).drain();
    await eventually(() =>
      expect(
        t.smtp
          .to('luca.verdi@demo.it')
          .filter((m) => m.text?.includes('FE Verdi Consulting'))
          .map((m) => m.subject),
      ).toEqual([expect.stringMatching(/^Servizio rinnovato/)]),
    );
    // A service 120 days past its expiry at the start got nothing at all: it was already gone.
    expect(t.smtp.to('giulia.bianchi@demo.it').filter((m) => m.subject?.includes('vecchio'))).toEqual([]);
  }, 120_000);
});
