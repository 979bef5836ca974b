/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { browserSuite, confirmInPage } from './support/browser';

/** What a page says, without what the person typed or the raw JSON a click away. */
const visibleText = (page: Page) =>
  page.evaluate(() => {
    let text = document.body.innerText;
    for (const raw of Array.from(document.querySelectorAll('pre'))) text = text.replace(raw.innerText, '');
    return text;
  });

/** Words that are Italian only: none may show in English mode. */
const ITALIAN =
  /\b(anno|anni|Carrello|Totale|Imponibile|Bonifico|Paga|Spazio|Utenti|Durata|Scadenza|Conferma|Rinnovo|ordine|giorni|entro)\b/;
/** A dictionary key shown instead of its words (statuses.CART, payNow). */
const RAW_KEY = /\b[a-z]+\.[A-Z_]{3,}\b|\b[a-z]+[A-Z][a-z]+[A-Za-z]*\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

// 1 December: FE Rossi S.r.l. expires on 11 December, so its dates need the elided article.
describeWhen(engines.chromiumMissing, 'the words on the pages in Chromium (e2e)', () => {
  const s = browserSuite({ now: new Date('2026-12-01T10:00:00.000Z') });

  it('writes Italian as a native speaker does: "1 anno", "l\'11 dicembre", no ISO dates, no "Sconto: Sconto"', async () => {
    const orderId = await s.checkedOut('mario.rossi@demo.it', 'rossi-srl', 'BANK_TRANSFER');
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Rossi S.r.l.');
    const form = await visibleText(page);
    expect(form).toContain("Dopo il rinnovo il servizio scadrà l'11 dicembre 2027.");
    expect(form).toMatch(/\(1 anno\)/);
    expect(form).not.toMatch(/\b1 anni\b/);
    expect(form).not.toMatch(/\bil 11\b/);
    expect(form).not.toMatch(ISO_DATE);
    await page.getByLabel('Durata').selectOption('3');
    await page.getByText('Sconto pluriennale, 3 anni (−5%)').waitFor();
    expect(await visibleText(page)).not.toContain('Sconto: Sconto');
    await confirmInPage(page);
    expect(await visibleText(page)).not.toMatch(ISO_DATE);

    await page.goto(`${s.base}/#/services`);
    await s.heading(page, 'I miei servizi');
    expect(await visibleText(page)).not.toMatch(ISO_DATE);

    const office = await s.open('/back-office#/audit/orders/' + orderId);
    await s.login(office, 'backoffice@demo.it');
    await office.getByRole('heading', { name: 'Ordine confermato' }).waitFor();
    expect(await visibleText(office)).not.toMatch(ISO_DATE);
  });

  it('translates everything in English: catalog lines, warnings, payment steps, statuses', async () => {
    const orderId = await s.checkedOut('mario.rossi@demo.it', 'rossi-srl', 'POSTAL_SLIP');
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Rossi S.r.l.');
    await page.getByLabel('Lingua').selectOption('en');
    await s.heading(page, 'Renewal of FE Rossi S.r.l.');
    let text = await visibleText(page);
    // A postal slip registers after the expiry of 11 December: the warning, in English.
    expect(text).toMatch(/expire|expiry/i);
    expect(text).toContain('E-invoicing (1 year)');
    expect(text).not.toMatch(ITALIAN);
    expect(text).not.toMatch(RAW_KEY);
    for (const label of [/I accept the general terms/, /I specifically approve/, /I have read the privacy/])
      await page.getByLabel(label).check();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await s.heading(page, 'Order confirmed');
    text = await visibleText(page);
    expect(text).toMatch(/Fill in a postal slip/);
    expect(text).not.toMatch(ITALIAN);
    expect(text).not.toMatch(RAW_KEY);
    await page.getByRole('link', { name: 'My services' }).click();
    await s.heading(page, 'My services');
    text = await visibleText(page);
    expect(text).not.toMatch(ITALIAN);
    expect(text).not.toMatch(RAW_KEY);
    await page.getByRole('link', { name: 'My orders' }).click();
    await s.heading(page, 'My orders');
    expect(await visibleText(page)).not.toMatch(RAW_KEY);
  });
});
