import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { PrometheusFamily } from 'parse-prometheus-text-format';
import { demoServiceId } from '../apps/api/src/demo-data';
import { parseScrape, Sample } from './support/prometheus';
import { forEachEngine, renewAndConfirm, startTestApp, TEST_NOW, TestApp } from './support/test-app';

/** /metrics as Prometheus scrapes it: parsed by a Prometheus text-format parser, each family checked. */
forEachEngine('Prometheus metrics (e2e)', (engine) => {
  let t: TestApp;
  let families: Map<string, PrometheusFamily>;
  let samples: Sample[];

  const family = (name: string) => {
    const found = families.get(name);
    if (!found) throw new Error(`no ${name} in /metrics: ${[...families.keys()].join(', ')}`);
    return found;
  };
  /** The value of the one sample of `name` with these labels (and maybe others). */
  const value = (name: string, labels: Record<string, string> = {}) => {
    const found = samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
    return found[0].value;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, env: { LOGIN_LIMIT_PER_ACCOUNT: '2/60' } });
    const mario = await t.login('mario.rossi@demo.it');
    await renewAndConfirm(t, mario, 'rossi-studio');
    // Refused by the domain: a second open renewal of the same service.
    await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(422);
    // Refused by the login limit: the third attempt for one account within the window.
    for (let attempt = 0; attempt < 2; attempt++)
      await t
        .http()
        .post('/auth/login')
        .send({ username: 'giulia.bianchi@demo.it', password: 'wrong' })
        .expect(401);
    await t
      .http()
      .post('/auth/login')
      .send({ username: 'giulia.bianchi@demo.it', password: 'wrong' })
      .expect(429);
    await t.settle();
    const scraped = await t.http().get('/metrics').expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    ({ families, samples } = parseScrape(scraped.text));
  });
  afterAll(() => t.close());

  it("has the process's default metrics", () => {
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(family(name).metrics.length).toBeGreaterThan(0);
  });

  it('has HTTP durations by route template and status, never by raw path', () => {
    expect(family('http_request_duration_seconds').type).toBe('HISTOGRAM');
    const route = '/me/services/:serviceId/renewal';
    expect(value('http_request_duration_seconds_count', { method: 'POST', route, status: '201' })).toBe(1);
    expect(value('http_request_duration_seconds_count', { method: 'POST', route, status: '422' })).toBe(1);
    expect(value('http_request_duration_seconds_count', { route: '/auth/login', status: '429' })).toBe(1);
    expect(value('http_request_duration_seconds_bucket', { route, status: '201', le: '+Inf' })).toBe(1);
    expect(samples.some((s) => s.labels.route?.includes(demoServiceId('rossi-studio')))).toBe(false);
  });

  it('has commands by name and outcome, and appends with their latency', () => {
    expect(value('commands_duration_seconds_count', { command: 'RequestRenewal', outcome: 'appended' })).toBe(
      1,
    );
    // The second renewal was refused by the service's decider, with its code as the outcome.
    expect(
      value('commands_duration_seconds_count', { command: 'OpenRenewalOrder', outcome: 'appended' }),
    ).toBe(1);
    const refused = samples.filter(
      (s) =>
        s.name === 'commands_duration_seconds_count' &&
        s.labels.command === 'OpenRenewalOrder' &&
        s.labels.outcome !== 'appended',
    );
    expect(refused.map((s) => [s.labels.outcome, s.value])).toEqual([
      [expect.stringMatching(/^[A-Z_]+$/), 1],
    ]);
    expect(value('commands_duration_seconds_count', { command: 'ConfirmOrder', outcome: 'appended' })).toBe(
      1,
    );
    expect(value('event_store_append_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(4);
    expect(value('event_store_append_duration_seconds_sum', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(value('event_store_appended_events_total')).toBeGreaterThanOrEqual(4);
  });

  it('has every projection and process with its position and how far behind it is', () => {
    const positions = samples.filter((s) => s.name === 'projection_position');
    expect(positions.map((s) => s.labels.name)).toEqual(
      expect.arrayContaining(['customer-area', 'back-office', 'email-notifier']),
    );
    expect(Math.min(...positions.map((s) => s.value))).toBeGreaterThan(0);
    for (const s of samples.filter((s) => s.name === 'projection_events_behind')) expect(s.value).toBe(0);
    expect(family('projection_events_behind').type).toBe('GAUGE');
  });

  it('has the outbox backlog and its oldest age, what the scheduler has due and did, and rate-limit refusals', () => {
    expect(value('outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(value('outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(value('scheduler_services_due')).toBeGreaterThanOrEqual(0);
    expect(family('scheduler_actions_done_total').type).toBe('COUNTER');
    expect(value('rate_limit_refusals_total', { limit: 'login-account' })).toBe(1);
  });
});
