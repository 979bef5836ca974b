import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { EVENT_STORE, EventStore, verifyLog } from '@app/event-store';
import { DURABLE_DB, DurableDb, Projections, RAW_EVENT_STORE } from '@app/platform';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data';
import {
  LEGACY_EVENTS,
  LEGACY_FIXTURE_NOW,
  LEGACY_SENT_EMAILS,
  installLegacyFixture,
} from './support/legacy-fixture';
import { TestApp, forEachEngine, startTestApp } from './support/test-app';

const USERS = ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it', 'backoffice@demo.it'];

/**
 * A data folder (or schema) of the November 2026 layout, where accounts, the outbox and the processes'
 * checkpoints sat with the read models, starts on today's code: the logins are kept, no email is sent
 * again, no command is issued again, and the read models are rebuilt from the old log.
 */
forEachEngine('upgrade from the November 2026 layout (e2e)', (engine) => {
  let t: TestApp;
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const outbox = () =>
    t.app
      .get<DurableDb>(DURABLE_DB)
      .withTables<{ outbox: { status: string } }>()
      .selectFrom('outbox')
      .select('status')
      .execute();

  beforeAll(async () => {
    t = await startTestApp({
      now: LEGACY_FIXTURE_NOW,
      engine,
      seed: false,
      prepare: installLegacyFixture,
    });
  });
  afterAll(() => t.close());

  it('keeps every login, sends nothing again and rebuilds the read models from the old log', async () => {
    for (const username of USERS)
      await t.http().post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    // The accounts became 8 events (a username claim and a registration each); nothing else was appended.
    expect(await store().headPosition()).toBe(LEGACY_EVENTS + 2 * USERS.length);
    // The chain is over the stored bytes (personal fields sealed): verified as `audit:verify` does.
    expect((await verifyLog(t.app.get<EventStore>(RAW_EVENT_STORE))).brokenLink).toBeNull();
    const rows = await outbox();
    expect(rows).toHaveLength(LEGACY_SENT_EMAILS);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.smtp.messages).toHaveLength(0);

    const mario = await t.login('mario.rossi@demo.it');
    const orders = (await mario.get('/me/orders').expect(200)).body as Array<{ status: string }>;
    expect(orders.map((o) => o.status).sort()).toEqual(['CANCELLED', 'PAID']);
    const services = (await mario.get('/me/services').expect(200)).body as Array<{
      name: string;
      expiresAt: string;
    }>;
    expect(services.map((s) => s.name).sort()).toEqual(['FE Rossi S.r.l.', 'FE Studio Rossi']);
    const office = await t.login('backoffice@demo.it');
    expect((await office.get('/back-office/refunds').expect(200)).body).toHaveLength(1);
    if (engine === 'sqlite')
      expect(readdirSync(t.dataDir).some((file) => /^read-models\.legacy-.*\.db$/.test(file))).toBe(true);
  });

  it('moves nothing twice: a second start finds the upgrade done', async () => {
    const head = await store().headPosition();
    await t.stopApp();
    await t.restart();
    await t.settle();
    expect(await store().headPosition()).toBe(head);
    await t.http().post('/auth/login').send({ username: USERS[0], password: DEMO_PASSWORD }).expect(200);
    expect(t.smtp.messages).toHaveLength(0);
    // Today's read models (their accounts table among them) are not taken for the old layout again.
    if (engine === 'sqlite') expect(legacyFiles(t.dataDir)).toHaveLength(1);
  });
});

const legacyFiles = (dir: string) =>
  readdirSync(dir).filter((file) => /^read-models\.legacy-.*\.db$/.test(file));

/**
 * A restart of today's layout resumes every read model from its checkpoint: nothing is set aside and
 * nothing is projected again (on a big log, a rebuild at every start took minutes).
 */
forEachEngine('a restart resumes the read models (e2e)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: LEGACY_FIXTURE_NOW, engine });
  });
  afterAll(() => t.close());

  it('keeps the read models and their checkpoints as they were', async () => {
    const before = await t.app.get(Projections).status();
    await t.stopApp();
    await t.restart();
    const after = await t.app.get(Projections).status(); // before anything could be projected again
    expect(after.map(({ name, position }) => ({ name, position }))).toEqual(
      before.map(({ name, position }) => ({ name, position })),
    );
    if (engine === 'sqlite') expect(legacyFiles(t.dataDir)).toEqual([]);
  });
});
