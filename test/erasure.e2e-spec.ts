import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, verifyLog } from '@app/event-store';
import { DURABLE_DB, DurableDb, PersonalDataRetention, RAW_EVENT_STORE } from '@app/platform';
import { RenewalScheduler } from '@app/renewals';
import { DEMO_PASSWORD, demoCustomerId, demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  confirmOrder,
  eventually,
  forEachEngine,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';
import { deleteReadModels, readModels } from './support/read-models';

const GIULIA = 'giulia.bianchi@demo.it';
const giuliaId = demoCustomerId(GIULIA);
/** What identifies Giulia: her name, her email, her company's name and Partita IVA, her street. */
const HERS = /giulia|bianchi|11223340016|BNCGLI82M45L219A|corso francia/gi;
/** Where her data shows in a text, with some context (empty: nowhere). */
const traces = (text: string) =>
  [...text.matchAll(HERS)].map((m) => text.slice(Math.max(0, m.index - 80), m.index + 40));

/** Every SQLite file of a data folder (with its WAL), as bytes read as Latin-1. */
const filesOf = (dir: string) =>
  readdirSync(dir)
    .filter((name) => /\.db(-wal)?$/.test(name))
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');

/**
 * Erasure by crypto-shredding (decisions.md #34), end to end: a customer whose services have ended is
 * erased from the back office; their name is then nowhere in the read models (rebuilt at once, and again
 * from nothing after they are deleted), the audit trail, the durable state or the stored log; they can no
 * longer log in; their invoice is still whole for the back office, and every hash chain still verifies.
 */
forEachEngine('erasure of a customer’s personal data (e2e)', (engine) => {
  let t: TestApp;
  let giulia: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [giulia, backOffice] = await Promise.all([GIULIA, 'backoffice@demo.it'].map((u) => t.login(u)));
  });
  afterEach(() => t.close());

  const erase = (reason = 'Richiesta via PEC del 2 dicembre 2026') =>
    backOffice.post(`/back-office/customers/${giuliaId}/erasure`, { reason });
  const durableState = async () => {
    const db = t.app.get<DurableDb>(DURABLE_DB).withTables<Record<string, Record<string, unknown>>>();
    const dump: Record<string, unknown[]> = {};
    for (const table of ['notifier_services', 'notifier_customers', 'outbox', 'idempotency_keys'])
      dump[table] = await db.selectFrom(table).selectAll().execute();
    return JSON.stringify(dump);
  };
  const storedLog = async () =>
    JSON.stringify(await t.app.get<EventStore>(RAW_EVENT_STORE).readAll(0, 100_000));

  it('erases a customer whose services ended: nowhere in read models, audit, durable state or log; their invoice intact', async () => {
    // Giulia reactivates her service and pays: an invoice with her name and Partita IVA.
    const opened = (await giulia.post(`/me/services/${demoServiceId('bianchi-ditta')}/renewal`).expect(201))
      .body;
    const confirmed = await confirmOrder(t, giulia, opened.orderId);
    await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-ERASURE-1',
      })
      .expect(200);
    const [invoice] = await eventually(async () => {
      const { body } = await giulia.get('/me/invoices').expect(200);
      expect(body).toHaveLength(1);
      expect(body[0].status).toBe('DELIVERED');
      return body;
    });
    const xml = (await backOffice.get(`/back-office/invoices/${invoice.invoiceId}/xml`).expect(200)).text;
    expect(xml).toContain('Ditta Bianchi di Giulia Bianchi');
    await t.settle();
    // The checks below can fail: her name is in the read models and the durable state now...
    expect(traces(JSON.stringify(await readModels(t)))).not.toEqual([]);
    expect(traces(await durableState())).not.toEqual([]);
    // ...but never in the stored log: her fields are sealed with her key (and her username's claim is hashed).
    expect(traces(await storedLog())).toEqual([]);

    // While her service runs (or may be reactivated) the contract needs her data: refused, nothing changed.
    const refused = await erase().expect(422);
    expect(refused.body).toMatchObject({ code: 'SERVICE_NOT_ENDED' });
    await erase('no').expect(400);
    await t.http().post('/auth/login').send({ username: GIULIA, password: DEMO_PASSWORD }).expect(200);

    // Two years on, the service expired and its data was deleted at the end of its grace.
    t.clock.advanceDays(800);
    await t.app.get(RenewalScheduler).tick();
    await t.settle();
    const erased = (await erase().expect(200)).body;
    expect(erased).toMatchObject({ customerId: giuliaId, erasedAt: t.clock.now().toISOString() });
    expect((await erase('Ripetuta per errore').expect(200)).body.erasedAt).toBe(erased.erasedAt);

    // She logs in no more; the read models are rebuilt without her.
    await eventually(
      () => t.http().post('/auth/login').send({ username: GIULIA, password: DEMO_PASSWORD }).expect(401),
      15_000,
    );
    await eventually(async () => expect(traces(JSON.stringify(await readModels(t)))).toEqual([]), 15_000);
    expect(traces(await durableState())).toEqual([]);
    expect(traces(await storedLog())).toEqual([]);
    // Nor in the files' bytes: no old page of her rows is left in a WAL or in freed space.
    if (engine === 'sqlite')
      await eventually(async () => expect(traces(filesOf(t.dataDir))).toEqual([]), 15_000);

    // The audit trail of her order and of her as a customer: her fields read as erased.
    for (const path of [`/audit/orders/${opened.orderId}`, `/audit/customers/${giuliaId}`]) {
      const answer = await backOffice.get(path);
      expect([path, answer.status, answer.status === 200 ? '' : answer.text]).toEqual([path, 200, '']);
      const audit = answer.text;
      expect(traces(audit)).toEqual([]);
      expect(audit).toContain('[cancellato]');
      expect(audit).not.toContain('scrypt$');
    }
    // Her trail as a customer holds the erasure itself: when, by whom, why.
    const { body: trail } = await backOffice.get(`/audit/customers/${giuliaId}`).expect(200);
    expect(trail.history.filter((e: { type: string }) => e.type === 'PersonalDataErased')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'back-office' }),
        command: 'ErasePersonalData',
        data: {
          accountId: giuliaId,
          reason: 'Richiesta via PEC del 2 dicembre 2026',
          erasedAt: erased.erasedAt,
        },
      }),
    ]);
    // The back office's list shows the invoice with its buyer erased; its document is the same file.
    const { body: listed } = await backOffice.get('/back-office/invoices').expect(200);
    const row = listed.find((i: { invoiceId: string }) => i.invoiceId === invoice.invoiceId);
    expect(row).toMatchObject({
      number: invoice.number,
      totalCents: invoice.totalCents,
      buyerName: '[cancellato]',
    });
    expect((await backOffice.get(`/back-office/invoices/${invoice.invoiceId}/xml`).expect(200)).text).toBe(
      xml,
    );
    expect((await verifyLog(t.app.get<EventStore>(RAW_EVENT_STORE))).brokenLink).toBeNull();

    // Read models deleted and rebuilt from the log: the same views, still without her, the others still log in.
    await t.settle();
    const before = await readModels(t);
    // Every email decided so far (the reminders of the two years passed) has gone out before the restart.
    const outbox = t.app.get<DurableDb>(DURABLE_DB).withTables<{ outbox: { status: string } }>();
    await eventually(async () => {
      const waiting = await outbox
        .selectFrom('outbox')
        .select('status')
        .where('status', 'in', ['PENDING', 'SENDING'])
        .execute();
      expect(waiting).toEqual([]);
    }, 15_000);
    const sent = t.smtp.messages.length;
    await t.stopApp();
    await deleteReadModels(t);
    await t.restart();
    await t.settle();
    expect(await readModels(t)).toEqual(before);
    await t.http().post('/auth/login').send({ username: GIULIA, password: DEMO_PASSWORD }).expect(401);
    await t
      .http()
      .post('/auth/login')
      .send({ username: 'mario.rossi@demo.it', password: DEMO_PASSWORD })
      .expect(200);
    const backOfficeAgain = await t.login('backoffice@demo.it');
    expect(
      (await backOfficeAgain.get(`/back-office/invoices/${invoice.invoiceId}/xml`).expect(200)).text,
    ).toBe(xml);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.smtp.messages).toHaveLength(sent);

    // Ten years from the end of the invoice's year its retention ends: the fiscal key goes, and the
    // invoice's buyer reads as erased in its document too; its number and amounts stay.
    t.clock.advanceDays(3_000);
    const retention = t.app.get(PersonalDataRetention);
    expect(await retention.sweep()).toEqual([{ subject: giuliaId, kind: 'fiscal:2036-12-31' }]);
    expect(await retention.sweep()).toEqual([]);
    const expired = (await backOfficeAgain.get(`/back-office/invoices/${invoice.invoiceId}/xml`).expect(200))
      .text;
    expect(traces(expired)).toEqual([]);
    expect(expired).toContain(`<Numero>${invoice.number}</Numero>`);
    const { body: after } = await backOfficeAgain.get('/back-office/invoices').expect(200);
    expect(after.find((i: { invoiceId: string }) => i.invoiceId === invoice.invoiceId)).toMatchObject({
      number: invoice.number,
      totalCents: invoice.totalCents,
      buyerName: '[cancellato]',
    });
  });

  it('refuses to erase what is not a customer', async () => {
    const backOfficeId = demoCustomerId('nobody@demo.it');
    const { body } = await backOffice
      .post(`/back-office/customers/${backOfficeId}/erasure`, { reason: 'Richiesta del 2 dicembre' })
      .expect(404);
    expect(body).toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    await giulia.post(`/back-office/customers/${giuliaId}/erasure`, { reason: 'Da sola' }).expect(403);
  });
});
