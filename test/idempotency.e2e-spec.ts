import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { DURABLE_DB, DurableDb } from '@app/platform';
import { orderStream } from '@app/renewals';
import { demoServiceId } from '../apps/api/src/demo-data';
import { Api, confirmOrder, forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

/**
 * Idempotency-Key as Stripe defines it: a key is bound to its request (method, route, parameters, body,
 * user); a retry answers exactly the first response; the same key with another request is 422
 * IDEMPOTENCY_KEY_REUSED; past the key's lifetime the log itself still recognises the same request.
 */
forEachEngine('idempotency keys (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let backOffice: Api;
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const head = () => store().headPosition();
  /** As if the keys' 24 hours had passed. */
  const forgetKeys = async () => {
    await t.app.get<DurableDb>(DURABLE_DB).deleteFrom('idempotency_keys').execute();
  };

  const openCart = async (api: Api, serviceKey: string) =>
    (await api.post(`/me/services/${demoServiceId(serviceKey)}/renewal`).expect(201)).body.orderId as string;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, backOffice] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'backoffice@demo.it'].map((u) => t.login(u)),
    );
  });
  afterEach(() => t.close());

  it('records a received payment whatever key it comes with: a key reused for another transaction is refused, never lost', async () => {
    const orderId = (await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201))
      .body.orderId as string;
    const confirmed = await confirmOrder(t, mario, orderId);
    const payment = (transactionId: string) => ({
      orderNumber: confirmed.orderNumber,
      amountCents: confirmed.quote.grossCents,
      method: 'BANK_TRANSFER',
      transactionId,
    });
    const key = { 'idempotency-key': 'pay-key-000001' };
    const first = await backOffice.post('/back-office/payments', payment('TX-A'), key).expect(200);
    expect(first.body.outcome).toBe('REGISTERED');
    await t.settle();

    const before = await head();
    const reused = await backOffice.post('/back-office/payments', payment('TX-B'), key).expect(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      errors: [{ field: 'Idempotency-Key' }],
    });
    expect(await head()).toBe(before);

    // The money of TX-B is still recorded: with a new key, or with the old one once it has expired.
    await forgetKeys();
    const late = await backOffice.post('/back-office/payments', payment('TX-B'), key).expect(200);
    expect(late.body).toMatchObject({ outcome: 'REFUND_DUE', refundReason: 'ORDER_ALREADY_PAID' });
    const again = await backOffice
      .post('/back-office/payments', payment('TX-B'), { 'idempotency-key': 'pay-key-000002' })
      .expect(200);
    expect(again.body.outcome).toBe('REFUND_DUE');
    const events = await store().readStream(orderStream(orderId));
    expect(events.filter((e) => e.type === 'PaymentRegistered')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'PaymentRefundDue')).toHaveLength(1);
  });

  it('takes the key on the order options too, and a read ignores one', async () => {
    const orderId = await openCart(mario, 'rossi-studio');
    await mario.post(`/me/orders/${orderId}/checkout`).expect(200);
    const key = { 'idempotency-key': 'term-key-000001' };
    const first = await mario.put(`/me/orders/${orderId}/term`, { years: 3 }, key).expect(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await head();
    const replay = await mario.put(`/me/orders/${orderId}/term`, { years: 3 }, key).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    const reused = await mario.put(`/me/orders/${orderId}/term`, { years: 2 }, key).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await head()).toBe(before);

    const read = await mario.get(`/me/orders/${orderId}`, first.body.position).set(key).expect(200);
    expect(read.headers['idempotent-replayed']).toBeUndefined();
    expect(read.body.quote.grossCents).toBe(first.body.quote.grossCents);
  });

  it('answers a replayed renewal request exactly as the first time, also once that order is paid', async () => {
    const path = `/me/services/${demoServiceId('bianchi-ditta')}/renewal`;
    const key = { 'idempotency-key': 'open-ditta-000001' };
    const first = await giulia.post(path, {}, key).expect(201);
    const orderId = first.body.orderId as string;
    await giulia.post(`/me/orders/${orderId}/cart/storage`, { packs: 3 }).expect(200);
    const confirmed = await confirmOrder(t, giulia, orderId);
    await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'TX-DITTA',
      })
      .expect(200);
    await t.settle();

    const before = await head();
    const replay = await giulia.post(path, {}, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(replay.headers.location).toBe(first.headers.location);

    // Past the key's lifetime the same request is still the same command: it opens nothing and answers
    // the order as that command left it (the cart before the storage was added), not a newer order.
    await forgetKeys();
    const late = await giulia.post(path, {}, key).expect(201);
    expect(late.body).toMatchObject({
      orderId,
      status: 'CART',
      cart: first.body.cart,
      revision: first.body.revision,
      position: first.body.position,
    });
    expect(await head()).toBe(before);
  });

  it('refuses the same key with another body, another route or another order, and changes nothing', async () => {
    const orderId = (await mario.post(`/me/services/${demoServiceId('rossi-srl')}/renewal`).expect(201)).body
      .orderId as string;
    const key = { 'idempotency-key': 'users-key-00001' };
    const first = await mario
      .put(`/me/orders/${orderId}/cart/extra-users`, { extraUsers: 2 }, key)
      .expect(200);
    expect(first.body.cart.extraUsers).toBe(2);
    const before = await head();
    const otherBody = await mario
      .put(`/me/orders/${orderId}/cart/extra-users`, { extraUsers: 3 }, key)
      .expect(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherRoute = await mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, key).expect(422);
    expect(otherRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await head()).toBe(before);
    // Another user's identical key is another key.
    const giuliaOrder = await openCart(giulia, 'bianchi-ditta');
    const foreign = await giulia.put(`/me/orders/${giuliaOrder}/cart/extra-users`, { extraUsers: 3 }, key);
    expect(foreign.body.code).not.toBe('IDEMPOTENCY_KEY_REUSED');
    // Past its lifetime, the key with a new request is a new request.
    await forgetKeys();
    const fresh = await mario
      .put(`/me/orders/${orderId}/cart/extra-users`, { extraUsers: 3 }, key)
      .expect(200);
    expect(fresh.body.cart.extraUsers).toBe(3);
  });

  it('keeps refusals a retry cannot change, and frees the key when a retry may fare better', async () => {
    const orderId = await openCart(mario, 'rossi-srl');
    const ruleKey = { 'idempotency-key': 'agreement-key-01' };
    const refused = await mario
      .put(`/me/orders/${orderId}/cart/agreement-code`, { code: 'NOPE' }, ruleKey)
      .expect(422);
    const replayed = await mario
      .put(`/me/orders/${orderId}/cart/agreement-code`, { code: 'NOPE' }, ruleKey)
      .expect(422);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.text).toBe(refused.text);
    // Invalid input never started the command: the same key with the corrected body is the first request.
    const invalidKey = { 'idempotency-key': 'storage-key-0001' };
    await mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 0 }, invalidKey).expect(400);
    await mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 0 }, invalidKey).expect(400);
    await mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, invalidKey).expect(200);
    await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, { 'idempotency-key': 'bad key!' })
      .expect(400);
  });

  it('lets one of two concurrent requests with the same key run; the other waits its turn or gets the answer', async () => {
    const orderId = await openCart(mario, 'rossi-srl');
    const before = (await mario.get(`/me/orders/${orderId}`, await head()).expect(200)).body.cart
      .storagePacks;
    const key = { 'idempotency-key': 'concurrent-key-1' };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, key)),
    );
    for (const response of responses) {
      expect([200, 409]).toContain(response.status);
      if (response.status === 409) {
        expect(response.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    const after = (await mario.get(`/me/orders/${orderId}`, await head()).expect(200)).body.cart.storagePacks;
    expect(after).toBe(before + 1);
  });
});
