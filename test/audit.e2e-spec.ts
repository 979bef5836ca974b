import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { RAW_EVENT_STORE } from '@app/platform';
import { demoCustomerId, demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  confirmOrder,
  eventually,
  forEachEngine,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

forEachEngine('audit trail (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;
  let orderId: string;
  let orderNumber: string;
  let confirmedAt: Date;

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
    const serviceId = demoServiceId('rossi-studio');
    orderId = (
      await mario
        .post(`/me/services/${serviceId}/renewal`, {}, { 'x-correlation-id': 'corr-audit-1' })
        .expect(201)
    ).body.orderId;
    const confirmed = await confirmOrder(t, mario, orderId);
    orderNumber = confirmed.orderNumber;
    await new Promise((resolve) => setTimeout(resolve, 30));
    confirmedAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await backOffice
      .post(
        '/back-office/payments',
        {
          orderNumber: confirmed.orderNumber,
          amountCents: confirmed.quote.grossCents,
          method: 'BANK_TRANSFER',
          transactionId: 'AUD-1',
        },
        { 'x-correlation-id': 'corr-pay-1' },
      )
      .expect(200);
    await eventually(async () =>
      expect((await mario.get(`/me/services/${serviceId}`).expect(200)).body.openOrder).toBeNull(),
    );
    await t.settle(); // the invoice, sent and delivered, is part of the order's history
  });
  afterAll(() => t.close());

  it("tells an order's history in order: who, which command, correlation and causation", async () => {
    const report = (await backOffice.get(`/audit/orders/${orderId}`).expect(200)).body;
    expect(
      report.history.map((e: { type: string; actor: { type: string }; command: string }) => [
        e.type,
        e.actor.type,
        e.command,
      ]),
    ).toEqual([
      ['RenewalRequested', 'customer', 'RequestRenewal'],
      ['CheckoutStarted', 'customer', 'StartCheckout'],
      ['PaymentMethodChosen', 'customer', 'ChoosePaymentMethod'],
      ['ConsentsRecorded', 'customer', 'ConfirmOrder'],
      ['OrderConfirmed', 'customer', 'ConfirmOrder'],
      ['PaymentRegistered', 'back-office', 'RegisterPayment'],
      // The order's invoice, issued in its year's register, sent to the exchange and delivered.
      ['InvoiceIssued', 'system', 'IssueInvoice'],
      ['InvoiceTransmitted', 'system', 'RecordTransmission'],
      ['InvoiceDelivered', 'system', 'RecordTransmission'],
    ]);
    expect(report.history[0].correlationId).toBe('corr-audit-1');
    expect(report.history[5].correlationId).toBe('corr-pay-1');
    expect(report.history[6]).toMatchObject({ stream: 'invoiceRegister-2026', correlationId: 'corr-pay-1' });
    expect(report.history[8]).toMatchObject({
      correlationId: 'corr-pay-1',
      stateAfter: { status: 'DELIVERED' },
    });
    expect(report.state[`renewalOrder-${orderId}`].status).toBe('PAID');
  });

  it('shows the process that renewed the service, caused by the payment', async () => {
    const order = (await backOffice.get(`/audit/orders/${orderId}`).expect(200)).body;
    const service = (await backOffice.get(`/audit/services/${demoServiceId('rossi-studio')}`).expect(200))
      .body;
    const renewed = service.history.find((e: { type: string }) => e.type === 'ServiceRenewed');
    expect(renewed).toMatchObject({
      actor: { type: 'system', id: 'process:renewal' },
      command: 'RenewService',
      correlationId: 'corr-pay-1',
    });
    const payment = order.history.find((e: { type: string }) => e.type === 'PaymentRegistered');
    expect(renewed.position).toBeGreaterThan(payment.position);
    expect(renewed.causationId).toEqual(expect.any(String));
  });

  it('reconstructs the state as it was at a past moment', async () => {
    const before = (
      await backOffice.get(`/audit/orders/${orderId}?asOf=${confirmedAt.toISOString()}`).expect(200)
    ).body;
    expect(before.asOf).toBe(confirmedAt.toISOString());
    expect(before.history.map((e: { type: string }) => e.type)).not.toContain('PaymentRegistered');
    expect(before.state[`renewalOrder-${orderId}`]).toMatchObject({
      status: 'CONFIRMED',
      paymentMethod: 'BANK_TRANSFER',
    });
    const customer = (
      await backOffice
        .get(`/audit/customers/${demoCustomerId('mario.rossi@demo.it')}?asOf=${confirmedAt.toISOString()}`)
        .expect(200)
    ).body;
    const positions = customer.history.map((e: { position: number }) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(Object.keys(customer.state)).toEqual(
      expect.arrayContaining([
        `service-${demoServiceId('rossi-studio')}`,
        `service-${demoServiceId('rossi-srl')}`,
        `renewalOrder-${orderId}`,
      ]),
    );
  });

  it('exports the history as JSON Lines and CSV', async () => {
    const report = (await backOffice.get(`/audit/orders/${orderId}`).expect(200)).body;
    const jsonl = await backOffice.get(`/audit/orders/${orderId}?format=jsonl`).expect(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(report.history);
    const csv = await backOffice.get(`/audit/orders/${orderId}?format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="audit-order-${orderNumber}.csv"`);
    // Italian Excel: a byte-order mark, semicolons, and the event data as columns of their own.
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const rows = csv.text.slice(1).trim().split('\r\n');
    const header = rows[0].split(';');
    expect(header.slice(0, 11)).toEqual([
      'position',
      'recordedAt',
      'stream',
      'revision',
      'type',
      'actorType',
      'actorId',
      'actorName',
      'command',
      'correlationId',
      'causationId',
    ]);
    expect(header).toEqual(
      expect.arrayContaining(['data.orderNumber', 'data.quote.grossCents', 'data.transactionId']),
    );
    expect(rows).toHaveLength(report.history.length + 1);
    const paid = rows.find((row) => row.includes(';PaymentRegistered;'))!.split(';');
    expect(paid[header.indexOf('data.transactionId')]).toBe('AUD-1');
    expect(paid[header.indexOf('data.orderNumber')]).toBe(orderNumber);
    expect(rows[1].split(';')[header.indexOf('actorName')]).toBe('Mario Rossi');
    const comma = await backOffice.get(`/audit/orders/${orderId}?format=csv&separator=comma`).expect(200);
    expect(comma.text.startsWith('position,recordedAt,')).toBe(true);
  });

  it('takes the order number for the order, names who acted, and gives the state after each event', async () => {
    const byNumber = (await backOffice.get(`/audit/orders/${orderNumber.toLowerCase()}`).expect(200)).body;
    const byId = (await backOffice.get(`/audit/orders/${orderId}`).expect(200)).body;
    expect(byNumber.history).toEqual(byId.history);
    expect(byNumber.subject).toEqual({ kind: 'order', id: orderId, orderNumber });
    const [first] = byNumber.history;
    expect(first.actor).toMatchObject({ type: 'customer', name: 'Mario Rossi' });
    expect(first.stateAfter).toMatchObject({ status: 'CART' });
    const orderEvents = byNumber.history.filter(
      (e: { stream: string }) => e.stream === `renewalOrder-${orderId}`,
    );
    expect(orderEvents.at(-1).stateAfter).toMatchObject({ status: 'PAID', orderNumber });
    const unknown = await backOffice.get('/audit/orders/FE-2026-999999').expect(404);
    expect(unknown.body.code).toBe('ORDER_NUMBER_UNKNOWN');
    const bad = await backOffice.get('/audit/orders/not-an-order').expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_ORDER_REFERENCE', errors: [{ field: 'order' }] });
  });

  it('is for the back office, and refuses unknown subjects and bad input', async () => {
    await mario.get(`/audit/orders/${orderId}`).expect(403);
    await backOffice.get(`/audit/orders/${demoServiceId('nope')}`).expect(404);
    const bad = await backOffice.get(`/audit/orders/${orderId}?asOf=yesterday`).expect(400);
    expect(bad.body.errors[0].field).toBe('asOf');
    await backOffice.get(`/audit/orders/${orderId}?format=xml`).expect(400);
  });

  it('npm run audit:verify passes on the log, and names the first event edited behind its back', async () => {
    const verify = () =>
      spawnSync(
        process.execPath,
        ['-r', '@swc-node/register', join(__dirname, '..', 'apps/api/src/audit-verify.ts')],
        {
          cwd: join(__dirname, '..'),
          encoding: 'utf8',
          env: {
            ...process.env,
            DATA_DIR: t.dataDir,
            DATABASE_URL: t.config.databaseUrl ?? '',
            DATABASE_SCHEMA: t.config.databaseSchema,
            EVENTSTORE_URL: t.config.eventStoreUrl ?? '',
          },
        },
      );
    const ok = verify();
    expect(ok.stdout).toMatch(/^audit:verify OK: \d+ events in \d+ streams/);
    expect(ok.status).toBe(0);

    const store = t.app.get<EventStore>(RAW_EVENT_STORE);
    const edited = (await store.readStream(`renewalOrder-${orderId}`)).find(
      (e) => e.type === 'OrderConfirmed',
    )!;
    const forged = JSON.stringify({ ...(edited.data as object), quote: { grossCents: 1 } });
    if (store instanceof SqliteEventStore) {
      const behindItsBack = new Database(store.filename);
      behindItsBack.prepare('UPDATE events SET data = ? WHERE id = ?').run(forged, edited.id);
      behindItsBack.close();
    } else if (store instanceof PostgresEventStore)
      await store.pool.query('UPDATE events SET data = $1 WHERE id = $2', [forged, edited.id]);
    const failed = verify();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      `HASH_MISMATCH at position ${edited.position}, stream renewalOrder-${orderId}, revision ${edited.revision}, event ${edited.id}`,
    );
  });
});
