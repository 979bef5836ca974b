import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  confirmOrder,
  currentConsents,
  forEachEngine,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

/** What a command answers is the order as `GET /me/orders/:id` shows it right after that command. */
forEachEngine('command answers (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
  });
  afterEach(() => t.close());

  /** The answer without its version fields, and the order read at the position it answered. */
  const sameAsRead = async (answer: { body: Record<string, unknown> }) => {
    const { position, ...order } = answer.body;
    expect(typeof order.revision).toBe('number');
    const read = await mario.get(`/me/orders/${order.orderId}`, position as number).expect(200);
    expect(order).toEqual(read.body);
    expect(read.headers.etag).toBe(`"${order.revision}"`);
    return order;
  };

  it('answers every step of the flow with what the order page reads, warnings and instructions included', async () => {
    // FE Rossi S.r.l. expires in 10 days: inside the 15 days before expiry, the method choice warns.
    const opened = await mario.post(`/me/services/${demoServiceId('rossi-srl')}/renewal`).expect(201);
    await sameAsRead(opened);
    const orderId = opened.body.orderId as string;
    await sameAsRead(await mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }).expect(200));
    await sameAsRead(
      await mario.put(`/me/orders/${orderId}/cart/nso-module`, { enabled: false }).expect(200),
    );
    await sameAsRead(
      await mario
        .put(`/me/orders/${orderId}/cart/agreement-code`, { code: 'COMMERCIALISTI2026' })
        .expect(200),
    );
    await sameAsRead(await mario.post(`/me/orders/${orderId}/checkout`).expect(200));
    const slow = await sameAsRead(
      await mario.put(`/me/orders/${orderId}/payment-method`, { method: 'POSTAL_SLIP' }).expect(200),
    );
    expect(slow.paymentWarnings).toEqual([
      expect.objectContaining({ code: 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW' }),
    ]);
    await sameAsRead(await mario.put(`/me/orders/${orderId}/term`, { years: 3 }).expect(200));
    const confirmed = await sameAsRead(
      await mario
        .post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) })
        .expect(200),
    );
    expect(confirmed).toMatchObject({
      status: 'CONFIRMED',
      orderNumber: expect.stringMatching(/^FE-2026-/),
      paymentInstructions: expect.objectContaining({ method: 'POSTAL_SLIP' }),
      consents: expect.arrayContaining([expect.objectContaining({ type: 'ONEROUS_CLAUSES' })]),
    });
  });

  it('names the state that refuses a late choice, and records a payment by another method as received', async () => {
    const orderId = (await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201))
      .body.orderId as string;
    const confirmed = await confirmOrder(t, mario, orderId, 'POSTAL_SLIP');
    const late = await mario.put(`/me/orders/${orderId}/term`, { years: 2 }).expect(422);
    expect(late.body).toMatchObject({ code: 'ORDER_ALREADY_CONFIRMED', orderStatus: 'CONFIRMED' });
    const paid = await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-OTHER-METHOD',
      })
      .expect(200);
    expect(paid.body).toMatchObject({
      outcome: 'REGISTERED',
      method: 'BANK_TRANSFER',
      orderedMethod: 'POSTAL_SLIP',
      methodDiffers: true,
    });
    const order = (await mario.get(`/me/orders/${orderId}`, paid.body.position).expect(200)).body;
    expect(order).toMatchObject({
      status: 'PAID',
      paymentMethod: 'POSTAL_SLIP',
      paidMethod: 'BANK_TRANSFER',
    });
    for (const [path, body] of [
      [`/me/orders/${orderId}/payment-method`, { method: 'PAYPAL' }],
      [`/me/orders/${orderId}/term`, { years: 2 }],
    ] as const) {
      const refused = await mario.put(path, body).expect(422);
      expect(refused.body.code).toBe('ORDER_ALREADY_PAID');
    }
    const audit = await backOffice.get(`/audit/orders/${orderId}`).expect(200);
    expect(
      audit.body.history.find((e: { type: string }) => e.type === 'PaymentRegistered').data,
    ).toMatchObject({
      method: 'BANK_TRANSFER',
      orderedMethod: 'POSTAL_SLIP',
    });
  });

  it('changes an order only at the revision the client saw when it sends If-Match (412 otherwise, nothing appended)', async () => {
    const opened = (await mario.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201))
      .body;
    const orderId = opened.orderId as string;
    const read = await mario.get(`/me/orders/${orderId}`, opened.position).expect(200);
    const etag = read.headers.etag as string;
    expect(etag).toBe(`"${read.body.revision}"`);
    const head = async () =>
      (await t.http().get('/health').expect(200)).body.eventStore.headPosition as number;

    const changed = await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, { 'if-match': etag })
      .expect(200);
    expect(changed.body.revision).toBe(read.body.revision + 1);

    // Another tab still holds the first version: its change is refused, with the current revision.
    const before = await head();
    const stale = await mario
      .put(`/me/orders/${orderId}/cart/nso-module`, { enabled: true }, { 'if-match': etag })
      .expect(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body).toMatchObject({
      status: 412,
      code: 'REVISION_MISMATCH',
      errors: [{ field: 'If-Match' }],
      currentRevision: changed.body.revision,
    });
    const checkout = await mario.post(`/me/orders/${orderId}/checkout`, {}, { 'if-match': etag }).expect(412);
    expect(checkout.body.code).toBe('REVISION_MISMATCH');
    expect(await head()).toBe(before);

    // The current version, weak or strong, is accepted; without If-Match a change is applied as before.
    const current = (await mario.get(`/me/orders/${orderId}`, changed.body.position).expect(200)).headers
      .etag;
    expect(current).toBe(`"${changed.body.revision}"`);
    await mario
      .put(`/me/orders/${orderId}/cart/nso-module`, { enabled: true }, { 'if-match': `W/${current}` })
      .expect(200);
    await mario.post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }).expect(200);
    const malformed = await mario
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 1 }, { 'if-match': 'yesterday' })
      .expect(400);
    expect(malformed.body).toMatchObject({ code: 'INVALID_IF_MATCH', errors: [{ field: 'If-Match' }] });
  });
});
