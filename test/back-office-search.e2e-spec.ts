import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import { CompiledQuery } from 'kysely';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { orderStream } from '@app/renewals';
import { BackOfficeQuery } from '@app/read-models';
import { demoServiceId } from '../apps/api/src/demo-data';
import { Api, forEachEngine, renewAndConfirm, startTestApp, TEST_NOW, TestApp } from './support/test-app';

/** The back office finds any order by what a customer quotes, marks refunds, and filters its figures by date. */
forEachEngine('back-office search, refunds and figures (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, backOffice] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'backoffice@demo.it'].map((u) => t.login(u)),
    );
  });
  afterEach(() => t.close());

  it('finds an order by its number (any case, or its last digits), the customer name or email, and the service', async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-studio');
    const other = await renewAndConfirm(t, giulia, 'bianchi-ditta');
    await t.settle();
    const find = async (q: string) =>
      (await backOffice.get(`/back-office/orders?q=${encodeURIComponent(q)}`).expect(200)).body as {
        orderId: string;
      }[];
    const ids = async (q: string) => (await find(q)).map((row) => row.orderId);
    expect(await ids(confirmed.orderNumber)).toEqual([orderId]);
    expect(await ids(confirmed.orderNumber.toLowerCase())).toEqual([orderId]);
    expect(await ids(String(Number(confirmed.orderNumber.slice(-6))))).toEqual([orderId]);
    expect(await ids('mario rossi')).toEqual([orderId]);
    expect(await ids('MARIO.ROSSI@demo')).toEqual([orderId]);
    expect(await ids('studio ross')).toEqual([orderId]);
    expect(await ids('bianchi')).toEqual([other.orderId]);
    expect(await ids('nessuno')).toEqual([]);
    const [row] = await find(confirmed.orderNumber);
    expect(row).toMatchObject({
      orderNumber: confirmed.orderNumber,
      status: 'CONFIRMED',
      serviceName: 'FE Studio Rossi',
      customer: { name: 'Mario Rossi', email: 'mario.rossi@demo.it' },
      grossCents: confirmed.quote.grossCents,
      paymentMethod: 'BANK_TRANSFER',
    });
    await mario.get('/back-office/orders?q=rossi').expect(403);
    const short = await backOffice.get('/back-office/orders?q=').expect(400);
    expect(short.body.errors[0].field).toBe('q');
  });

  it("finds by the beginnings of words in any order, by an id, and the same whether it fetches the rarest word's orders or reads the newest in turn", async () => {
    const studio = await renewAndConfirm(t, mario, 'rossi-studio');
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const srl = await renewAndConfirm(t, mario, 'rossi-srl');
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const ditta = await renewAndConfirm(t, giulia, 'bianchi-ditta');
    await t.settle();
    const ids = async (q: string) =>
      (
        (await backOffice.get(`/back-office/orders?q=${encodeURIComponent(q)}`).expect(200)).body as {
          orderId: string;
        }[]
      ).map((row) => row.orderId);
    // Newest first.
    expect(await ids('ross mar')).toEqual([srl.orderId, studio.orderId]);
    expect(await ids('srl ROSSI')).toEqual([srl.orderId]);
    expect(await ids('rossi bianchi')).toEqual([]);
    expect(await ids(demoServiceId('bianchi-ditta'))).toEqual([ditta.orderId]);
    expect(await ids(studio.orderId.toUpperCase())).toEqual([studio.orderId]);
    const query = t.app.get(BackOfficeQuery);
    for (const q of [
      'ross mar',
      'fe',
      'demo',
      'srl rossi',
      'giulia',
      ditta.confirmed.orderNumber.slice(-3),
      'zzz',
    ]) {
      const fetched = (await query.searchOrders(q)).map((row) => row.orderId);
      const read = (await query.searchOrders(q, { candidates: 0 })).map((row) => row.orderId);
      expect({ q, read }).toEqual({ q, read: fetched });
    }
    expect((await query.searchOrders('fe', { candidates: 0, limit: 2 })).map((row) => row.orderId)).toEqual([
      ditta.orderId,
      srl.orderId,
    ]);
  });

  // SQLite's planner read every word of the kind for "kind = ? AND (range OR term = ?)"; PostgreSQL plans
  // the OR as a union of index ranges (a plan on a test's few rows tells nothing there, so it is not checked).
  if (engine === 'sqlite')
    it("reads the word index by ranges of words, never every word of a kind, for an order number's digits", async () => {
      const { confirmed } = await renewAndConfirm(t, mario, 'rossi-studio');
      await t.settle();
      const db = t.app.get<ReadModelDb>(READ_MODEL_DB);
      const executor = Object.getPrototypeOf(db.getExecutor()) as {
        executeQuery: (...args: never[]) => unknown;
      };
      const run = jest.spyOn(executor, 'executeQuery');
      const digits = String(Number(confirmed.orderNumber.slice(-6)));
      let statements: CompiledQuery[];
      try {
        expect((await t.app.get(BackOfficeQuery).searchOrders(digits)).map((row) => row.orderNumber)).toEqual(
          [confirmed.orderNumber],
        );
        statements = run.mock.calls
          .map(([compiled]) => compiled as unknown as CompiledQuery)
          .filter((compiled) => compiled.sql.includes('bo_search_terms'));
      } finally {
        run.mockRestore();
      }
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        // Every read of the index is bounded by the word (it read every word of the kind: 7 ms of a 17 ms
        // search with 100,000 customers).
        const unbounded = (
          await db.executeQuery<{ detail: string }>(
            CompiledQuery.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, [...statement.parameters]),
          )
        ).rows
          .map((row) => row.detail)
          .filter((detail) => /bo_search_terms/.test(detail) && !/term[<>=]/.test(detail));
        expect({ sql: statement.sql, unbounded }).toEqual({ sql: statement.sql, unbounded: [] });
      }
    });

  it('marks a payment listed for refund as refunded, once, with its reference, and records it on the order', async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-studio');
    await mario.post(`/me/orders/${orderId}/cancellation`, {}).expect(200);
    const payment = {
      orderNumber: confirmed.orderNumber,
      amountCents: confirmed.quote.grossCents,
      method: 'BANK_TRANSFER',
      transactionId: 'CRO-LATE-1',
    };
    expect((await backOffice.post('/back-office/payments', payment).expect(200)).body.outcome).toBe(
      'REFUND_DUE',
    );
    await t.settle();
    expect((await backOffice.get('/back-office/refunds').expect(200)).body).toEqual([
      expect.objectContaining({ transactionId: 'CRO-LATE-1', refundedAt: null, refundReference: null }),
    ]);

    const refund = { transactionId: 'CRO-LATE-1', reference: 'TRN 99887766' };
    await backOffice.post(`/back-office/orders/${orderId}/refunds`, refund).expect(200);
    await backOffice.post(`/back-office/orders/${orderId}/refunds`, refund).expect(200); // the same again: nothing new
    const other = await backOffice
      .post(`/back-office/orders/${orderId}/refunds`, { ...refund, reference: 'TRN 1' })
      .expect(422);
    expect(other.body).toMatchObject({ code: 'PAYMENT_ALREADY_REFUNDED', reference: 'TRN 99887766' });
    const unknown = await backOffice
      .post(`/back-office/orders/${orderId}/refunds`, { ...refund, transactionId: 'NOPE' })
      .expect(404);
    expect(unknown.body.code).toBe('PAYMENT_NOT_FOUND');
    await t.settle();
    expect((await backOffice.get('/back-office/refunds').expect(200)).body[0]).toMatchObject({
      refundReference: 'TRN 99887766',
      refundedAt: TEST_NOW.toISOString(),
    });
    const types = (await t.app.get<EventStore>(EVENT_STORE).readStream(orderStream(orderId))).map(
      (e) => e.type,
    );
    expect(types.filter((type) => type === 'PaymentRefunded')).toHaveLength(1);
    const audit = (await backOffice.get(`/audit/orders/${confirmed.orderNumber}`).expect(200)).body;
    expect(audit.history.at(-1)).toMatchObject({
      type: 'PaymentRefunded',
      actor: { type: 'back-office' },
      data: { reference: 'TRN 99887766' },
    });
    await mario.post(`/back-office/orders/${orderId}/refunds`, refund).expect(403);
  });

  it('filters the dashboard by a range of days, with the KPIs above the charts', async () => {
    const { confirmed } = await renewAndConfirm(t, mario, 'rossi-studio');
    await renewAndConfirm(t, giulia, 'bianchi-ditta');
    await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'DASH-1',
      })
      .expect(200);
    await t.settle();
    const today = TEST_NOW.toISOString().slice(0, 10);
    const all = (await backOffice.get(`/back-office/dashboard?from=${today}&to=${today}`).expect(200)).body;
    expect(all.range).toMatchObject({ from: today, to: today });
    expect(all.kpis).toMatchObject({
      revenueCents: confirmed.quote.grossCents,
      paidOrders: 1,
      awaitingPayment: { orders: 1 },
      refundsDue: { payments: 0, amountCents: 0 },
    });
    const before = (await backOffice.get('/back-office/dashboard?to=2026-11-24').expect(200)).body;
    expect(before.kpis).toMatchObject({ revenueCents: 0, paidOrders: 0, awaitingPayment: { orders: 1 } });
    expect(before.funnel.requested).toBe(0);
    const inverted = await backOffice.get(`/back-office/dashboard?from=${today}&to=2026-11-01`).expect(400);
    expect(inverted.body.code).toBe('DATE_RANGE_INVERTED');
    const bad = await backOffice.get('/back-office/dashboard?from=25/11/2026').expect(400);
    expect(bad.body.errors[0].field).toBe('from');
  });
});
