import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Projections, Startup } from '@app/platform';
import { serviceStream } from '@app/renewals';
import { DEMO_BACK_OFFICE, DEMO_PASSWORD, seedDemoData } from '../apps/api/src/demo-data';
import { eventually, forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

/** Liveness says the process serves; readiness says whether it can answer right: store, read models, lag. */
forEachEngine('liveness and readiness (e2e)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, env: { READINESS_MAX_BEHIND: '0' } });
  });
  afterEach(() => t.close());

  it('is live and ready when the store and the read models answer and the projections are at the head', async () => {
    expect((await t.http().get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
    const ready = (await t.http().get('/health/ready').expect(200)).body;
    expect(ready).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up', headPosition: expect.any(Number) },
        readModels: { status: 'up' },
        projections: { status: 'up', maxBehind: 0 },
      },
    });
  });

  it('stays live but is not ready, with the reason, while a projection cannot reach the head', async () => {
    // An event no projection can apply (a service with none of its facts): the runner retries it.
    await t.app.get<EventStore>(EVENT_STORE).append(
      serviceStream(randomUUID()),
      [
        {
          id: randomUUID(),
          type: 'ServiceActivated',
          data: { serviceId: null },
          metadata: {
            commandId: randomUUID(),
            correlationId: 'health',
            causationId: null,
            actor: { type: 'system', id: 'health' },
          },
        },
      ],
      'no_stream',
    );
    const notReady = await eventually(async () => {
      const response = await t.http().get('/health/ready');
      expect(response.status).toBe(503);
      return response;
    });
    expect(notReady.headers['content-type']).toContain('application/problem+json');
    expect(notReady.body).toMatchObject({ status: 503, code: 'NOT_READY' });
    expect(notReady.body.detail).toMatch(/projections: .* is 1 events behind \(at most 0\)/);
    expect(notReady.body.checks.error.projections.behind.length).toBeGreaterThan(0);
    await t.http().get('/health/live').expect(200);
  });

  it('is not ready while the demo data is being seeded, and says so', async () => {
    let seeded!: () => void;
    const seeding = t.app
      .get(Startup)
      .during('seeding the demo data', new Promise<void>((resolve) => (seeded = resolve)));
    const notReady = await t.http().get('/health/ready').expect(503);
    expect(notReady.body.detail).toContain('process: starting (seeding the demo data)');
    await t.http().get('/health/live').expect(200);
    seeded();
    await seeding;
    await t.http().get('/health/ready').expect(200);
  });
});

forEachEngine('demo data seeding (e2e)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, seed: false });
  });
  afterEach(() => t.close());

  it('has put the demo logins and services in the read models when it returns: the last account logs in at once', async () => {
    expect(await seedDemoData(t.app)).toBe(true);
    // No waiting: every read model holds the last event seeded (the back office's account) already.
    const projections = t.app.get(Projections);
    const statuses = await projections.status();
    expect(
      statuses.filter((p) => projections.rebuildable.includes(p.name) && p.behind > 0).map((p) => p.name),
    ).toEqual([]);
    await t
      .http()
      .post('/auth/login')
      .send({ username: DEMO_BACK_OFFICE.username, password: DEMO_PASSWORD })
      .expect(200);
    const mario = await t.login('mario.rossi@demo.it');
    expect((await mario.get('/me/services').expect(200)).body.length).toBeGreaterThan(0);
  });
});
