/// <reference lib="dom" />
// What the Chromium suites share: one browser per suite, an app per test, and the checks every page gets
// (its own Content-Security-Policy, axe-core, no horizontal overflow). page.evaluate callbacks run in the
// browser: they see the DOM.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { engines } from '../../libs/event-store/src/testing/engines';
import { demoServiceId } from '../../apps/api/src/demo-data';
import { Api, Engine, TEST_NOW, TestApp, currentConsents, startTestApp } from './test-app';

export const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const itMoney = (cents: number) =>
  new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(cents / 100);
export const itLong = (at: Date) =>
  new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(at);

/** Ticks the three consents of the order form (or of the auto-renew page). */
export async function tickConsents(page: Page): Promise<void> {
  for (const label of [/Accetto le condizioni generali/, /Approvo specificamente/, /Ho letto l'informativa/])
    await page.getByLabel(label).check();
}

/** Gives the three consents, presses "Conferma" and waits for the confirmation page. */
export async function confirmInPage(page: Page): Promise<void> {
  await tickConsents(page);
  await page.getByRole('button', { name: 'Conferma' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ordine confermato' }).waitFor();
}

export interface BrowserSuite {
  readonly t: TestApp;
  readonly base: string;
  /** A page in a fresh context (it-IT, Europe/Rome) at `path`. */
  open(path: string, width?: number): Promise<Page>;
  /** Logs in on the login form that the page shows. */
  login(page: Page, username: string): Promise<void>;
  /** Waits for the page's h1. */
  heading(page: Page, name: string | RegExp): Promise<void>;
  /** axe-core on the page as it is: no serious or critical violation. */
  accessible(page: Page): Promise<void>;
  /** Nothing wider than the screen. */
  fits(page: Page): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  api(username: string): Promise<Api>;
  /** A renewal of a demo service opened through the API, checked out with `method` (not confirmed). */
  checkedOut(username: string, serviceKey: string, method?: string): Promise<string>;
  /** A renewal of a demo service confirmed through the API. */
  confirmed(
    username: string,
    serviceKey: string,
    options?: { years?: number; method?: string },
  ): Promise<{ orderId: string; orderNumber: string; grossCents: number }>;
}

/**
 * Registers the hooks of a Chromium suite: the browser for the whole file, an app (with its demo data) for
 * each test. Every page must pass its own Content-Security-Policy: a violation fails the test.
 */
export function browserSuite(options: { now?: Date; engine?: Engine; env?: Record<string, string> } = {}) {
  let browser: Browser;
  let t: TestApp;
  let base = '';
  const cspViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: engines.chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    t = await startTestApp({
      now: options.now ?? TEST_NOW,
      engine: options.engine ?? 'sqlite',
      env: options.env,
    });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterEach(async () => {
    await t.close();
    expect(cspViolations.splice(0)).toEqual([]);
  });

  const suite: BrowserSuite = {
    get t() {
      return t;
    },
    get base() {
      return base;
    },
    async open(path, width = 1280) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        locale: 'it-IT',
        timezoneId: 'Europe/Rome',
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${path}: ${message.text()}`);
      });
      await page.goto(base + path);
      return page;
    },
    async login(page, username) {
      await page.getByLabel('Email').fill(username);
      await page.getByLabel('Password').fill('demo1234');
      await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
    },
    heading: (page, name) => page.getByRole('heading', { level: 1, name }).waitFor(),
    async accessible(page) {
      // Evaluated through the devtools protocol, which the page's CSP does not govern.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run(): Promise<{
                violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
              }>;
            };
          }
        ).axe.run();
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
      });
      expect(violations).toEqual([]);
    },
    async fits(page) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    api: (username) => t.login(username),
    async checkedOut(username, serviceKey, method = 'BANK_TRANSFER') {
      const api = await t.login(username);
      const orderId: string = (
        await api.post(`/me/services/${demoServiceId(serviceKey)}/renewal`).expect(201)
      ).body.orderId;
      await api.post(`/me/orders/${orderId}/checkout`).expect(200);
      await api.put(`/me/orders/${orderId}/payment-method`, { method }).expect(200);
      await t.settle();
      return orderId;
    },
    async confirmed(username, serviceKey, { years = 1, method = 'BANK_TRANSFER' } = {}) {
      const api = await t.login(username);
      const orderId = await suite.checkedOut(username, serviceKey, method);
      if (years > 1) await api.put(`/me/orders/${orderId}/term`, { years }).expect(200);
      const order = (
        await api
          .post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) })
          .expect(200)
      ).body;
      await t.settle();
      return {
        orderId,
        orderNumber: order.orderNumber as string,
        grossCents: order.quote.grossCents as number,
      };
    },
  };
  return suite;
}
