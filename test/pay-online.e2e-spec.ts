import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { orderStream } from '@app/renewals';
import { Api, forEachEngine, renewAndConfirm, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const card = (number: string) => ({
  method: 'CREDIT_CARD',
  card: { number, expiryMonth: 12, expiryYear: 2030, holder: 'Mario Rossi' },
});
const APPROVED = '4242 4242 4242 4242';
const DECLINED = '4000 0000 0000 0002';

/**
 * Paying a card or PayPal order from the pay page: through the payment-gateway port (the sandbox), a
 * decline recorded and shown as such, a retry that is a new charge, and the payment registered once.
 */
forEachEngine('paying online (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  const typesOf = async (orderId: string) =>
    (await t.app.get<EventStore>(EVENT_STORE).readStream(orderStream(orderId))).map((e) => e.type);

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it'].map((u) => t.login(u)),
    );
  });
  afterEach(() => t.close());

  it('records a declined card, then registers the payment of the next try with another card', async () => {
    const { orderId } = await renewAndConfirm(t, mario, 'rossi-studio', 'CREDIT_CARD');
    const declined = await mario.post(`/me/orders/${orderId}/payment`, card(DECLINED)).expect(422);
    expect(declined.headers['content-type']).toContain('application/problem+json');
    expect(declined.body).toMatchObject({
      code: 'PAYMENT_DECLINED',
      declineCode: 'CARD_DECLINED',
      attempt: 1,
      errors: [{ field: 'card.number' }],
    });
    // The refusal carries the position of the recorded decline: read your own write with it.
    expect(typeof declined.body.position).toBe('number');
    const afterDecline = (await mario.get(`/me/orders/${orderId}`, declined.body.position).expect(200)).body;
    expect(afterDecline).toMatchObject({
      status: 'CONFIRMED',
      onlineDecline: { code: 'CARD_DECLINED', attempt: 1 },
    });

    const paid = await mario.post(`/me/orders/${orderId}/payment`, card(APPROVED)).expect(200);
    expect(paid.body).toMatchObject({ status: 'PAID', paidMethod: 'CREDIT_CARD' });
    expect(await typesOf(orderId)).toEqual(
      expect.arrayContaining(['OnlinePaymentDeclined', 'PaymentRegistered']),
    );
    await t.settle();
    const service = (await mario.get(`/me/services/${paid.body.serviceId}`).expect(200)).body;
    expect(service.openOrder).toBeNull();
  });

  it('charges once: the same try sent twice at once, and again after it was paid, registers one payment', async () => {
    const { orderId } = await renewAndConfirm(t, mario, 'rossi-studio', 'CREDIT_CARD');
    const both = await Promise.all([
      mario.post(`/me/orders/${orderId}/payment`, card(APPROVED)),
      mario.post(`/me/orders/${orderId}/payment`, card(APPROVED)),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    const again = await mario.post(`/me/orders/${orderId}/payment`, card(APPROVED)).expect(422);
    expect(again.body.code).toBe('ORDER_ALREADY_PAID');
    const types = await typesOf(orderId);
    expect(types.filter((type) => type === 'PaymentRegistered')).toHaveLength(1);
    expect(types).not.toContain('PaymentRefundDue');
  });

  it("refuses a bank-transfer order, another customer's order and an invalid card, changing nothing", async () => {
    const { orderId: transfer } = await renewAndConfirm(t, mario, 'rossi-studio', 'BANK_TRANSFER');
    const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
    const before = await head();
    expect((await mario.post(`/me/orders/${transfer}/payment`, card(APPROVED)).expect(422)).body.code).toBe(
      'ORDER_NOT_PAYABLE_ONLINE',
    );
    expect((await giulia.post(`/me/orders/${transfer}/payment`, card(APPROVED)).expect(404)).body.code).toBe(
      'ORDER_NOT_FOUND',
    );
    const invalid = await mario.post(`/me/orders/${transfer}/payment`, { method: 'CREDIT_CARD' }).expect(400);
    expect(invalid.body.errors[0].field).toBe('card');
    expect(await head()).toBe(before);
  });
});
