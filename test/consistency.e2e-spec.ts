import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { OutboxSender } from '@app/notifier';
import {
  DURABLE_DB,
  DurableDb,
  Projections,
  READ_MODEL_DB,
  ReadModelDb,
  deterministicUuid,
} from '@app/platform';
import { serviceStream } from '@app/renewals';
import { demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  eventually,
  forEachEngine,
  renewAndConfirm,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read-model rows compared as plain data
async function dump(db: ReadModelDb): Promise<Record<string, any[]>> {
  const tables = db.withTables<{ ca_services: { service_id: string }; ca_orders: { order_id: string } }>();
  return {
    services: await tables.selectFrom('ca_services').selectAll().orderBy('service_id').execute(),
    orders: await tables.selectFrom('ca_orders').selectAll().orderBy('order_id').execute(),
  };
}

forEachEngine('consistency (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;

  const store = () => t.app.get<EventStore>(EVENT_STORE);
  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
  });
  afterEach(() => t.close());

  /** Mario renews FE Studio Rossi, pays by PayPal, and the back office registers the payment. */
  const paidRenewal = async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-studio', 'PAYPAL');
    await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'PAYPAL',
        transactionId: 'PP-1',
      })
      .expect(200);
    return orderId as string;
  };

  it('appends nothing new for a retried command with the same Idempotency-Key', async () => {
    const orderId = (
      await mario
        .post(
          `/me/services/${demoServiceId('rossi-studio')}/renewal`,
          {},
          { 'idempotency-key': 'open-studio-0001' },
        )
        .expect(201)
    ).body.orderId;
    const reopened = await mario.post(
      `/me/services/${demoServiceId('rossi-studio')}/renewal`,
      {},
      { 'idempotency-key': 'open-studio-0001' },
    );
    expect(reopened.body.orderId).toBe(orderId);
    const first = await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 2 }, { 'idempotency-key': 'storage-0001' })
      .expect(200);
    const retry = await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 2 }, { 'idempotency-key': 'storage-0001' })
      .expect(200);
    expect(retry.body.cart.storagePacks).toBe(2);
    expect(retry.body.position).toBe(first.body.position);
    const other = await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 2 }, { 'idempotency-key': 'storage-0002' })
      .expect(200);
    expect(other.body.cart.storagePacks).toBe(4);
    const events = await store().readStream(`renewalOrder-${orderId}`);
    expect(events.filter((e) => e.type === 'CartModified')).toHaveLength(2);
    await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, { 'idempotency-key': 'bad key!' })
      .expect(400);
  });

  it('loses no update when many clients change the same cart at once: each is applied or told 409', async () => {
    const orderId = (await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201))
      .body.orderId;
    await t.settle();
    const before = (await mario.get(`/me/orders/${orderId}`).expect(200)).body.cart.storagePacks;
    const responses = await Promise.all(
      Array.from({ length: 16 }, () => mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 1 })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    for (const conflict of responses.filter((r) => r.status === 409))
      expect(conflict.body.code).toBe('CONCURRENT_MODIFICATION');
    const applied = statuses.filter((s) => s === 200).length;
    expect(applied).toBeGreaterThan(0);
    const last = Math.max(...responses.filter((r) => r.status === 200).map((r) => r.body.position));
    const after = (await mario.get(`/me/orders/${orderId}`, last).expect(200)).body.cart.storagePacks;
    expect(after).toBe(before + applied);
    const events = await store().readStream(`renewalOrder-${orderId}`);
    expect(
      events.filter(
        (e) =>
          e.type === 'CartModified' &&
          (e.data as { change: { kind: string } }).change.kind === 'STORAGE_INCREASED',
      ),
    ).toHaveLength(applied);
  });

  it('recovers when a renewal request stopped between the service append and the order append', async () => {
    const serviceId = demoServiceId('rossi-srl');
    const head = (await store().readStream(serviceStream(serviceId))).at(-1)!;
    const lostOrder = deterministicUuid('lost-order');
    await store().append(
      serviceStream(serviceId),
      [
        {
          id: deterministicUuid('lost-open'),
          type: 'RenewalOrderOpened',
          data: { serviceId, orderId: lostOrder, kind: 'RENEW', openedAt: TEST_NOW.toISOString() },
          metadata: {
            correlationId: 'c',
            causationId: null,
            commandId: 'crashed',
            actor: { type: 'customer', id: 'x' },
          },
        },
      ],
      head.revision,
    );
    const cart = await mario.post(`/me/services/${serviceId}/renewal`).expect(201);
    expect(cart.body.orderId).not.toBe(lostOrder);
    const types = (await store().readStream(serviceStream(serviceId))).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['RenewalOrderOpened', 'RenewalOrderReleased', 'RenewalOrderOpened']);
  });

  it('pays and renews, then rebuilds the customer area from position 0 into the same read model', async () => {
    const orderId = await paidRenewal();
    await t.settle();
    const db = t.app.get<ReadModelDb>(READ_MODEL_DB);
    const live = await dump(db);
    expect(live.orders.find((o) => o.order_id === orderId).status).toBe('PAID');

    await t.app.get(Projections).rebuild('customer-area');
    await t.settle();
    expect(await dump(db)).toEqual(live);
  });

  it('sends each email once, across a rebuild of the read models and a restart; the notifier is never rebuilt', async () => {
    await paidRenewal();
    await t.settle();
    await t.app.get(OutboxSender).drain();
    const subjects = () => t.smtp.messages.map((m) => m.subject).sort();
    await eventually(() =>
      expect(subjects().filter((s) => s?.startsWith('Servizio rinnovato'))).toHaveLength(1),
    );
    const sent = subjects();
    expect(sent.filter((s) => s?.startsWith('Conferma ordine'))).toHaveLength(1);

    await expect(t.app.get(Projections).rebuild('email-notifier')).rejects.toThrow(/never rebuilt/);
    for (const name of ['customer-area', 'back-office', 'scheduler-agenda', 'accounts'])
      await t.app.get(Projections).rebuild(name);
    await t.settle();
    await t.app.get(OutboxSender).drain();
    await t.stopApp();
    await t.restart();
    await t.settle();
    await t.app.get(OutboxSender).drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(subjects()).toEqual(sent);
    const outbox = await t.app
      .get<DurableDb>(DURABLE_DB)
      .withTables<{ outbox: { status: string } }>()
      .selectFrom('outbox')
      .select('status')
      .execute();
    expect(outbox.map((row) => row.status)).toEqual(sent.map(() => 'SENT'));
  });
});
