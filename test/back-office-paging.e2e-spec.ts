import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { forEachEngine, renewAndConfirm, startTestApp, TEST_NOW, TestApp } from './support/test-app';

type Awaiting = { orderNumber: string; ageWorkingDays: number };

/** The awaited payments a page at a time, and their ages counted in the database as the list shows them. */
forEachEngine('awaited payments, paged and by age (e2e)', (engine) => {
  let t: TestApp;
  const numbers: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    const [mario, giulia, luca] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it'].map((u) => t.login(u)),
    );
    // Confirmed on Wednesday 25 November, Monday 30 November, at 00:30 on Thursday 3 December in Rome
    // (23:30 UTC on the 2nd), and on Friday 4 December; all by bank transfer, none paid.
    for (const [api, service, at] of [
      [mario, 'rossi-studio', '2026-11-25T10:00:00.000Z'],
      [giulia, 'bianchi-ditta', '2026-11-30T10:00:00.000Z'],
      [luca, 'verdi-promo', '2026-12-02T23:30:00.000Z'],
      [mario, 'rossi-srl', '2026-12-04T09:00:00.000Z'],
    ] as const) {
      t.clock.set(new Date(at));
      numbers.push((await renewAndConfirm(t, api, service)).confirmed.orderNumber);
    }
    t.clock.set(new Date('2026-12-04T12:00:00.000Z'));
    await t.settle();
  });
  afterAll(() => t.close());

  it('hands out the list oldest first, a page at a time, with the next page in the Link header and the total', async () => {
    const office = await t.login('backoffice@demo.it');
    const first = await office.get('/back-office/payments/awaiting?limit=3').expect(200);
    expect(first.body.map((p: Awaiting) => p.orderNumber)).toEqual(numbers.slice(0, 3));
    expect(first.headers['x-total-count']).toBe('4');
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link)?.[1];
    expect(link).toMatch(/^\/back-office\/payments\/awaiting\?offline=true&limit=3&after=/);
    const second = await office.get(link!).expect(200);
    expect(second.body.map((p: Awaiting) => p.orderNumber)).toEqual([numbers[3]]);
    expect(second.headers.link).toBeUndefined();
    // Without a limit, one page of at most 100.
    const all = (await office.get('/back-office/payments/awaiting').expect(200)).body;
    expect(all.map((p: Awaiting) => p.orderNumber)).toEqual(numbers);
  });

  it('refuses a limit out of range and a cursor it did not give out, naming the field', async () => {
    const office = await t.login('backoffice@demo.it');
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['after=bm90LWEtY3Vyc29y', 'after'],
    ]) {
      const refused = await office.get(`/back-office/payments/awaiting?${query}`).expect(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  it('counts them by age in working days in the dashboard, as the list ages them, by the day in Rome', async () => {
    const office = await t.login('backoffice@demo.it');
    const list: Awaiting[] = (await office.get('/back-office/payments/awaiting').expect(200)).body;
    // 25 Nov: 7 working days (26, 27, 30, 1, 2, 3, 4); 30 Nov: 4; 3 Dec in Rome: 1; 4 Dec: 0.
    expect(list.map((p) => p.ageWorkingDays)).toEqual([7, 4, 1, 0]);
    const dashboard = (await office.get('/back-office/dashboard').expect(200)).body;
    expect(
      dashboard.offlineAwaitingByAge.map((b: { workingDays: string; orders: number }) => [
        b.workingDays,
        b.orders,
      ]),
    ).toEqual([
      ['0-1', 2],
      ['2-5', 1],
      ['6-10', 1],
      ['> 10', 0],
    ]);
    const amounts = dashboard.offlineAwaitingByAge.reduce(
      (sum: number, b: { amountCents: number }) => sum + b.amountCents,
      0,
    );
    expect(amounts).toBe(dashboard.kpis.awaitingPayment.amountCents);
  });
});
