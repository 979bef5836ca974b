import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AdjustableClock, Projections } from '@app/platform';
import { ServiceConfig, loadConfig } from '../../apps/api/src/config';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { createApp } from '../../apps/api/src/create-app';
import { DEMO_PASSWORD, demoServiceId, seedDemoData } from '../../apps/api/src/demo-data';
import { SmtpReceiver } from './smtp-receiver';
import { ContractCheck } from './contract';
import { describeWhen, engines, freshSchema } from '../../libs/event-store/src/testing/engines';
import { eventStoreDb } from '../../libs/event-store/src/testing/containers';

/** The moment every suite starts at, unless it needs another: a Wednesday, a working day in Rome. */
export const TEST_NOW = new Date('2026-11-25T10:00:00.000Z');

/** A clock the test moves by hand. */
export class FakeClock implements AdjustableClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export type Engine = 'sqlite' | 'postgres' | 'eventstoredb';

/** Runs the suite on the embedded engines and again on PostgreSQL (skipped, with the reason, without it). */
export function forEachEngine(name: string, suite: (engine: Engine) => void): void {
  describeWhen('', `${name} [sqlite]`, () => suite('sqlite'));
  describeWhen(engines.postgresMissing, `${name} [postgres]`, () => suite('postgres'));
  describeWhen(engines.postgresMissing || eventStoreDb.missing, `${name} [eventstoredb]`, () =>
    suite('eventstoredb'),
  );
}

export interface TestApp {
  engine: Engine;
  app: NestFastifyApplication;
  config: ServiceConfig;
  smtp: SmtpReceiver;
  clock: FakeClock;
  dataDir: string;
  /** Every answer checked against the OpenAPI document; `close()` fails the suite on a mismatch. */
  contract: ContractCheck | null;
  http(): request.Agent;
  login(username: string): Promise<Api>;
  /** Until every projection and process here has applied the whole log (what a read after a write needs). */
  settle(): Promise<void>;
  /** Stops the app, keeping the data folder and the SMTP receiver. */
  stopApp(): Promise<void>;
  /** Starts a new app on the same data folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface Api {
  token: string;
  get(path: string, minPosition?: number | null): request.Test;
  post(path: string, body?: object, headers?: Record<string, string>): request.Test;
  put(path: string, body?: object, headers?: Record<string, string>): request.Test;
  delete(path: string): request.Test;
}

/** The real application on a fresh SQLite data folder, with a real SMTP receiver and a fake clock. */
export async function startTestApp(
  options: {
    now?: Date;
    seed?: boolean;
    engine?: Engine;
    env?: Record<string, string>;
    /** Fills the data folder (and the PostgreSQL schema, if any) before the app starts. */
    prepare?: (dataDir: string, schema: string | null) => Promise<void>;
  } = {},
): Promise<TestApp> {
  const engine = options.engine ?? 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'renewals-e2e-'));
  const schema = engine === 'sqlite' ? null : await freshSchema('e2e');
  // EventStoreDB holds the events (a server per suite); PostgreSQL the read models.
  const esdb = engine === 'eventstoredb' ? await eventStoreDb.start() : null;
  const smtp = new SmtpReceiver();
  const smtpUrl = await smtp.start();
  const clock = new FakeClock(options.now ?? new Date());
  const config = loadConfig({
    DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    AUTH_SECRET: 'e2e-secret',
    LOG_LEVEL: 'error',
    // The suites log in often from one address; the limits have a suite of their own (access).
    LOGIN_LIMIT_PER_ADDRESS: '100000/60',
    LOGIN_LIMIT_PER_ACCOUNT: '100000/60',
    ...options.env,
    ...(schema ? { DATABASE_URL: engines.postgresUrl, DATABASE_SCHEMA: schema.schema } : {}),
    ...(esdb ? { EVENTSTORE_URL: esdb.url } : {}),
  });
  if (engine !== 'sqlite' && !config.databaseUrl) throw new Error(`the ${engine} run must use PostgreSQL`);
  let app: NestFastifyApplication;
  let contract: ContractCheck | null = null;
  const inspectAnswers = (document: OpenAPIObject) => {
    contract ??= new ContractCheck(document);
    return contract.inspect;
  };
  try {
    await options.prepare?.(dataDir, schema?.schema ?? null);
    app = await createApp(config, { clock, logger: false, inspectAnswers });
    if (options.seed !== false) await seedDemoData(app);
  } catch (error) {
    await smtp.stop();
    await schema?.drop();
    await esdb?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const http = () => request.agent(app.getHttpServer());
  const harness: TestApp = {
    engine,
    get app() {
      return app;
    },
    config,
    smtp,
    clock,
    dataDir,
    http,
    async login(username: string): Promise<Api> {
      const response = await http()
        .post('/auth/login')
        .send({ username, password: DEMO_PASSWORD })
        .expect(200);
      const token = response.body.accessToken as string;
      const auth = { authorization: `Bearer ${token}` };
      return {
        token,
        get: (path, minPosition) => {
          const req = http().get(path).set(auth);
          return minPosition ? req.set('x-min-position', String(minPosition)) : req;
        },
        post: (path, body, headers = {}) =>
          http()
            .post(path)
            .set(auth)
            .set(headers)
            .send(body ?? {}),
        put: (path, body, headers = {}) =>
          http()
            .put(path)
            .set(auth)
            .set(headers)
            .send(body ?? {}),
        delete: (path) => http().delete(path).set(auth),
      };
    },
    async settle() {
      const store = app.get<EventStore>(EVENT_STORE);
      const projections = app.get(Projections);
      await eventually(async () => {
        const head = await store.headPosition();
        for (const status of await projections.status())
          if (status.position < head) throw new Error(`${status.name} behind`);
      }, 10_000);
    },
    async stopApp() {
      await app.close();
    },
    async restart() {
      app = await createApp(config, { clock, logger: false, inspectAnswers });
    },
    get contract() {
      return contract;
    },
    async close() {
      await app.close().catch(() => undefined);
      await smtp.stop();
      await schema?.drop();
      await esdb?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      contract?.assertNone();
    },
  };
  await harness.settle(); // the demo data is in the read models before any test reads them
  return harness;
}

export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The three consents, each in the document version currently in force. */
export function currentConsents(config: ServiceConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config.renewals.documents).map(([type, document]) => [type, document.version]),
  );
}

/** Checkout, payment method and confirmation with the current consents: the order's confirmed summary. */
export async function confirmOrder(t: TestApp, api: Api, orderId: string, method = 'BANK_TRANSFER') {
  await api.post(`/me/orders/${orderId}/checkout`).expect(200);
  await api.put(`/me/orders/${orderId}/payment-method`, { method }).expect(200);
  return (
    await api.post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) }).expect(200)
  ).body;
}

/** Opens the renewal of a demo service and confirms it. */
export async function renewAndConfirm(t: TestApp, api: Api, serviceKey: string, method = 'BANK_TRANSFER') {
  const orderId: string = (await api.post(`/me/services/${demoServiceId(serviceKey)}/renewal`).expect(201))
    .body.orderId;
  return { orderId, confirmed: await confirmOrder(t, api, orderId, method) };
}
