import { afterAll, beforeAll, expect, it } from '@jest/globals';
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

forEachEngine('back office (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
  });
  afterAll(() => t.close());

  it('is for the back-office role only', async () => {
    await mario.get('/back-office/payments/awaiting').expect(403);
    await mario.get('/back-office/refunds').expect(403);
    await mario
      .post(`/back-office/orders/${demoServiceId('x')}/cancellation`, { reason: 'not mine' })
      .expect(403);
    await t.http().get('/back-office/refunds').expect(401);
  });

  it('lists orders awaiting an offline payment with their age against the registration time, cancels one, and lists its late payment for refund', async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-srl');

    const awaiting = await eventually(async () => {
      const list = (await backOffice.get('/back-office/payments/awaiting').expect(200)).body;
      expect(list).toHaveLength(1);
      return list[0];
    });
    expect(awaiting).toMatchObject({
      orderId,
      orderNumber: confirmed.orderNumber,
      paymentMethod: 'BANK_TRANSFER',
      amountCents: confirmed.quote.grossCents,
      ageDays: 0,
      ageWorkingDays: 0,
      registration: { minWorkingDays: 1, maxWorkingDays: 1 },
      late: false,
    });
    // Friday: two working days later, a bank transfer made on confirmation would be registered by now.
    t.clock.set(new Date('2026-11-27T12:00:00.000Z'));
    expect((await backOffice.get('/back-office/payments/awaiting').expect(200)).body[0]).toMatchObject({
      ageDays: 2,
      ageWorkingDays: 2,
      late: true,
    });
    expect(
      (await backOffice.get('/back-office/payments/awaiting?offline=false').expect(200)).body,
    ).toHaveLength(1);
    await backOffice.get('/back-office/payments/awaiting?offline=maybe').expect(400);

    await backOffice.post(`/back-office/orders/${orderId}/cancellation`, {}).expect(400);
    const cancelled = await backOffice
      .post(`/back-office/orders/${orderId}/cancellation`, { reason: 'Richiesta telefonica del cliente' })
      .expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const seen = (await mario.get(`/me/orders/${orderId}`, cancelled.body.position).expect(200)).body;
    expect(seen).toMatchObject({ status: 'CANCELLED', cancelReason: 'Richiesta telefonica del cliente' });
    await eventually(async () =>
      expect((await backOffice.get('/back-office/payments/awaiting').expect(200)).body).toEqual([]),
    );

    const payment = {
      orderNumber: confirmed.orderNumber,
      amountCents: confirmed.quote.grossCents,
      method: 'BANK_TRANSFER',
      transactionId: 'CRO-LATE-1',
    };
    await backOffice.post('/back-office/payments', payment).expect(200);
    const refunds = await eventually(async () => {
      const list = (await backOffice.get('/back-office/refunds').expect(200)).body;
      expect(list).toHaveLength(1);
      return list;
    });
    expect(refunds[0]).toMatchObject({
      transactionId: 'CRO-LATE-1',
      orderNumber: confirmed.orderNumber,
      amountCents: confirmed.quote.grossCents,
      reason: 'ORDER_CANCELLED',
    });
  });
});
