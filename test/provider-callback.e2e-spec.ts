import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { signPayload } from '@app/renewals';
import {
  Api,
  eventually,
  forEachEngine,
  renewAndConfirm,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

const SECRET = 'provider-test-secret';

forEachEngine('payment provider callback (e2e)', (engine) => {
  let t: TestApp;
  let luca: Api;

  const deliver = (payload: object, options: { secret?: string; at?: number } = {}) => {
    const raw = JSON.stringify(payload);
    const signature = signPayload(options.secret ?? SECRET, raw, options.at ?? TEST_NOW.getTime() / 1000);
    return t
      .http()
      .post('/payments/provider-callback')
      .set('content-type', 'application/json')
      .set('x-signature', signature)
      .send(raw);
  };

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, env: { PAYMENT_CALLBACK_SECRET: SECRET } });
    luca = await t.login('luca.verdi@demo.it');
  });
  afterAll(() => t.close());

  it('registers a signed card payment once, and refuses bad, stale or mismatched deliveries', async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, luca, 'verdi-promo', 'CREDIT_CARD');
    const payment = {
      orderNumber: confirmed.orderNumber,
      amountCents: confirmed.quote.grossCents,
      method: 'CREDIT_CARD',
      transactionId: 'psp_ch_1',
    };

    const forged = await deliver(payment, { secret: 'guess' }).expect(401);
    expect(forged.body.detail).toBe('The signature does not match the body.');
    await deliver(payment, { at: TEST_NOW.getTime() / 1000 - 3600 }).expect(401);
    await t.http().post('/payments/provider-callback').send(payment).expect(401);
    const wrong = await deliver({ ...payment, amountCents: 1 }).expect(422);
    expect(wrong.body.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect((await luca.get(`/me/orders/${orderId}`).expect(200)).body.status).toBe('CONFIRMED');

    expect((await deliver(payment).expect(200)).body).toMatchObject({ outcome: 'REGISTERED', orderId });
    expect((await deliver(payment).expect(200)).body.outcome).toBe('REGISTERED'); // the provider's retry: same command, same answer
    await eventually(async () =>
      expect((await luca.get(`/me/orders/${orderId}`).expect(200)).body.status).toBe('PAID'),
    );
    const registrations = (
      await t.app.get<EventStore>(EVENT_STORE).readStream(`renewalOrder-${orderId}`)
    ).filter((event) => event.type === 'PaymentRegistered');
    expect(registrations).toHaveLength(1);
    expect(registrations[0].metadata.actor).toEqual({ type: 'system', id: 'payment-provider' });
  });
});
