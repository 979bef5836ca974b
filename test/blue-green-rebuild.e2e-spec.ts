import { existsSync, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { orderStream } from '@app/renewals';
import { demoServiceId } from '../apps/api/src/demo-data';
import { readModels } from './support/read-models';
import { projectionsCli } from './support/projections-cli';
import { OutboxSender } from '@app/notifier';
import {
  Api,
  TestApp,
  confirmOrder,
  eventually,
  forEachEngine,
  startTestApp,
  TEST_NOW,
} from './support/test-app';

const cli = projectionsCli;

/**
 * `npm run projections -- rebuild`: a new version of each read model is built beside the live one, in
 * another process, while the server keeps answering; the switch is atomic, and a replay sends nothing.
 */
forEachEngine('blue/green rebuild beside a running server (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
    // Orders in every state the read models keep: paid, awaiting payment, in the cart.
    for (const key of ['rossi-studio', 'rossi-srl']) {
      const order = (await mario.post(`/me/services/${demoServiceId(key)}/renewal`).expect(201)).body;
      await mario.post(`/me/orders/${order.orderId}/cart/storage`, { packs: 1 }).expect(200);
      const confirmed = await confirmOrder(t, mario, order.orderId);
      if (key === 'rossi-studio')
        await backOffice
          .post('/back-office/payments', {
            orderNumber: confirmed.orderNumber,
            amountCents: confirmed.quote.grossCents,
            method: 'BANK_TRANSFER',
            transactionId: `CRO-BG-${engine}`,
          })
          .expect(200);
    }
    await t.settle();
  }, 120_000);
  afterAll(() => t.close());

  /** The customer's and the back office's pages, asked for again and again; what any answer lacked. */
  function keepQuerying() {
    const faults: string[] = [];
    let answers = 0;
    let stop = false;
    const check = async (path: string, api: Api, full: (body: never) => boolean) => {
      const response = await api.get(path);
      answers++;
      if (response.status !== 200)
        faults.push(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      else if (!full(response.body as never)) faults.push(`${path}: empty ${JSON.stringify(response.body)}`);
    };
    const loop = (async () => {
      while (!stop)
        await Promise.all([
          check('/me/services', mario, (b: unknown[]) => b.length === 2),
          check(
            '/me/orders',
            mario,
            (b: { status: string }[]) => b.length === 2 && b.some((o) => o.status === 'PAID'),
          ),
          check('/back-office/orders?q=Rossi', backOffice, (b: unknown[]) => b.length === 2),
          check('/back-office/payments/awaiting', backOffice, (b: unknown[]) => b.length === 1),
          check(
            '/back-office/dashboard',
            backOffice,
            (b: { kpis: { paidOrders: number } }) => b.kpis.paidOrders === 1,
          ),
        ]);
    })();
    return {
      async end() {
        stop = true;
        await loop;
        return { faults, answers };
      },
    };
  }

  it('rebuilds every read model beside the live ones while the API answers, with no error, no empty page, nothing sent', async () => {
    const before = await readModels(t);
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    // Every email the orders above called for is out before counting them.
    await t.app.get(OutboxSender).drain();
    const subjects = (start: string) => t.smtp.messages.filter((m) => m.subject?.startsWith(start));
    await eventually(() =>
      expect([subjects('Conferma ordine'), subjects('Servizio rinnovato')].map((m) => m.length)).toEqual([
        2, 1,
      ]),
    );
    const emails = t.smtp.messages.length;
    const queries = keepQuerying();
    const rebuild = await cli(t, 'rebuild', '--all');
    const { faults, answers } = await queries.end();
    expect(rebuild.stderr).toBe('');
    expect(rebuild.code).toBe(0);
    for (const name of ['accounts', 'back-office', 'customer-area', 'scheduler-agenda'])
      expect(rebuild.stdout).toMatch(
        new RegExp(`^${name}: rebuilt from \\d+ events in [\\d.]+ s, live at position ${head} `, 'm'),
      );
    expect(rebuild.stdout).not.toContain('email-notifier');
    // Not a terminal here: one line per phase, with the figures.
    expect(rebuild.stdout).toMatch(/^customer-area: switching 100% \(\d+\/\d+ events {2}[\d,]+ ev\/s\)$/m);
    expect(answers).toBeGreaterThan(20);
    expect(faults).toEqual([]);

    // The same read models, the same log, no email, and the staging copies gone.
    await t.settle();
    expect(await readModels(t)).toEqual(before);
    expect(await t.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(head);
    await t.app.get(OutboxSender).drain();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.smtp.messages.length).toBe(emails);
    if (engine === 'sqlite') expect(readdirSync(t.dataDir).filter((f) => f.includes('rebuild_'))).toEqual([]);
    // And it goes on: a change after the switch is in the new version.
    const giulia = await t.login('giulia.bianchi@demo.it');
    await giulia.post(`/me/services/${demoServiceId('bianchi-ditta')}/renewal`).expect(201);
    await t.settle();
    expect((await giulia.get('/me/orders').expect(200)).body).toHaveLength(1);
  }, 120_000);
});

/** Its own app: the event it appends would make every later rebuild of that log fail (tests run in random order). */
forEachEngine('blue/green rebuild refusals (e2e)', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
  }, 120_000);
  afterAll(() => t.close());

  it('refuses an unknown projection and the email outbox; a projection failing on an event leaves the live one as it was', async () => {
    expect((await cli(t, 'rebuild', 'no-such-thing')).stderr).toContain(
      'There is no projection named no-such-thing',
    );
    const outbox = await cli(t, 'rebuild', 'email-notifier');
    expect(outbox.code).toBe(1);
    expect(outbox.stderr).toContain('email-notifier keeps decisions with side effects');
    expect((await cli(t, 'rebuild')).code).toBe(2);

    const store = t.app.get<EventStore>(EVENT_STORE);
    const { position } = await store.append(
      orderStream(randomUUID()),
      [
        {
          id: randomUUID(),
          type: 'CartReshuffled',
          data: { by: 'a newer release' },
          metadata: { correlationId: 'poison-bg', causationId: null, schemaVersion: 1 } as never,
        },
      ],
      'no_stream',
    );
    const caTables = async () => {
      const all = await readModels(t);
      return { ca_orders: all.ca_orders, ca_services: all.ca_services };
    };
    const live = await caTables();
    const failed = await cli(t, 'rebuild', 'customer-area');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`customer-area fails on CartReshuffled at position ${position}`);
    expect(failed.stderr).toContain('The live version is unchanged');
    expect(await caTables()).toEqual(live);
    if (engine === 'sqlite')
      expect(existsSync(`${t.config.readModelsFile}.rebuild_customer_area`)).toBe(false);
  }, 120_000);
});
