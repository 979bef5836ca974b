/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { browserSuite, itMoney } from './support/browser';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { orderStream } from '../libs/renewals/src/domain/order/order.events';
import { eventually } from './support/test-app';

/** Back-office staff find any order by what the customer quotes, read its history, refund, and read figures. */
describeWhen(engines.chromiumMissing, 'the back office in Chromium (e2e)', () => {
  const s = browserSuite();

  it('finds an order by its number or the customer, opens it and its history in Italian, and exports it for Excel', async () => {
    const { orderId, orderNumber, grossCents } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio');
    await s.confirmed('giulia.bianchi@demo.it', 'bianchi-ditta');
    const page = await s.open('/back-office#/orders', 375);
    await s.login(page, 'backoffice@demo.it');
    await s.heading(page, 'Trova un ordine');
    // The number as the customer reads it on the phone: lower case.
    await page.getByLabel("Numero d'ordine, cliente, email o servizio").fill(orderNumber.toLowerCase());
    await page.keyboard.press('Enter');
    const results = page.getByRole('table', { name: /Ordini trovati/ });
    await results.getByRole('link', { name: orderNumber, exact: true }).waitFor();
    expect(await results.getByRole('row').count()).toBe(2); // the heading and one order
    await results.getByText('Mario Rossi').waitFor();
    await results.getByText(itMoney(grossCents)).waitFor();
    await s.accessible(page);
    await s.fits(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await s.shot(page, 'back-office-search');
    await page.setViewportSize({ width: 375, height: 900 });

    await page.getByLabel("Numero d'ordine, cliente, email o servizio").fill('Bianchi');
    await page.keyboard.press('Enter');
    await page
      .getByRole('table', { name: /Ordini trovati per «Bianchi»/ })
      .getByText('Giulia Bianchi')
      .waitFor();

    await page.getByLabel("Numero d'ordine, cliente, email o servizio").fill(orderNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: orderNumber, exact: true }).click();
    await s.heading(page, `Ordine ${orderNumber}`);
    await page.getByText('In attesa di pagamento').first().waitFor();

    // The history: event names, who by name, the facts in words; the raw JSON behind a click.
    await page.goto(`${s.base}/back-office#/audit/orders/${orderNumber}`);
    await s.heading(page, 'Audit');
    const confirmed = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Ordine confermato' }) });
    await confirmed.waitFor();
    await confirmed.getByText(/Mario Rossi \(cliente\)/).waitFor();
    await confirmed.getByText("Numero d'ordine", { exact: true }).first().waitFor();
    await confirmed.getByText(orderNumber, { exact: true }).first().waitFor();
    await confirmed.getByText('Bonifico bancario').first().waitFor();
    expect(await confirmed.locator('pre').isVisible()).toBe(false);
    await confirmed.getByText("Stato dopo l'evento").click();
    await confirmed.getByText('In attesa di pagamento').waitFor();
    await confirmed.getByText('Dati grezzi (JSON)').click();
    expect(await confirmed.locator('pre').textContent()).toContain('"type": "OrderConfirmed"');
    expect(await page.getByText('OrderConfirmed', { exact: true }).count()).toBe(0);
    await s.accessible(page);
    await s.fits(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await s.shot(page, 'back-office-timeline');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Esporta CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`audit-order-${orderNumber}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header] = csv.slice(1).split('\r\n');
    expect(header.split(';')).toEqual(expect.arrayContaining(['type', 'actorName', 'data.orderNumber']));
    expect(orderId).toBeTruthy();
  });

  it('shows the awaited payments a page at a time, oldest first, and the next page on request', async () => {
    const older = await s.confirmed('mario.rossi@demo.it', 'rossi-studio');
    s.t.clock.set(new Date('2026-11-26T10:00:00.000Z'));
    const newer = await s.confirmed('giulia.bianchi@demo.it', 'bianchi-ditta');
    await s.t.settle();
    const page = await s.open('/back-office#/payments?per=1', 375);
    await s.login(page, 'backoffice@demo.it');
    await s.heading(page, 'Pagamenti');
    const list = page.getByRole('table', { name: 'Pagamenti offline in attesa di registrazione' });
    await list.getByRole('link', { name: older.orderNumber, exact: true }).waitFor();
    expect(await list.getByRole('row').count()).toBe(2); // the heading and the oldest order
    await page.getByRole('status').filter({ hasText: '1 di 2' }).waitFor();
    await s.accessible(page);
    await s.fits(page);
    await page.getByRole('button', { name: 'Mostra altri' }).click();
    await list.getByRole('link', { name: newer.orderNumber, exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: '2 di 2' }).waitFor();
    expect(await list.getByRole('row').count()).toBe(3);
    // The last page: nothing more to ask for.
    expect(await page.getByRole('button', { name: 'Mostra altri' }).count()).toBe(0);
  });

  it('shows a payment to refund as a warning in words, marks it refunded with its reference, and the history shows it', async () => {
    const { orderId, orderNumber, grossCents } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio');
    const mario = await s.api('mario.rossi@demo.it');
    await mario.post(`/me/orders/${orderId}/cancellation`, {}).expect(200);
    await s.t.settle();
    const page = await s.open('/back-office#/payments');
    await s.login(page, 'backoffice@demo.it');
    await s.heading(page, 'Pagamenti');
    await page.getByLabel("Numero d'ordine").fill(orderNumber);
    await page.getByLabel('Importo (euro)').fill((grossCents / 100).toFixed(2).replace('.', ','));
    await page.getByLabel('ID transazione').fill('CRO-LATE-9');
    await page.getByRole('button', { name: 'Registra' }).click();
    const warning = page.locator('#register-result');
    await warning
      .getByText(
        `Attenzione: il pagamento per l'ordine ${orderNumber} non è stato registrato e va rimborsato, perché l'ordine era annullato.`,
      )
      .waitFor();
    expect(await warning.getAttribute('class')).toContain('warning');
    expect(await page.getByText('ORDER_CANCELLED').count()).toBe(0);

    await page.getByRole('link', { name: 'Rimborsi' }).click();
    await s.heading(page, 'Rimborsi');
    const card = page.getByRole('listitem').filter({ hasText: orderNumber });
    await card.getByText("Da rimborsare perché l'ordine era annullato.").waitFor();
    await s.accessible(page);
    await card.getByLabel('Riferimento del rimborso (CRO/TRN)').fill('TRN 5544332211');
    await card.getByRole('button', { name: 'Segna come rimborsato' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Rimborso registrato per l'ordine ${orderNumber} (riferimento TRN 5544332211).` })
      .waitFor();
    await page.getByText('Nessun pagamento da rimborsare.').waitFor();
    await page.getByRole('table', { name: 'Rimborsati' }).getByText('TRN 5544332211').waitFor();
    await s.fits(page);

    await page
      .getByRole('table', { name: 'Rimborsati' })
      .getByRole('link', { name: `Storia di ${orderNumber}` })
      .click();
    await s.heading(page, 'Audit');
    const refunded = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Pagamento rimborsato' }) });
    await refunded.getByText('TRN 5544332211', { exact: true }).waitFor();
    await refunded.getByText(/\(back office\)/).waitFor();
  });

  it('names the year of each day when the days asked span two years, and sums them by month otherwise', async () => {
    const office = await s.api('backoffice@demo.it');
    const pay = async (username: string, service: string, transactionId: string) => {
      const { orderNumber, grossCents } = await s.confirmed(username, service);
      await office
        .post('/back-office/payments', {
          orderNumber,
          amountCents: grossCents,
          method: 'BANK_TRANSFER',
          transactionId,
        })
        .expect(200);
    };
    await pay('mario.rossi@demo.it', 'rossi-studio', 'CRO-YEAR-1'); // 25 November 2026
    s.t.clock.set(new Date('2027-01-12T10:00:00.000Z'));
    await pay('luca.verdi@demo.it', 'verdi-promo', 'CRO-YEAR-2');
    await s.t.settle();
    const page = await s.open('/back-office#/dashboard?by=day');
    await s.login(page, 'backoffice@demo.it');
    const revenue = page.locator('section[aria-labelledby="revenue-period-title"]');
    await revenue.getByRole('heading', { name: 'Incassi per giorno' }).waitFor();
    await revenue.locator('summary').click();
    await revenue.getByRole('cell', { name: '25 nov 2026' }).waitFor();
    await revenue.getByRole('cell', { name: '12 gen 2027' }).waitFor();
    await page.getByLabel('Raggruppa').selectOption({ label: 'automatico' });
    await page.getByRole('button', { name: 'Applica' }).click();
    await revenue.getByRole('heading', { name: 'Incassi per mese' }).waitFor();
    await revenue.locator('summary').click();
    await revenue.getByRole('cell', { name: 'nov 2026' }).waitFor();
    await revenue.getByRole('cell', { name: 'gen 2027' }).waitFor();
  });

  it('filters the dashboard by dates, with KPIs first, whole-number and euro axes, empty charts said so, and an operations panel', async () => {
    const { orderNumber, grossCents } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio');
    const office = await s.api('backoffice@demo.it');
    await office
      .post('/back-office/payments', {
        orderNumber,
        amountCents: grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-DASH-1',
      })
      .expect(200);
    await s.t.settle();
    const page = await s.open('/back-office#/dashboard');
    await s.login(page, 'backoffice@demo.it');
    await s.heading(page, 'Cruscotto');
    expect(await page.locator('#kpi-revenue').textContent()).toBe(itMoney(grossCents));
    expect(await page.locator('#kpi-paid').textContent()).toBe('1');
    const revenue = page.locator('section[aria-labelledby="revenue-period-title"]');
    await revenue.locator('canvas').waitFor();
    // The whole history comes by month.
    await revenue.getByRole('heading', { name: 'Incassi per mese' }).waitFor();
    await revenue.locator('summary').click();
    await revenue.getByRole('columnheader', { name: 'Mese' }).waitFor();
    await revenue.getByRole('columnheader', { name: 'Incassi' }).waitFor();
    await revenue.getByRole('cell', { name: 'nov 2026' }).waitFor();
    // The count axis ticks in whole numbers, the revenue axis in euro (read off the drawn chart).
    const ticks = await page.evaluate(() => {
      const charts = (
        window as unknown as {
          Chart: { getChart(id: string): { scales: { y: { ticks: { label: string }[] } } } };
        }
      ).Chart;
      return {
        status: charts.getChart('orders-status')!.scales.y.ticks.map((tick) => tick.label),
        revenue: charts.getChart('revenue-period')!.scales.y.ticks.map((tick) => tick.label),
      };
    });
    expect(ticks.status.every((label) => /^\d+$/.test(label))).toBe(true);
    expect(ticks.revenue.every((label) => /€/.test(label))).toBe(true);
    await s.accessible(page);

    // Asked by day, the same history day by day.
    await page.getByLabel('Raggruppa').selectOption({ label: 'per giorno' });
    await page.getByRole('button', { name: 'Applica' }).click();
    await page.waitForFunction(() => location.hash.includes('by=day'));
    await revenue.getByRole('heading', { name: 'Incassi per giorno' }).waitFor();
    await revenue.locator('summary').click();
    await revenue.getByRole('columnheader', { name: 'Giorno' }).waitFor();
    await revenue.getByRole('cell', { name: '25 nov' }).waitFor();
    expect(await page.getByLabel('Raggruppa').inputValue()).toBe('day');
    await s.shot(page, 'back-office-dashboard');
    await page.getByLabel('Raggruppa').selectOption({ label: 'automatico' });

    await page.getByLabel('Dal', { exact: true }).fill('2026-11-01');
    await page.getByLabel('Al', { exact: true }).fill('2026-11-24');
    await page.getByRole('button', { name: 'Applica' }).click();
    await page.waitForFunction(() => location.hash.includes('to=2026-11-24'));
    await page.locator('#revenue-period-empty').getByText('Nessun dato per il periodo scelto.').waitFor();
    expect(await page.locator('#kpi-revenue').textContent()).toBe(itMoney(0));
    await s.fits(page);

    await page.getByRole('link', { name: 'Operazioni' }).click();
    await s.heading(page, 'Operazioni');
    await page.getByRole('columnheader', { name: 'Eventi indietro' }).waitFor();
    await page.getByRole('cell', { name: 'back-office', exact: true }).waitFor();
    // The lag is a number of milliseconds or a dash, never "NaN ms".
    const lag = page.getByRole('table', { name: 'Ritardo delle proiezioni (eventi indietro)' });
    expect(await lag.getByText('NaN').count()).toBe(0);
    await lag
      .getByRole('cell', { name: /^\d+ ms$/ })
      .first()
      .waitFor();
    await s.accessible(page);
  });

  it('shows an event a projection parked, with its error in its card, and skips it with a reason', async () => {
    const { position } = await s.t.app.get<EventStore>(EVENT_STORE).append(
      orderStream(randomUUID()),
      [
        {
          id: randomUUID(),
          type: 'CartReshuffled',
          data: {},
          metadata: { correlationId: 'browser-poison', causationId: null, schemaVersion: 1 } as never,
        },
      ],
      'no_stream',
    );
    const backOffice = await s.t.login('backoffice@demo.it');
    await eventually(async () => {
      const { body } = await backOffice.get('/back-office/operations/parked-events').expect(200);
      if (
        !body.items.some(
          (p: { projection: string; position: number }) =>
            p.projection === 'scheduler-agenda' && p.position === position,
        )
      )
        throw new Error('not parked yet');
    }, 60_000);
    const shown = new Intl.NumberFormat('it-IT').format(position);
    const page = await s.open('/back-office#/operations', 375);
    await s.login(page, 'backoffice@demo.it');
    await s.heading(page, 'Operazioni');
    await page.getByRole('heading', { name: 'Eventi messi da parte' }).waitFor();
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: `CartReshuffled alla posizione ${shown} (scheduler-agenda)` }),
    });
    await card.getByText('No decoder knows event type CartReshuffled', { exact: false }).waitFor();
    await card.getByText('Tentativi').waitFor();
    await s.accessible(page);
    await s.fits(page);

    await card.getByLabel('Motivo').fill('scritto da un test');
    await card.getByRole('button', { name: 'Salta' }).click();
    await page
      .getByRole('status')
      .getByText(`L'evento alla posizione ${position} è stato saltato da scheduler-agenda.`)
      .waitFor();
    expect(await card.count()).toBe(0);
    const decided = page
      .getByRole('table', { name: 'Eventi già decisi' })
      .getByRole('row')
      .filter({ hasText: 'scheduler-agenda' });
    await decided.getByText('saltato', { exact: true }).waitFor();
    await decided.getByText('scritto da un test').waitFor();
    await s.accessible(page);
  });
});
