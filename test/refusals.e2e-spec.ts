import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { demoServiceId } from '../apps/api/src/demo-data';
import { Api, currentConsents, forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

/** Every refusal answers with problem details (status, stable code, field) and changes nothing. */
forEachEngine('refusals (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let luca: Api;
  let backOffice: Api;

  const openCart = async (api: Api, serviceKey: string) =>
    (await api.post(`/me/services/${demoServiceId(serviceKey)}/renewal`).expect(201)).body.orderId as string;
  const toCheckout = async (api: Api, orderId: string, method = 'BANK_TRANSFER') => {
    await api.post(`/me/orders/${orderId}/checkout`).expect(200);
    await api.put(`/me/orders/${orderId}/payment-method`, { method }).expect(200);
  };
  const headPosition = async () =>
    (await t.http().get('/health').expect(200)).body.eventStore.headPosition as number;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, luca, backOffice] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it', 'backoffice@demo.it'].map((u) =>
        t.login(u),
      ),
    );
  });
  afterEach(() => t.close());

  it('refuses to renew a service with auto-renew on', async () => {
    const before = await headPosition();
    const response = await luca.post(`/me/services/${demoServiceId('verdi-auto')}/renewal`).expect(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 422,
      code: 'AUTO_RENEW_ACTIVE',
      title: 'Business rule violated',
    });
    expect(await headPosition()).toBe(before);
  });

  it('refuses to renew a service past its grace period', async () => {
    const response = await giulia.post(`/me/services/${demoServiceId('bianchi-old')}/renewal`).expect(422);
    expect(response.body.code).toBe('SERVICE_PAST_GRACE_PERIOD');
  });

  it('refuses an unknown, an expired and a not-applicable agreement code, naming the field', async () => {
    const orderId = await openCart(mario, 'rossi-studio');
    const unknown = await mario
      .put(`/me/orders/${orderId}/cart/agreement-code`, { code: 'NOPE' })
      .expect(422);
    expect(unknown.body).toMatchObject({ code: 'AGREEMENT_CODE_UNKNOWN', errors: [{ field: 'code' }] });
    const expired = await mario
      .put(`/me/orders/${orderId}/cart/agreement-code`, { code: 'ARTIGIANI2025' })
      .expect(422);
    expect(expired.body).toMatchObject({
      code: 'AGREEMENT_CODE_EXPIRED',
      detail: expect.stringContaining('2025-12-31'),
    });
    const promoOrder = await openCart(luca, 'verdi-promo');
    const notApplicable = await luca
      .put(`/me/orders/${promoOrder}/cart/agreement-code`, { code: 'COMMERCIALISTI2026' })
      .expect(422);
    expect(notApplicable.body.code).toBe('AGREEMENT_CODE_NOT_APPLICABLE');
    await t.settle();
    const order = (await mario.get(`/me/orders/${orderId}`).expect(200)).body;
    expect(order).toMatchObject({ agreementCode: null, quote: { discountCents: 0 } });
  });

  it('limits a promotional product to 2 years', async () => {
    const orderId = await openCart(luca, 'verdi-promo');
    await toCheckout(luca, orderId);
    const refused = await luca.put(`/me/orders/${orderId}/term`, { years: 3 }).expect(422);
    expect(refused.body).toMatchObject({
      code: 'TERM_OUT_OF_RANGE',
      errors: [{ field: 'years' }],
      min: 1,
      max: 2,
    });
    await luca.put(`/me/orders/${orderId}/term`, { years: 2 }).expect(200);
  });

  it('refuses to confirm without every consent, and the order stays in checkout', async () => {
    const orderId = await openCart(mario, 'rossi-studio');
    await toCheckout(mario, orderId);
    const { PRIVACY_NOTICE: _, ...twoOfThree } = currentConsents(t.config);
    const missing = await mario
      .post(`/me/orders/${orderId}/confirmation`, { consents: twoOfThree })
      .expect(422);
    expect(missing.body).toMatchObject({
      code: 'CONSENT_REQUIRED',
      errors: [{ field: 'consents.PRIVACY_NOTICE' }],
    });
    const outdated = await mario
      .post(`/me/orders/${orderId}/confirmation`, {
        consents: { ...currentConsents(t.config), GENERAL_TERMS: '1999-01' },
      })
      .expect(422);
    expect(outdated.body).toMatchObject({
      code: 'CONSENT_DOCUMENT_OUTDATED',
      currentVersion: t.config.renewals.documents.GENERAL_TERMS.version,
    });
    await t.settle();
    const order = (await mario.get(`/me/orders/${orderId}`).expect(200)).body;
    expect(order).toMatchObject({ status: 'CHECKOUT', orderNumber: null, consents: [] });
  });

  it('refuses a payment that does not match the total, then accepts the right one', async () => {
    const orderId = await openCart(mario, 'rossi-studio');
    await toCheckout(mario, orderId);
    const confirmed = (
      await mario
        .post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) })
        .expect(200)
    ).body;
    const payment = { orderNumber: confirmed.orderNumber, method: 'BANK_TRANSFER', transactionId: 'CRO-777' };
    const wrong = await backOffice
      .post('/back-office/payments', { ...payment, amountCents: confirmed.quote.grossCents - 1 })
      .expect(422);
    expect(wrong.body).toMatchObject({
      code: 'PAYMENT_AMOUNT_MISMATCH',
      expectedCents: confirmed.quote.grossCents,
      errors: [{ field: 'amountCents' }],
    });
    expect((await mario.get(`/me/orders/${orderId}`, confirmed.position).expect(200)).body.status).toBe(
      'CONFIRMED',
    );
    const unknown = await backOffice
      .post('/back-office/payments', { ...payment, orderNumber: 'FE-2026-999999', amountCents: 100 })
      .expect(404);
    expect(unknown.body.code).toBe('ORDER_NUMBER_UNKNOWN');
    const right = await backOffice
      .post('/back-office/payments', { ...payment, amountCents: confirmed.quote.grossCents })
      .expect(200);
    expect(right.body.outcome).toBe('REGISTERED');
    const twice = await backOffice
      .post('/back-office/payments', { ...payment, amountCents: confirmed.quote.grossCents })
      .expect(200);
    expect(twice.body.outcome).toBe('ALREADY_REGISTERED');
    const other = await backOffice
      .post('/back-office/payments', {
        ...payment,
        transactionId: 'CRO-778',
        amountCents: confirmed.quote.grossCents,
      })
      .expect(200);
    expect(other.body).toMatchObject({ outcome: 'REFUND_DUE', refundReason: 'ORDER_ALREADY_PAID' });
  });

  it('offers PAY_OPEN_ORDER while an order awaits payment, and a new renewal after it is cancelled', async () => {
    const serviceId = demoServiceId('rossi-srl');
    const orderId = await openCart(mario, 'rossi-srl');
    await toCheckout(mario, orderId);
    const confirmed = (
      await mario
        .post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) })
        .expect(200)
    ).body;
    expect((await mario.get(`/me/services/${serviceId}`, confirmed.position).expect(200)).body.action).toBe(
      'PAY_OPEN_ORDER',
    );
    const second = await mario.post(`/me/services/${serviceId}/renewal`).expect(422);
    expect(second.body).toMatchObject({ code: 'ORDER_AWAITING_PAYMENT', orderId });
    const cancelled = await mario
      .post(`/me/orders/${orderId}/cancellation`, { reason: 'Pago con altro metodo' })
      .expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const payment = {
      orderNumber: confirmed.orderNumber,
      amountCents: confirmed.quote.grossCents,
      method: 'BANK_TRANSFER',
      transactionId: 'LATE-1',
    };
    const late = await backOffice.post('/back-office/payments', payment).expect(200);
    expect(late.body).toMatchObject({ outcome: 'REFUND_DUE', refundReason: 'ORDER_CANCELLED' });
    const fresh = await mario.post(`/me/services/${serviceId}/renewal`).expect(201);
    expect(fresh.body.orderId).not.toBe(orderId);
    const closed = await mario.post(`/me/orders/${orderId}/checkout`).expect(422);
    expect(closed.body).toMatchObject({ status: 422, code: 'ORDER_CANCELLED', orderStatus: 'CANCELLED' });
  });

  it("answers 404 for another customer's service and order, for reads and commands alike", async () => {
    const marioOrder = await openCart(mario, 'rossi-studio');
    await giulia.get(`/me/orders/${marioOrder}`).expect(404);
    const command = await giulia.post(`/me/orders/${marioOrder}/cart/storage`, { packs: 1 }).expect(404);
    expect(command.body.code).toBe('ORDER_NOT_FOUND');
    await giulia.post(`/me/orders/${marioOrder}/cancellation`, {}).expect(404);
    await giulia.get(`/me/services/${demoServiceId('rossi-srl')}`).expect(404);
    await giulia.post(`/me/services/${demoServiceId('rossi-srl')}/renewal`).expect(404);
    const orders = (await giulia.get('/me/orders').expect(200)).body;
    expect(orders.every((o: { orderId: string }) => o.orderId !== marioOrder)).toBe(true);
  });

  it('needs a token (401) and the right role (403)', async () => {
    const anonymous = await t.http().get('/me/services').expect(401);
    expect(anonymous.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    await t.http().get('/me/services').set('authorization', 'Bearer not-a-token').expect(401);
    const customer = await mario
      .post('/back-office/payments', {
        orderNumber: 'FE-2026-000001',
        amountCents: 1,
        method: 'PAYPAL',
        transactionId: 'x',
      })
      .expect(403);
    expect(customer.body.code).toBe('ROLE_REQUIRED');
    await backOffice.get('/me/services').expect(403);
    const badLogin = await t
      .http()
      .post('/auth/login')
      .send({ username: 'mario.rossi@demo.it', password: 'wrong' })
      .expect(401);
    expect(badLogin.body.detail).toBe('Wrong username or password.');
  });

  it('refuses malformed input with the field and the reason (400)', async () => {
    const orderId = await openCart(giulia, 'bianchi-ditta');
    const unknownField = await giulia
      .post(`/me/orders/${orderId}/cart/storage`, { packs: 1, price: 0 })
      .expect(400);
    expect(unknownField.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'price', reason: 'property price should not exist' }],
    });
    const wrongType = await giulia.post(`/me/orders/${orderId}/cart/storage`, { packs: 'two' }).expect(400);
    expect(wrongType.body.errors.map((e: { field: string }) => e.field)).toContain('packs');
    const negative = await giulia
      .put(`/me/orders/${orderId}/cart/extra-users`, { extraUsers: -1 })
      .expect(400);
    expect(negative.body.errors[0]).toMatchObject({ field: 'extraUsers' });
    const method = await giulia.put(`/me/orders/${orderId}/payment-method`, { method: 'CASH' }).expect(400);
    expect(method.body.errors[0].field).toBe('method');
    const badId = await giulia.get('/me/orders/not-a-uuid').expect(400);
    expect(badId.body.status).toBe(400);
    const badJson = await t
      .http()
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"username":')
      .expect(400);
    expect(badJson.body.status).toBe(400);
    const belowMinimum = await giulia
      .put(`/me/orders/${orderId}/cart/extra-users`, { extraUsers: 0 })
      .expect(422);
    expect(belowMinimum.body).toMatchObject({ code: 'EXTRA_USERS_BELOW_MINIMUM', minimum: 1 });
    await t.settle();
    const order = (await giulia.get(`/me/orders/${orderId}`).expect(200)).body;
    expect(order.cart).toEqual({ storagePacks: 1, extraUsers: 1, nso: false });
  });
});
