import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  confirmOrder,
  eventually,
  forEachEngine,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

/** Figures worked out by hand from the catalog (base 25 EUR/year, pack 10, user 5, NSO 20; promo 15; VAT 22%). */
forEachEngine('back-office dashboard (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let luca: Api;
  let backOffice: Api;

  const open = async (api: Api, key: string) =>
    (await api.post(`/me/services/${demoServiceId(key)}/renewal`).expect(201)).body.orderId as string;
  const pay = (
    order: { orderNumber: string; quote: { grossCents: number } },
    method: string,
    transactionId: string,
  ) =>
    backOffice
      .post('/back-office/payments', {
        orderNumber: order.orderNumber,
        amountCents: order.quote.grossCents,
        method,
        transactionId,
      })
      .expect(200);

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, luca, backOffice] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it', 'backoffice@demo.it'].map((u) =>
        t.login(u),
      ),
    );
    // A: FE Studio Rossi, base only: 25.00 + VAT = 30.50, paid by bank transfer on 25 Nov.
    const a = await confirmOrder(t, mario, await open(mario, 'rossi-studio'), 'BANK_TRANSFER');
    await pay(a, 'BANK_TRANSFER', 'A-1');
    // B: FE Ditta Bianchi, reactivation left at checkout.
    const b = await open(giulia, 'bianchi-ditta');
    await giulia.post(`/me/orders/${b}/checkout`).expect(200);
    // C: FE Verdi Promo, 15.00 + VAT = 18.30, paid by card at 00:30 on 27 Nov in Rome (23:30 UTC on the 26th).
    const c = await confirmOrder(t, luca, await open(luca, 'verdi-promo'), 'CREDIT_CARD');
    t.clock.set(new Date('2026-11-26T23:30:00.000Z'));
    await pay(c, 'CREDIT_CARD', 'C-1');
    // D: FE Rossi S.r.l. with the agreement code (15% of 75.00 = 11.25), confirmed, then cancelled.
    const d = await open(mario, 'rossi-srl');
    await mario.put(`/me/orders/${d}/cart/agreement-code`, { code: 'COMMERCIALISTI2026' }).expect(200);
    await confirmOrder(t, mario, d, 'PAYPAL');
    await mario.post(`/me/orders/${d}/cancellation`, { reason: 'Ci ho ripensato' }).expect(200);
  });
  afterAll(() => t.close());

  it('shows the figures computed by hand', async () => {
    const figures = await eventually(async () => {
      const body = (await backOffice.get('/back-office/dashboard?by=day').expect(200)).body;
      expect(body.ordersByStatus).toEqual({ CANCELLED: 1, CHECKOUT: 1, PAID: 2 });
      // Invoiced by the invoices' date: A's and C's (C's is the 27th in Rome, as its payment).
      expect(body.invoicedByPeriod).toEqual([
        { period: '2026-11-25', invoices: 1, taxableCents: 2500, vatCents: 550, totalCents: 3050 },
        { period: '2026-11-27', invoices: 1, taxableCents: 1500, vatCents: 330, totalCents: 1830 },
      ]);
      return body;
    });
    expect(figures.range).toMatchObject({ from: null, to: null, by: 'day' });
    expect(figures.funnel).toEqual({
      requested: 4,
      checkedOut: 4,
      confirmed: 3,
      paid: 2,
      conversionPercent: { checkout: 100, confirm: 75, pay: 66.7, overall: 50 },
    });
    expect(figures.revenueByPeriod).toEqual([
      { period: '2026-11-25', payments: 1, grossCents: 3050, taxableCents: 2500 },
      { period: '2026-11-27', payments: 1, grossCents: 1830, taxableCents: 1500 },
    ]);
    expect(figures.revenueByMethod).toEqual([
      { method: 'BANK_TRANSFER', payments: 1, grossCents: 3050 },
      { method: 'CREDIT_CARD', payments: 1, grossCents: 1830 },
    ]);
    expect(figures.agreementCodes).toEqual([
      { code: 'COMMERCIALISTI2026', orders: 1, confirmed: 1, paid: 0, paidDiscountCents: 0 },
    ]);
    expect(figures.projections.map((p: { name: string }) => p.name)).toContain('back-office');
    await mario.get('/back-office/dashboard').expect(403);
  });

  it('counts by the day in Rome: a range of days takes the payments and the orders of those days only', async () => {
    await t.settle(); // the tests run in any order: the cancellation must be projected first
    const lateNight = (
      await backOffice.get('/back-office/dashboard?from=2026-11-27&to=2026-11-27').expect(200)
    ).body;
    expect(lateNight.range.by).toBe('day');
    expect(lateNight.revenueByPeriod).toEqual([
      { period: '2026-11-27', payments: 1, grossCents: 1830, taxableCents: 1500 },
    ]);
    expect(lateNight.revenueByMethod).toEqual([{ method: 'CREDIT_CARD', payments: 1, grossCents: 1830 }]);
    expect(lateNight.kpis).toMatchObject({ revenueCents: 1830, paidOrders: 1, invoicedCents: 1830 });
    expect(lateNight.invoicedByPeriod).toEqual([
      { period: '2026-11-27', invoices: 1, taxableCents: 1500, vatCents: 330, totalCents: 1830 },
    ]);
    // D was opened after C's payment, so on the 27th in Rome; A, B and C on the 25th.
    expect(lateNight.ordersByStatus).toEqual({ CANCELLED: 1 });
    expect(lateNight.funnel).toMatchObject({ requested: 1, checkedOut: 1, confirmed: 1, paid: 0 });
    const first = (await backOffice.get('/back-office/dashboard?from=2026-11-25&to=2026-11-26').expect(200))
      .body;
    expect(first.ordersByStatus).toEqual({ CHECKOUT: 1, PAID: 2 });
    expect(first.agreementCodes).toEqual([]);
    expect(first.revenueByPeriod).toEqual([
      { period: '2026-11-25', payments: 1, grossCents: 3050, taxableCents: 2500 },
    ]);
  });

  it('sums by month the whole history and a range longer than a quarter, by day a quarter, as asked otherwise', async () => {
    await t.settle();
    const november = {
      revenue: [{ period: '2026-11', payments: 2, grossCents: 4880, taxableCents: 4000 }],
      invoiced: [{ period: '2026-11', invoices: 2, taxableCents: 4000, vatCents: 880, totalCents: 4880 }],
    };
    const whole = (await backOffice.get('/back-office/dashboard').expect(200)).body;
    expect(whole.range).toMatchObject({ from: null, to: null, by: 'month' });
    expect(whole.revenueByPeriod).toEqual(november.revenue);
    expect(whole.invoicedByPeriod).toEqual(november.invoiced);
    expect(whole.kpis).toMatchObject({ revenueCents: 4880, paidOrders: 2, invoicedCents: 4880 });
    // 92 days, both ends counted: by day; 93: by month. An open end runs to today (25 November, TEST_NOW).
    const quarter = (await backOffice.get('/back-office/dashboard?from=2026-09-01&to=2026-12-01').expect(200))
      .body;
    expect(quarter.range.by).toBe('day');
    expect(quarter.revenueByPeriod.map((r: { period: string }) => r.period)).toEqual([
      '2026-11-25',
      '2026-11-27',
    ]);
    const longer = (await backOffice.get('/back-office/dashboard?from=2026-08-31&to=2026-12-01').expect(200))
      .body;
    expect(longer.range.by).toBe('month');
    expect(longer.revenueByPeriod).toEqual(november.revenue);
    expect((await backOffice.get('/back-office/dashboard?from=2026-01-01').expect(200)).body.range.by).toBe(
      'month',
    );
    const days = (await backOffice.get('/back-office/dashboard?from=2026-01-01&by=day').expect(200)).body;
    expect(days.range.by).toBe('day');
    expect(days.invoicedByPeriod.map((r: { period: string }) => r.period)).toEqual([
      '2026-11-25',
      '2026-11-27',
    ]);
    const months = (await backOffice.get('/back-office/dashboard?from=2026-11-27&by=month').expect(200)).body;
    expect(months.revenueByPeriod).toEqual([
      { period: '2026-11', payments: 1, grossCents: 1830, taxableCents: 1500 },
    ]);
    const refused = await backOffice.get('/back-office/dashboard?by=week').expect(400);
    expect(refused.body).toMatchObject({ errors: [expect.objectContaining({ field: 'by' })] });
  });
});
