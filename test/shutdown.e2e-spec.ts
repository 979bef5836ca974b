import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Shutdown } from '@app/platform';
import { stopGracefully } from '../apps/api/src/create-app';
import { Api, TestApp, eventually, startTestApp } from './support/test-app';

/**
 * A stop as an orchestrator makes it (SIGTERM runs stopGracefully): readiness turns 503, new requests
 * get problem details, and a request already in flight finishes before anything it needs is closed.
 */
describe('stopping (e2e)', () => {
  let t: TestApp;
  let mario: Api;

  beforeAll(async () => {
    t = await startTestApp();
    mario = await t.login('mario.rossi@demo.it');
  });
  afterAll(() => t.close());

  it('answers new requests 503 with problem details while the ones in flight finish, then closes', async () => {
    const shutdown = t.app.get(Shutdown);
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    const finished: string[] = [];
    // In flight: a read that waits for a position the customer area never reaches (its 5 s limit).
    const slow = mario
      .get('/me/services', head + 1_000)
      .then((response) => (finished.push('slow request'), response));
    await eventually(() => expect(shutdown.requestsInFlight).toBe(1));

    const stopping = stopGracefully(t.app, 'SIGTERM').then((drained) => (finished.push('stopped'), drained));

    const refused = await mario.get('/me/services');
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers.connection).toBe('close');
    expect(refused.body).toMatchObject({
      status: 503,
      code: 'SHUTTING_DOWN',
      title: 'Service Unavailable',
      instance: '/me/services',
    });
    expect(refused.body.detail).toContain('stopping (SIGTERM)');
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.detail).toContain('process: stopping (SIGTERM)');
    expect((await t.http().get('/health/live')).status).toBe(200);

    // The request in flight had its own answer (the customer area's, not a 500 from a closed database),
    // and only then did the stop close the application.
    const answer = await slow;
    expect(answer.status).toBe(503);
    expect(answer.body.code).not.toBe('SHUTTING_DOWN');
    expect(answer.body.detail).toContain('has not caught up yet');
    expect(await stopping).toBe(true);
    expect(finished).toEqual(['slow request', 'stopped']);
  }, 30_000);
});
