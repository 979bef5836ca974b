import { afterAll, beforeAll, expect, it } from '@jest/globals';
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

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
  });
  afterAll(() => t.close());

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
});
