import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, calendarOf } from '@app/renewals/domain';

const addYears = (at: Date, years: number) => calendarOf(DEFAULT_POLICY).addYears(at, years);
import { demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  currentConsents,
  eventually,
  forEachEngine,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

forEachEngine('renewal flow (e2e, real SMTP)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, backOffice] = await Promise.all([
      t.login('mario.rossi@demo.it'),
      t.login('giulia.bianchi@demo.it'),
      t.login('backoffice@demo.it'),
    ]);
  });
  afterEach(() => t.close());

  it('shows each customer only their services, each with the one action that applies', async () => {
    const services = (await mario.get('/me/services').expect(200)).body;
    expect(services.map((s: { name: string; action: string }) => [s.name, s.action])).toEqual([
      ['FE Rossi S.r.l.', 'RENEW'],
      ['FE Studio Rossi', 'RENEW'],
    ]);
    const giuliaServices = (await giulia.get('/me/services').expect(200)).body;
    expect(giuliaServices.map((s: { name: string; action: string }) => [s.name, s.action])).toEqual([
      ['FE Bianchi (vecchio)', 'NONE_DELETED'],
      ['FE Ditta Bianchi', 'REACTIVATE'],
    ]);
    const luca = await t.login('luca.verdi@demo.it');
    const lucaServices = (await luca.get('/me/services').expect(200)).body;
    expect(lucaServices.map((s: { name: string; action: string }) => [s.name, s.action])).toEqual([
      ['FE Verdi Archivio', 'NONE_AUTO_RENEW'],
      ['FE Verdi Promo', 'RENEW'],
      ['FE Verdi Consulting', 'NONE_AUTO_RENEW'],
    ]);
  });

  it('renews a service: cart, checkout, method, term, consents, confirm, email, payment, new expiry', async () => {
    const serviceId = demoServiceId('rossi-srl');
    const before = (await mario.get(`/me/services/${serviceId}`).expect(200)).body;
    expect(before).toMatchObject({ action: 'RENEW', addOns: { storagePacks: 2, extraUsers: 2, nso: true } });

    const cart = await mario.post(`/me/services/${serviceId}/renewal`).expect(201);
    expect(cart.headers.location).toBe(`/me/orders/${cart.body.orderId}`);
    expect(cart.body).toMatchObject({
      status: 'CART',
      kind: 'RENEW',
      cart: { storagePacks: 2, extraUsers: 2, nso: true },
      minExtraUsers: 2,
    });
    const orderId = cart.body.orderId as string;
    const order = `/me/orders/${orderId}`;

    // Opening the renewal again resumes the same cart.
    const again = await mario.post(`/me/services/${serviceId}/renewal`).expect(200);
    expect(again.body.orderId).toBe(orderId);

    await mario.post(`${order}/cart/storage`, { packs: 1 }).expect(200);
    await mario.put(`${order}/cart/extra-users`, { extraUsers: 4 }).expect(200);
    await mario.put(`${order}/cart/extra-users`, { extraUsers: 3 }).expect(200);
    await mario.put(`${order}/cart/nso-module`, { enabled: false }).expect(200);
    const coded = await mario.put(`${order}/cart/agreement-code`, { code: 'commercialisti2026' }).expect(200);
    // (2500 + 3x1000 + 3x500) = 7000 net; 15% = 1050 -> 5950; VAT 1309 -> 7259
    expect(coded.body).toMatchObject({
      agreementCode: 'COMMERCIALISTI2026',
      cart: { storagePacks: 3, extraUsers: 3, nso: false },
    });
    expect(coded.body.quote).toMatchObject({
      netCents: 7000,
      discountCents: 1050,
      taxableCents: 5950,
      vatCents: 1309,
      grossCents: 7259,
    });

    await mario.post(`${order}/checkout`).expect(200);
    const method = await mario.put(`${order}/payment-method`, { method: 'BANK_TRANSFER' }).expect(200);
    expect(method.body.paymentMethod).toBe('BANK_TRANSFER');
    const term = await mario.put(`${order}/term`, { years: 2 }).expect(200);
    // 7000 x 2 = 14000; 15% = 2100 -> 11900; VAT 2618 -> 14518
    expect(term.body.quote).toMatchObject({
      netCents: 14000,
      taxableCents: 11900,
      vatCents: 2618,
      grossCents: 14518,
    });

    const confirmed = await mario
      .post(`${order}/confirmation`, { consents: currentConsents(t.config) })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      status: 'CONFIRMED',
      orderNumber: expect.stringMatching(/^FE-2026-\d{6}$/),
    });
    const orderNumber = confirmed.body.orderNumber as string;

    const view = (await mario.get(order, confirmed.body.position).expect(200)).body;
    expect(view).toMatchObject({
      status: 'CONFIRMED',
      orderNumber,
      serviceName: 'FE Rossi S.r.l.',
      years: 2,
      paymentMethod: 'BANK_TRANSFER',
      quote: { grossCents: 14518 },
      paymentInstructions: {
        method: 'BANK_TRANSFER',
        amountCents: 14518,
        reference: orderNumber,
      },
    });
    expect(view.consents.map((c: { type: string }) => c.type)).toEqual([
      'GENERAL_TERMS',
      'ONEROUS_CLAUSES',
      'PRIVACY_NOTICE',
    ]);
    expect(
      (await mario.get(`/me/services/${serviceId}`, confirmed.body.position).expect(200)).body.action,
    ).toBe('PAY_OPEN_ORDER');

    const confirmation = await eventually(() => {
      const mails = t.smtp.to('mario.rossi@demo.it').filter((mail) => mail.subject?.includes(orderNumber));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(confirmation.subject).toContain(`Conferma ordine n. ${orderNumber}`);
    expect(confirmation.text).toContain('IBAN IT60X0542811101000000123456');
    expect(confirmation.text).toContain(`Indica come causale: "${orderNumber}"`);
    expect(confirmation.text).toContain('145,18');
    expect(confirmation.html).toMatch(new RegExp(`<h1[^>]*>Conferma ordine n. ${orderNumber}</h1>`));
    expect(confirmation.text).toMatch(/^Gentile Mario Rossi,/);

    const paid = await backOffice
      .post('/back-office/payments', {
        orderNumber,
        amountCents: 14518,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-123',
      })
      .expect(200);
    expect(paid.body).toMatchObject({ outcome: 'REGISTERED', orderId, orderNumber });

    const renewed = await eventually(async () => {
      const service = (await mario.get(`/me/services/${serviceId}`).expect(200)).body;
      expect(service.openOrder).toBeNull();
      return service;
    });
    expect(renewed).toMatchObject({
      action: 'RENEW',
      expiresAt: addYears(new Date(before.expiresAt), 2).toISOString(),
      addOns: { storagePacks: 3, extraUsers: 3, nso: false },
    });
    expect((await mario.get(order).expect(200)).body.status).toBe('PAID');

    const completed = await eventually(() => {
      const mails = t.smtp
        .to('mario.rossi@demo.it')
        .filter((mail) => mail.subject?.startsWith('Servizio rinnovato'));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(completed.text).toContain(orderNumber);
    expect(completed.text).toContain('la nuova scadenza è il 5 dicembre 2028');
  });

  it('reactivates an expired service within grace, from its old expiry', async () => {
    const serviceId = demoServiceId('bianchi-ditta');
    const before = (await giulia.get(`/me/services/${serviceId}`).expect(200)).body;
    expect(before.action).toBe('REACTIVATE');
    const cart = await giulia.post(`/me/services/${serviceId}/renewal`).expect(201);
    expect(cart.body).toMatchObject({
      kind: 'REACTIVATE',
      cart: { storagePacks: 1, extraUsers: 1, nso: false },
    });
    const order = `/me/orders/${cart.body.orderId}`;
    await giulia.put(`${order}/cart/nso-module`, { enabled: true }).expect(200);
    await giulia.post(`${order}/checkout`).expect(200);
    await giulia.put(`${order}/payment-method`, { method: 'CREDIT_CARD' }).expect(200);
    await giulia.put(`${order}/auto-renew`, { enabled: true }).expect(200);
    const confirmed = await giulia
      .post(`${order}/confirmation`, { consents: currentConsents(t.config) })
      .expect(200);
    const { orderNumber, quote } = confirmed.body;
    await backOffice
      .post('/back-office/payments', {
        orderNumber,
        amountCents: quote.grossCents,
        method: 'CREDIT_CARD',
        transactionId: 'PSP-9',
      })
      .expect(200);
    const service = await eventually(async () => {
      const body = (await giulia.get(`/me/services/${serviceId}`).expect(200)).body;
      expect(body.openOrder).toBeNull();
      return body;
    });
    expect(service).toMatchObject({
      expiresAt: addYears(new Date(before.expiresAt), 1).toISOString(),
      autoRenew: true,
      action: 'NONE_AUTO_RENEW',
      addOns: { nso: true },
    });
    await eventually(() =>
      expect(
        t.smtp.to('giulia.bianchi@demo.it').filter((m) => m.subject?.startsWith('Servizio riattivato')),
      ).toHaveLength(1),
    );
    const orders = (await giulia.get('/me/orders').expect(200)).body;
    expect(orders).toEqual([
      expect.objectContaining({ orderNumber, kind: 'REACTIVATE', status: 'PAID', autoRenew: true }),
    ]);
  });

  it('documents every endpoint in OpenAPI and answers health', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    for (const path of [
      '/auth/login',
      '/me/services',
      '/me/services/{serviceId}/renewal',
      '/me/orders/{orderId}/confirmation',
      '/back-office/payments',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const health = (await t.http().get('/health').expect(200)).body;
    expect(health.status).toBe('ok');
    expect(health.projections.map((p: { name: string }) => p.name)).toEqual([
      'accounts',
      'back-office',
      'customer-area',
      'email-notifier',
      'invoices',
      'scheduler-agenda',
      'process:erasure',
      'process:invoicing',
      'process:renewal',
      'process:sdi',
    ]);
  });
});
