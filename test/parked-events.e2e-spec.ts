import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { demoServiceId } from '../apps/api/src/demo-data';
import { orderStream } from '../libs/renewals/src/domain/order/order.events';
import { parseScrape } from './support/prometheus';
import { projectionsCli } from './support/projections-cli';
import { Api, TestApp, eventually, forEachEngine, startTestApp } from './support/test-app';

/**
 * An event no projection of this version can read (a type from a newer writer) no longer stops the read
 * models: each projection parks it after its tries and goes on; the back office sees it, with the error,
 * in the API and in /metrics, and skips or retries it.
 */
forEachEngine('parked events (e2e)', (engine) => {
  let t: TestApp;
  let backOffice: Api;
  let mario: Api;
  let poisonPosition = 0;

  beforeAll(async () => {
    t = await startTestApp({ engine });
    [backOffice, mario] = await Promise.all([t.login('backoffice@demo.it'), t.login('mario.rossi@demo.it')]);
    const appended = await t.app.get<EventStore>(EVENT_STORE).append(
      orderStream(randomUUID()),
      [
        {
          id: randomUUID(),
          type: 'CartReshuffled',
          data: { by: 'a newer release' },
          metadata: { correlationId: 'poison-1', causationId: null, schemaVersion: 1 } as never,
        },
      ],
      'no_stream',
    );
    poisonPosition = appended.position;
  }, 120_000);
  afterAll(() => t.close());

  /** The projections that read orders: each parks the event on its own, after its own tries. */
  const READERS = ['back-office', 'customer-area', 'email-notifier', 'scheduler-agenda'];
  const parkedEverywhere = () =>
    eventually(async () => {
      const { body } = await backOffice.get('/back-office/operations/parked-events').expect(200);
      const mine = body.items.filter((p: { position: number }) => p.position === poisonPosition);
      if (mine.length < READERS.length) throw new Error(`parked in ${mine.length} so far`);
      return mine;
    }, 60_000);

  it('parks the event in each projection that reads orders, and the read models go on', async () => {
    const parked = await parkedEverywhere();
    expect(parked.map((p: { projection: string }) => p.projection).sort()).toEqual(READERS);
    for (const p of parked) {
      expect(p.eventType).toBe('CartReshuffled');
      expect(p.attempts).toBeGreaterThanOrEqual(3);
      expect(p.error).toContain('No decoder knows event type CartReshuffled');
    }
    // After it, a renewal is projected as usual.
    const opened = await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201);
    await mario.get(`/me/orders/${opened.body.orderId}`, opened.body.position).expect(200);
    await t.settle();
    const health = await t.http().get('/health').expect(200);
    const backOfficeStatus = health.body.projections.find((p: { name: string }) => p.name === 'back-office');
    expect(backOfficeStatus).toMatchObject({ behind: 0, parked: 1 });

    const scrape = parseScrape((await t.http().get('/metrics').expect(200)).text);
    const gauge = scrape.samples.filter((s) => s.name === 'projection_parked_events');
    expect(gauge).toContainEqual({
      name: 'projection_parked_events',
      labels: { name: 'back-office', kind: 'projection' },
      value: 1,
    });
  }, 90_000);

  it('says where each projection and process stands, with its parked events, to the back office only', async () => {
    // Tests run in any order (jest --randomize): whatever the others did, once the event is parked everywhere
    // (or decided), the counts stay as they are for this test.
    await parkedEverywhere();
    await t.settle();
    type Status = { name: string; kind: string; position: number; behind: number; parked: number };
    const { body } = await backOffice.get('/back-office/operations/projections').expect(200);
    const health = await t.http().get('/health').expect(200);
    // The same projections and processes as /health lists (which the dashboard also answers), projections
    // first, then processes; positions may move between the two answers (a scheduler tick), so not compared.
    const which = ({ name, kind, parked }: Status) => ({ name, kind, parked });
    expect(body.items.map(which)).toEqual(health.body.projections.map(which));
    expect(body.items.map((p: Status) => p.kind)).toEqual(
      [...body.items.map((p: Status) => p.kind)].sort().reverse(),
    );
    for (const p of body.items as Status[]) {
      expect(Number.isInteger(p.position) && p.position > 0).toBe(true);
      expect(Number.isInteger(p.behind) && p.behind >= 0).toBe(true);
    }
    // Each reader's count is its events still parked, as the list of parked events says.
    const parked = (await backOffice.get('/back-office/operations/parked-events').expect(200)).body.items;
    for (const name of READERS)
      expect(body.items.find((p: Status) => p.name === name)).toMatchObject({
        kind: 'projection',
        parked: parked.filter(
          (p: { projection: string; state: string }) => p.projection === name && p.state === 'parked',
        ).length,
      });
    expect(body.items.find((p: Status) => p.name === 'process:invoicing')).toMatchObject({ kind: 'process' });
    await mario.get('/back-office/operations/projections').expect(403);
    await t.http().get('/back-office/operations/projections').expect(401);
  });

  it('skips and retries on request, records who and why, and refuses what makes no sense', async () => {
    await parkedEverywhere();
    const base = `/back-office/operations/parked-events`;
    const skipped = await backOffice
      .post(`${base}/customer-area/${poisonPosition}/skip`, { reason: 'written by a test' })
      .expect(200);
    expect(skipped.body).toMatchObject({
      state: 'skipped',
      reason: 'written by a test',
      actedBy: expect.any(String),
    });
    expect(skipped.body.actedAt).toBeTruthy();

    const again = await backOffice.post(`${base}/customer-area/${poisonPosition}/skip`).expect(409);
    expect(again.body).toMatchObject({ code: 'NOT_PARKED', status: 409 });

    // This version still cannot read it: the retry says so and leaves it parked, one attempt more.
    const retry = await backOffice.post(`${base}/back-office/${poisonPosition}/retry`).expect(409);
    expect(retry.body.code).toBe('RETRY_FAILED');
    expect(retry.body.detail).toContain('It stays parked');
    const { body } = await backOffice.get(base).expect(200);
    expect(
      body.items.find(
        (p: { projection: string; position: number }) =>
          p.projection === 'back-office' && p.position === poisonPosition,
      ),
    ).toMatchObject({ state: 'parked', attempts: 4 });

    const badPosition = await backOffice.post(`${base}/back-office/abc/skip`).expect(400);
    expect(badPosition.body).toMatchObject({ code: 'INVALID_POSITION' });
    expect(JSON.stringify(badPosition.body)).toContain('position');
    expect((await backOffice.post(`${base}/no-such-projection/1/skip`).expect(404)).body.code).toBe(
      'PROJECTION_NOT_FOUND',
    );
    expect(
      (await backOffice.post(`${base}/back-office/${poisonPosition + 100000}/skip`).expect(404)).body.code,
    ).toBe('PARKED_EVENT_NOT_FOUND');
    expect(
      (await backOffice.post(`${base}/back-office/${poisonPosition}/delete`).expect(400)).body.code,
    ).toBe('INVALID_ACTION');
    await mario.get(base).expect(403);
    await mario.post(`${base}/back-office/${poisonPosition}/skip`).expect(403);
  }, 90_000);

  /** `npm run projections -- ...` beside the running server, on its data. */
  const cli = (...args: string[]) => projectionsCli(t, ...args);

  it('npm run projections -- status shows them, and skip acts on one and records it', async () => {
    await parkedEverywhere();
    const status = await cli('status');
    expect(status.code).toBe(1); // something is parked
    expect(status.output).toMatch(/^back-office\s+projection\s+\d+\s+0\s+1$/m);
    expect(status.output).toContain(`back-office @${poisonPosition}  CartReshuffled`);
    expect(status.output).toContain('No decoder knows event type CartReshuffled');

    const skip = await cli('skip', 'email-notifier', String(poisonPosition), 'nothing', 'to', 'send');
    expect(skip.code).toBe(0);
    expect(skip.output).toMatch(
      new RegExp(`email-notifier @${poisonPosition} CartReshuffled: skipped by cli:`),
    );
    const { body } = await backOffice.get('/back-office/operations/parked-events').expect(200);
    expect(
      body.items.find(
        (p: { projection: string; position: number }) =>
          p.projection === 'email-notifier' && p.position === poisonPosition,
      ),
    ).toMatchObject({ state: 'skipped', reason: 'nothing to send', actedBy: expect.stringMatching(/^cli:/) });

    expect((await cli('skip', 'email-notifier', 'x')).code).toBe(2);
    // A rebuild does not swap in a version with a hole: the parked event must be skipped (or fixed) first.
    const rebuild = await cli('rebuild', 'back-office');
    expect(rebuild.code).toBe(1);
    expect(rebuild.output).toContain(`back-office fails on CartReshuffled at position ${poisonPosition}`);
  }, 90_000);
});
