import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { DURABLE_DB, DurableDb } from '@app/platform';
import { DEMO_PASSWORD, demoServiceId } from '../apps/api/src/demo-data';
import { RenewalScheduler } from '@app/renewals';
import {
  Api,
  confirmOrder,
  eventually,
  forEachEngine,
  renewAndConfirm,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';
import { deleteReadModels, readModels } from './support/read-models';

const USERS = ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it', 'backoffice@demo.it'];

/**
 * Read models are disposable: deleting them and restarting rebuilds the same views from the log alone,
 * keeps every login, sends no email again, and still sends once the one that was waiting.
 */
forEachEngine('read models deleted and rebuilt (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let luca: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, luca, backOffice] = await Promise.all(USERS.map((u) => t.login(u)));
  });
  afterEach(() => t.close());

  it('rebuilds the same read models, keeps the logins, re-sends nothing and sends the pending email once', async () => {
    // A renewal paid, a reactivation confirmed, reminders and charges from a scheduler run.
    const studio = (await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201))
      .body;
    const paid = await confirmOrder(t, mario, studio.orderId);
    await backOffice
      .post('/back-office/payments', {
        orderNumber: paid.orderNumber,
        amountCents: paid.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-REBUILD-1',
      })
      .expect(200);
    const ditta = (await giulia.post(`/me/services/${demoServiceId('bianchi-ditta')}/renewal`).expect(201))
      .body;
    await confirmOrder(t, giulia, ditta.orderId, 'POSTAL_SLIP');
    await t.app.get(RenewalScheduler).tick();
    await t.settle();
    await eventually(async () => {
      const pending = await t.app
        .get<DurableDb>(DURABLE_DB)
        .withTables<{ outbox: { status: string } }>()
        .selectFrom('outbox')
        .select('status')
        .where('status', '!=', 'SENT')
        .execute();
      expect(pending).toEqual([]);
    }, 10_000);
    // One email waits: the mail server refuses it for now.
    t.smtp.refusing = true;
    const promo = (await luca.post(`/me/services/${demoServiceId('verdi-promo')}/renewal`).expect(201)).body;
    await confirmOrder(t, luca, promo.orderId, 'BANK_TRANSFER');
    await t.settle();
    const outbox = () =>
      t.app
        .get<DurableDb>(DURABLE_DB)
        .withTables<{ outbox: { id: string; status: string; attempts: number } }>()
        .selectFrom('outbox')
        .selectAll()
        .execute();
    await eventually(async () => {
      const waiting = (await outbox()).filter((row) => row.status === 'PENDING');
      expect(waiting).toHaveLength(1);
      expect(waiting[0].attempts).toBeGreaterThan(0);
    }, 10_000);
    const sentBefore = t.smtp.messages.length;
    expect(sentBefore).toBeGreaterThan(4);
    const before = await readModels(t);
    expect(before.accounts).toHaveLength(USERS.length);

    await t.stopApp();
    await deleteReadModels(t);
    t.smtp.refusing = false;
    await t.restart();
    await t.settle();

    expect(await readModels(t)).toEqual(before);
    for (const username of USERS)
      await t.http().post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    await eventually(
      async () => expect((await outbox()).every((row) => row.status === 'SENT')).toBe(true),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.smtp.messages).toHaveLength(sentBefore + 1);
    expect(
      t.smtp.to('luca.verdi@demo.it').filter((m) => m.subject?.startsWith('Conferma ordine')),
    ).toHaveLength(1);
    const ids = t.smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends an email claimed by a process killed mid-send again within seconds of the restart, with its Message-ID', async () => {
    const durable = () =>
      t.app.get<DurableDb>(DURABLE_DB).withTables<{ outbox: { id: string; status: string } }>();
    await renewAndConfirm(t, mario, 'rossi-studio'); // its confirmation email
    const row = await eventually(async () => {
      const [sent] = await durable()
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'SENT')
        .limit(1)
        .execute();
      expect(sent).toBeDefined();
      return sent;
    }, 10_000);
    // As a kill -9 between the claim and the mark leaves it: claimed, maybe sent, never marked.
    await durable().updateTable('outbox').set({ status: 'SENDING' }).where('id', '=', row.id).execute();
    const before = t.smtp.messages.length;
    await t.stopApp();
    await t.restart();
    const restartedAt = Date.now();
    await eventually(async () => {
      const [again] = await durable()
        .selectFrom('outbox')
        .select('status')
        .where('id', '=', row.id)
        .execute();
      expect(again.status).toBe('SENT');
    }, 10_000);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    await eventually(() => expect(t.smtp.messages).toHaveLength(before + 1));
    const resent = t.smtp.messages.at(-1)!;
    expect(resent.messageId).toBe(`<${row.id}@renewals.local>`);
  });
});
