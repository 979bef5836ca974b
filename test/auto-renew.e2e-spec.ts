import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RenewalScheduler } from '@app/renewals';
import { EVENT_STORE, EventStore } from '@app/event-store';
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

const DAY = 86_400_000;
const at = (days: number, ms = 0) => new Date(TEST_NOW.getTime() + days * DAY + ms);

forEachEngine('auto-renew (e2e)', (engine) => {
  let t: TestApp;
  let luca: Api;
  let mario: Api;
  let backOffice: Api;
  const promo = demoServiceId('verdi-promo');
  const switchOn = (body: object) => ({
    method: 'CREDIT_CARD',
    card: { number: '4242 4242 4242 4242', expiryMonth: 12, expiryYear: 2030, holder: 'Luca Verdi' },
    years: 1,
    consents: currentConsents(t.config),
    ...body,
  });

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, env: { DEV_CLOCK: 'true' } });
    [luca, mario, backOffice] = await Promise.all([
      t.login('luca.verdi@demo.it'),
      t.login('mario.rossi@demo.it'),
      t.login('backoffice@demo.it'),
    ]);
  });
  afterEach(() => t.close());

  describe('switching it on and off', () => {
    it('refuses bad input with the field and the reason, and changes nothing', async () => {
      const url = `/me/services/${promo}/auto-renew`;
      const bankTransfer = await luca.put(url, switchOn({ method: 'BANK_TRANSFER' })).expect(400);
      expect(JSON.stringify(bankTransfer.body)).toContain('method');
      const noCard = await luca.put(url, switchOn({ card: undefined })).expect(400);
      expect(JSON.stringify(noCard.body)).toContain('card');
      const notATestCard = await luca
        .put(
          url,
          switchOn({ card: { number: '4111111111111111', expiryMonth: 1, expiryYear: 2030, holder: 'L' } }),
        )
        .expect(422);
      expect(notATestCard.body).toMatchObject({
        code: 'PAYMENT_METHOD_REFUSED',
        errors: [{ field: 'card.number' }],
        providerCode: 'SANDBOX_TEST_CARD_REQUIRED',
      });
      const noConsent = await luca
        .put(url, switchOn({ consents: { ...currentConsents(t.config), ONEROUS_CLAUSES: undefined } }))
        .expect(422);
      expect(noConsent.body).toMatchObject({
        code: 'CONSENT_REQUIRED',
        errors: [{ field: 'consents.ONEROUS_CLAUSES' }],
      });
      const promoTerm = await luca.put(url, switchOn({ years: 3 })).expect(422);
      expect(promoTerm.body).toMatchObject({ code: 'TERM_OUT_OF_RANGE', errors: [{ field: 'years' }] });
      await mario.put(url, switchOn({})).expect(404); // not Mario's service
      await mario.delete(url).expect(404);
      await backOffice.put(url, switchOn({})).expect(403);
      await t.settle();
      const service = (await luca.get(`/me/services/${promo}`).expect(200)).body;
      expect(service).toMatchObject({ autoRenew: false, action: 'RENEW' });
      const types = (await t.app.get<EventStore>(EVENT_STORE).readStream(`service-${promo}`)).map(
        (e) => e.type,
      );
      expect(types).toEqual(['ServiceActivated']);
    });

    it('switches on with PayPal and a 2-year term, then off; the customer area follows', async () => {
      const url = `/me/services/${promo}/auto-renew`;
      const on = await luca
        .put(url, switchOn({ method: 'PAYPAL', card: undefined, paypalEmail: 'luca@example.it', years: 2 }))
        .expect(200);
      expect(on.body).toMatchObject({
        autoRenew: true,
        years: 2,
        paymentMethod: { method: 'PAYPAL', label: 'PayPal l***@example.it' },
      });
      const shown = (await luca.get(`/me/services/${promo}`, on.body.position).expect(200)).body;
      expect(shown).toMatchObject({
        autoRenew: true,
        action: 'NONE_AUTO_RENEW',
        autoRenewal: { years: 2, paymentMethod: { method: 'PAYPAL', label: 'PayPal l***@example.it' } },
      });
      const refused = await luca.post(`/me/services/${promo}/renewal`).expect(422);
      expect(refused.body.code).toBe('AUTO_RENEW_ACTIVE');
      const off = await luca.delete(url).expect(200);
      expect(off.body.autoRenew).toBe(false);
      expect((await luca.get(`/me/services/${promo}`, off.body.position).expect(200)).body.action).toBe(
        'RENEW',
      );
      const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`service-${promo}`);
      const switched = events.find((e) => e.type === 'AutoRenewSwitchedOn')!;
      expect(JSON.stringify(switched.data)).not.toContain('luca@example.it');
      expect((switched.data as { consents: { type: string }[] }).consents.map((c) => c.type)).toEqual([
        'GENERAL_TERMS',
        'ONEROUS_CLAUSES',
        'PRIVACY_NOTICE',
      ]);
    });
  });

  describe('the charge, 7 days before expiry', () => {
    const archivio = demoServiceId('verdi-archivio'); // expires TEST_NOW + 12 days, declined test card
    const consulting = demoServiceId('verdi-auto'); // expires TEST_NOW + 60 days, approved test card
    const completions = (service: string) =>
      t.smtp
        .to('luca.verdi@demo.it')
        .filter((m) => m.subject?.startsWith('Servizio rinnovato') && m.text?.includes(service));

    it('turns a declined card into an order awaiting payment, emails it once and suspends auto-renew', async () => {
      const scheduler = t.app.get(RenewalScheduler);
      t.clock.set(at(5, -1));
      expect((await scheduler.tick()).autoRenewals).toBe(0);
      t.clock.set(at(5));
      expect((await scheduler.tick()).autoRenewals).toBe(1);
      expect((await scheduler.tick()).autoRenewals).toBe(0);
      await t.settle();

      const service = (await luca.get(`/me/services/${archivio}`).expect(200)).body;
      expect(service).toMatchObject({
        action: 'PAY_OPEN_ORDER',
        autoRenew: false,
        openOrder: { status: 'CONFIRMED' },
      });
      const order = (await luca.get(`/me/orders/${service.openOrder.orderId}`).expect(200)).body;
      expect(order).toMatchObject({
        origin: 'AUTO_RENEW',
        status: 'CONFIRMED',
        paymentMethod: 'CREDIT_CARD',
        years: 1,
        chargeDeclined: { code: 'CARD_DECLINED' },
        cart: { storagePacks: 0, extraUsers: 1, nso: false },
      });
      expect(order.orderNumber).toMatch(/^FE-2026-\d{6}$/);
      await eventually(() =>
        expect(
          t.smtp.to('luca.verdi@demo.it').filter((m) => m.subject?.startsWith('Rinnovo automatico')),
        ).toHaveLength(1),
      );
      const mail = t.smtp.to('luca.verdi@demo.it').find((m) => m.subject?.startsWith('Rinnovo automatico'))!;
      expect(mail.subject).toContain(order.orderNumber);
      expect(mail.text).toContain('la carta è stata rifiutata dalla banca emittente');
      expect(mail.text).toContain(order.orderNumber);

      // The customer (here the back office, for a bank transfer) pays it: the service renews.
      await backOffice
        .post('/back-office/payments', {
          orderNumber: order.orderNumber,
          amountCents: order.quote.grossCents,
          method: 'BANK_TRANSFER',
          transactionId: 'BONIFICO-77',
        })
        .expect(200);
      const renewed = await eventually(async () => {
        const body = (await luca.get(`/me/services/${archivio}`).expect(200)).body;
        expect(body.expiresAt).toBe(at(12 + 365).toISOString());
        return body;
      });
      // auto-renew was chosen for that order: it is back on, with the stored (declined) card
      expect(renewed).toMatchObject({ autoRenew: true, action: 'NONE_AUTO_RENEW' });
    });

    it('charges an approved card once, renews the service and emails the completion', async () => {
      const scheduler = t.app.get(RenewalScheduler);
      const before = (await luca.get(`/me/services/${consulting}`).expect(200)).body;
      expect(before.autoRenewal).toMatchObject({
        chargesAt: at(53).toISOString(),
        paymentMethod: { method: 'CREDIT_CARD', label: 'Visa •••• 4242' },
      });
      t.clock.set(at(52));
      await scheduler.tick(); // the other service's charge (day 5) comes first
      t.clock.set(at(53, -1));
      expect((await scheduler.tick()).autoRenewals).toBe(0);
      t.clock.set(at(53));
      expect((await scheduler.tick()).autoRenewals).toBe(1);
      expect((await scheduler.tick()).autoRenewals).toBe(0);
      const after = await eventually(async () => {
        const body = (await luca.get(`/me/services/${consulting}`).expect(200)).body;
        expect(body.expiresAt).toBe(at(60 + 365).toISOString());
        return body;
      });
      expect(after).toMatchObject({ autoRenew: true, action: 'NONE_AUTO_RENEW', openOrder: null });
      const orders = (await luca.get('/me/orders').expect(200)).body as {
        serviceId: string;
        origin: string;
        status: string;
        chargeDeclined: unknown;
      }[];
      expect(orders.filter((o) => o.serviceId === consulting)).toEqual([
        expect.objectContaining({ origin: 'AUTO_RENEW', status: 'PAID', chargeDeclined: null }),
      ]);
      await eventually(() => expect(completions('FE Verdi Consulting')).toHaveLength(1));
      const stream = (await t.app.get<EventStore>(EVENT_STORE).readStream(`service-${consulting}`)).map(
        (e) => e.type,
      );
      expect(stream.filter((type) => type === 'RenewalOrderOpened' || type === 'ServiceRenewed')).toEqual([
        'RenewalOrderOpened',
        'ServiceRenewed',
      ]);
    });

    it('shows both on the dashboard and in the audit trail', async () => {
      // The declined charge of day 5, paid by bank transfer; the approved charge of day 53.
      const scheduler = t.app.get(RenewalScheduler);
      t.clock.set(at(5));
      await scheduler.tick();
      await t.settle();
      const declined = (await luca.get(`/me/services/${archivio}`).expect(200)).body.openOrder.orderId;
      const order = (await luca.get(`/me/orders/${declined}`).expect(200)).body;
      await backOffice
        .post('/back-office/payments', {
          orderNumber: order.orderNumber,
          amountCents: order.quote.grossCents,
          method: 'BANK_TRANSFER',
          transactionId: 'BONIFICO-78',
        })
        .expect(200);
      t.clock.set(at(53));
      await scheduler.tick();
      await t.settle();
      const dashboard = (await backOffice.get('/back-office/dashboard').expect(200)).body;
      expect(dashboard.autoRenewals).toEqual({ orders: 2, charged: 1, declined: 1, paidAfterDecline: 1 });
      const byOrigin = Object.fromEntries(
        (dashboard.revenueByOrigin as { origin: string; payments: number }[]).map((r) => [
          r.origin,
          r.payments,
        ]),
      );
      expect(byOrigin.AUTO_RENEW).toBe(2);
      const creditCard = (dashboard.revenueByMethod as { method: string; payments: number }[]).find(
        (r) => r.method === 'CREDIT_CARD',
      );
      expect(creditCard?.payments).toBeGreaterThanOrEqual(1);
      const audit = (await backOffice.get(`/audit/services/${archivio}`).expect(200)).body;
      const types = (audit.history as { type: string }[]).map((e) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['RenewalOrderOpened', 'AutoRenewSwitchedOff', 'ServiceRenewed']),
      );
    });
  });
});
