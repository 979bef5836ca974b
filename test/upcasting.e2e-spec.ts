import { beforeAll, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { renewalEvents } from '@app/renewals/domain';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import {
  LEGACY_FIXTURE,
  LEGACY_FIXTURE_NOW,
  LegacyEvent,
  Rewrite,
  installLegacyFixture,
  legacyAnswers,
} from './support/legacy-fixture';
import { readModels } from './support/read-models';
import { Engine, TestApp, startTestApp } from './support/test-app';

const CUSTOMERS = ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it'];

/** Each event of the old log as today's code writes it: decoded (upcast), stamped with its current version. */
const inTodaysShape: Rewrite = (event) => ({
  data: renewalEvents.decode(event).data,
  metadata: { ...event.metadata, schemaVersion: renewalEvents.versions[event.type] },
});

type Json = Record<string, unknown>;
const omit = (value: Json, ...keys: string[]): Json =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
/**
 * The November dashboard in today's names: its revenue by day was `revenueByDay` with a `day` on each row
 * until the dashboard learned to sum by month (2026-12-07); asked `by=day`, today's answers the same rows.
 */
const inTodaysNames = ({ revenueByDay, ...dashboard }: Json): Json => ({
  ...dashboard,
  revenueByPeriod: (revenueByDay as Json[]).map(({ day, ...row }) => ({ period: day, ...row })),
});

/**
 * An order as the November 2026 server answered it, less the words that became codes (quote line and
 * discount descriptions, warning sentences, the steps of how to pay and the registration time in Italian,
 * the decline reason): what is left must be what today's code answers from the same log.
 */
function withoutWords(order: Json): Json {
  const quote = order.quote as { lines: Json[]; discounts: Json[] };
  const pay = order.paymentInstructions as Json | null;
  const declined = order.chargeDeclined as Json | null;
  return {
    ...order,
    quote: {
      ...quote,
      lines: quote.lines.map((line) => omit(line, 'description')),
      discounts: quote.discounts.map((discount) => omit(discount, 'description')),
    },
    paymentWarnings: (order.paymentWarnings as Json[]).map((warning) => omit(warning, 'message')),
    paymentInstructions: pay && omit(pay, 'steps', 'registrationTime'),
    chargeDeclined: declined && omit(declined, 'reason'),
  };
}

/** What today's code answers about the data folder, in the shape the recording script wrote. */
async function answersOf(t: TestApp) {
  const customers: Record<string, { services: Json[]; orders: Json[]; order: Record<string, Json> }> = {};
  for (const username of CUSTOMERS) {
    const api = await t.login(username);
    const orders = (await api.get('/me/orders').expect(200)).body as Json[];
    const order: Record<string, Json> = {};
    for (const { orderId } of orders)
      order[orderId as string] = (await api.get(`/me/orders/${orderId}`).expect(200)).body;
    customers[username] = { services: (await api.get('/me/services').expect(200)).body, orders, order };
  }
  const office = await t.login('backoffice@demo.it');
  return {
    customers,
    backOffice: {
      refunds: (await office.get('/back-office/refunds').expect(200)).body as Json[],
      awaiting: (await office.get('/back-office/payments/awaiting?offline=false').expect(200)).body as Json[],
      // Less how long the projections took (wall time), which no two runs share.
      dashboard: omit(
        (await office.get('/back-office/dashboard?by=day').expect(200)).body as Json,
        'projections',
      ),
    },
  };
}

async function withApp<T>(engine: Engine, rewrite: Rewrite | undefined, read: (t: TestApp) => Promise<T>) {
  const t = await startTestApp({
    now: LEGACY_FIXTURE_NOW,
    engine,
    seed: false,
    prepare: (dataDir, schema) => installLegacyFixture(dataDir, schema, rewrite),
  });
  try {
    return await read(t);
  } finally {
    await t.close();
  }
}

/**
 * The first real upcasting: the log the November 2026 code wrote (events with Italian sentences inside,
 * no schema version) still loads, answers what that code's read models answered less the words that
 * became codes, and rebuilds exactly the read models that the same log rewritten in today's shapes does.
 */
for (const engine of ['sqlite', 'postgres'] as const)
  describeWhen(
    engine === 'postgres' ? engines.postgresMissing : '',
    `upcasting the November 2026 log (e2e) [${engine}]`,
    () => {
      let legacy: { answers: Awaited<ReturnType<typeof answersOf>>; tables: Record<string, unknown[]> };

      beforeAll(async () => {
        legacy = await withApp(engine, undefined, async (t) => ({
          answers: await answersOf(t),
          tables: await readModels(t),
        }));
      });

      it('writes version 2 of the events that carried words: today the fixture is all version 1', () => {
        const db = new Database(join(LEGACY_FIXTURE, 'events.db'), { readonly: true });
        const rows = db.prepare('SELECT stream_id, type, data, metadata FROM events').all() as Array<
          Record<string, string>
        >;
        db.close();
        const events: LegacyEvent[] = rows.map((row) => ({
          streamId: row.stream_id,
          type: row.type,
          data: JSON.parse(row.data),
          metadata: JSON.parse(row.metadata),
        }));
        expect(events.every((event) => event.metadata.schemaVersion === undefined)).toBe(true);
        const changed = events.filter(
          (event) => JSON.stringify(inTodaysShape(event).data) !== JSON.stringify(event.data),
        );
        // Every quote, warning, instruction and decline: the rewrite is not the identity.
        expect(new Set(changed.map((event) => event.type))).toEqual(
          new Set([
            'RenewalRequested',
            'CartModified',
            'CheckoutStarted',
            'PaymentMethodChosen',
            'TermChosen',
            'OrderConfirmed',
            'AutoRenewalChargeDeclined',
            'PaymentRegistered',
            'RenewalOrderOpened',
            'ExpiryReminderDue',
            'ServiceExpired',
          ]),
        );
      });

      it('answers what the November 2026 read models answered, less the words that became codes', () => {
        const before = legacyAnswers();
        const now = legacy.answers;
        for (const username of CUSTOMERS) {
          const old = before.customers[username];
          const today = now.customers[username];
          // Day counts are in Rome's calendar days since then (issue 10): across a switch of summer time the
          // end of the grace period and the charge day are an hour from what they were in UTC.
          expect(today.services).toMatchObject(
            (old.services as Json[]).map((service) => ({
              ...omit(service, 'graceEndsAt'),
              autoRenewal: omit(service.autoRenewal as Json, 'chargesAt'),
            })),
          );
          // ...and none of the words: no description, sentence, step or registration time in Italian.
          expect(JSON.stringify(today)).not.toMatch(/"(description|message|steps|registrationTime)"/);
          expect(today.orders).toMatchObject((old.orders as Json[]).map(withoutWords));
          expect(Object.keys(today.order).sort()).toEqual(Object.keys(old.order).sort());
          for (const [orderId, order] of Object.entries(old.order as Record<string, Json>)) {
            const current = today.order[orderId];
            expect(current).toMatchObject(withoutWords(order));
            // The facts the words held are still there, as facts.
            const pay = order.paymentInstructions as { steps: string[] } | null;
            const payNow = current.paymentInstructions as {
              reference: string;
              payee?: { iban?: string; postalAccount?: string };
            } | null;
            if (pay && payNow) {
              const steps = pay.steps.join(' ');
              for (const fact of [payNow.payee?.iban, payNow.payee?.postalAccount].filter(Boolean))
                expect(steps).toContain(fact);
              if (payNow.payee) expect(steps).toContain(payNow.reference);
            }
            (order.paymentWarnings as Array<{ message: string }>).forEach((warning, index) => {
              const fact = (current.paymentWarnings as Array<{ serviceExpiresAt?: string }>)[index];
              expect(warning.message).toContain(fact.serviceExpiresAt!.slice(0, 10));
            });
          }
        }
        expect(now.backOffice.refunds).toMatchObject(before.backOffice.refunds as Json[]);
        expect(now.backOffice.awaiting).toMatchObject(
          (before.backOffice.awaiting as Json[]).map((row) => omit(row, 'registrationTime')),
        );
        expect(now.backOffice.dashboard).toMatchObject(
          inTodaysNames(omit(before.backOffice.dashboard, 'projections')),
        );
        expect(Object.keys(now.backOffice.dashboard)).toContain('funnel');
      });

      it("rebuilds the same read models as the same log rewritten in today's shapes", async () => {
        const rewritten = await withApp(engine, inTodaysShape, async (t) => ({
          answers: await answersOf(t),
          tables: await readModels(t),
        }));
        expect(rewritten.answers).toEqual(legacy.answers);
        expect(rewritten.tables).toEqual(legacy.tables);
      });
    },
  );
