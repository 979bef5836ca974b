import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { demoServiceId } from '../apps/api/src/demo-data';
import { describeWhen, engines, freshSchema } from '../libs/event-store/src/testing/engines';
import { parseScrape } from './support/prometheus';

const root = join(__dirname, '..');
/** The projections and processes each worker may lead. */
const RUNNERS = [
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
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
}

/** Runs an app from its TypeScript sources as a real process of its own. */
function start(name: string, entry: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return { name, child, output };
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  procs: Proc[],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${what} timed out\n${procs.map((p) => `--- ${p.name}\n${p.output.join('').slice(-2000)}`).join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWhen(engines.postgresMissing, 'two API processes and two workers on one PostgreSQL (e2e)', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let pool: Pool;
  const procs: Proc[] = [];
  const apis: string[] = [];
  const dirs: string[] = [];
  let workers: Proc[] = [];
  /** Where each worker serves its /metrics. */
  const workerMetrics: string[] = [];

  const env = (role: string, port = 0) => {
    const dir = mkdtempSync(join(tmpdir(), `renewals-${role}-`));
    dirs.push(dir);
    return {
      ROLE: role,
      PORT: String(port),
      DATA_DIR: dir,
      DATABASE_URL: engines.postgresUrl,
      DATABASE_SCHEMA: schema.schema,
      AUTH_SECRET: 'multi-process',
    };
  };
  const call = async (
    api: string,
    method: string,
    path: string,
    token?: string,
    body?: object,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(api + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    schema = await freshSchema('multi');
    pool = new Pool({ connectionString: engines.postgresUrl, options: `-c search_path=${schema.schema}` });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      procs.push(start(`api-${i}`, 'apps/api/src/main.ts', env('api', port)));
      apis.push(`http://127.0.0.1:${port}`);
    }
    // The workers say which projections they lead at the `log` level (the test finds the leader by it).
    for (let i = 0; i < 2; i++) workerMetrics.push(`http://127.0.0.1:${await freePort()}`);
    workers = [0, 1].map((i) =>
      start(`worker-${i}`, 'apps/worker/src/main.ts', {
        ...env('worker'),
        LOG_LEVEL: 'log',
        METRICS_PORT: new URL(workerMetrics[i]).port,
      }),
    );
    procs.push(...workers);
    for (const api of apis)
      await until(
        `${api} health`,
        async () => ((await call(api, 'GET', '/health')).status === 200 ? true : undefined),
        90_000,
        procs,
      );
    // A worker serves its counters once it has started, which may be after the APIs answer and the
    // leader has projected the demo data (a standby boots at its own pace): wait for each to be up.
    for (const url of workerMetrics)
      await until(
        `${url} live`,
        async () => ((await fetch(`${url}/health/live`)).status === 200 ? true : undefined),
        90_000,
        procs,
      );
    await until(
      'demo data seeded and projected',
      async () => {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${schema.schema}_read.ca_services`);
        return rows[0].n === 7 ? true : undefined;
      },
      60_000,
      procs,
    );
  }, 150_000);

  afterAll(async () => {
    for (const proc of procs) proc.child.kill('SIGTERM');
    await Promise.all(
      procs.map(
        (proc) =>
          new Promise((resolve) =>
            proc.child.exitCode !== null || proc.child.signalCode !== null
              ? resolve(null)
              : proc.child.once('exit', resolve),
          ),
      ),
    );
    await pool?.end();
    await schema?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("serves each worker's own counters on METRICS_PORT: the lag of what it leads, its scheduled actions", async () => {
    // The tests run in any order: a worker another test killed serves nothing, and is left out.
    const alive = workerMetrics.filter(
      (_, i) => workers[i].child.exitCode === null && !workers[i].child.signalCode,
    );
    expect(alive.length).toBeGreaterThan(0);
    const scrapes = await Promise.all(
      alive.map(async (url) => {
        const response = await fetch(`${url}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/plain');
        return parseScrape(await response.text());
      }),
    );
    for (const { families } of scrapes)
      for (const family of [
        'process_cpu_user_seconds_total',
        'scheduler_actions_done_total',
        'projection_position',
      ])
        expect(families.has(family)).toBe(true);
    // The lag is measured where a projection runs: only a worker that leads it has it.
    const lagged = scrapes.flatMap(({ samples }) =>
      samples.filter((s) => s.name === 'projection_lag_p99_seconds').map((s) => s.labels.name),
    );
    expect(lagged.length).toBeGreaterThan(0);
    const projections = RUNNERS.filter((name) => !name.startsWith('process:'));
    for (const name of lagged) expect(projections).toContain(name);
    expect(new Set(lagged).size).toBe(lagged.length); // no projection led by two workers
    expect((await fetch(`${alive[0]}/health/live`)).status).toBe(200);
    const other = await fetch(`${alive[0]}/me/services`);
    expect(other.status).toBe(404);
    expect((await other.json()) as object).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs each projection on exactly one worker', async () => {
    // Each runner's advisory lock is held by one session (a lock is exclusive); after a takeover (the last
    // test), until the standby holds them all again.
    const held = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND objsubid = 1 AND objid::bigint IN (SELECT hashtext($1 || name)::bigint & 4294967295 FROM unnest($2::text[]) AS name)`,
          [`${schema.schema}:`, RUNNERS],
        )
      ).rows[0].n;
    await until(
      'every runner leading',
      async () => ((await held()) === RUNNERS.length ? true : undefined),
      30_000,
      procs,
    );
  });

  it('loses no update when many clients change one cart through both APIs, and every read model converges', async () => {
    const login = await call(apis[0], 'POST', '/auth/login', undefined, {
      username: 'mario.rossi@demo.it',
      password: 'demo1234',
    });
    const token = login.body.accessToken as string;
    const opened = await call(
      apis[1],
      'POST',
      `/me/services/${demoServiceId('rossi-studio')}/renewal`,
      token,
    );
    expect(opened.status).toBe(201);
    const orderId = opened.body.orderId as string;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(
          apis[i % 2],
          'POST',
          `/me/orders/${orderId}/cart/storage`,
          token,
          { packs: 1 },
          { 'idempotency-key': `storage-${i}-0000` },
        ),
      ),
    );
    expect(
      results
        .filter((r) => !(r.status === 200 || (r.status === 409 && r.body.code === 'CONCURRENT_MODIFICATION')))
        .map((r) => `${r.status} ${JSON.stringify(r.body)}`),
    ).toEqual([]);
    const acknowledged = results.filter((r) => r.status === 200);
    expect(acknowledged.length).toBeGreaterThan(0);

    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'CartModified' AND data->'change'->>'kind' = 'STORAGE_INCREASED'`,
      [`renewalOrder-${orderId}`],
    );
    expect(rows[0].n).toBe(acknowledged.length);
    const last = Math.max(...acknowledged.map((r) => r.body.position as number));
    for (const api of apis) {
      const order = await call(api, 'GET', `/me/orders/${orderId}`, token, undefined, {
        'x-min-position': String(last),
      });
      expect(order.status).toBe(200);
      expect(order.body.cart.storagePacks).toBe(acknowledged.length);
    }
    const head = Number((await pool.query('SELECT max(position) AS p FROM events')).rows[0].p);
    await until(
      'checkpoints at head',
      async () => {
        // The read models' checkpoints are in their schema; the reactors' and processes' beside the events.
        const { rows: checkpoints } = await pool.query<{ position: string }>(
          `SELECT position FROM ${schema.schema}_read.projection_checkpoints
           UNION ALL SELECT position FROM ${schema.schema}.projection_checkpoints`,
        );
        return checkpoints.length === RUNNERS.length && checkpoints.every((c) => Number(c.position) >= head)
          ? true
          : undefined;
      },
      20_000,
      procs,
    );
  }, 60_000);

  it('moves the projections to the standby worker when the leading worker dies', async () => {
    const leaderIndex = await until(
      'the worker leading customer-area',
      async () => {
        const index = workers.findIndex((w) =>
          new RegExp(`leading \\d+ of ${RUNNERS.length}: [^\\n]*customer-area`).test(w.output.join('')),
        );
        return index >= 0 ? index : undefined;
      },
      10_000,
      procs,
    );
    workers[leaderIndex].child.kill('SIGKILL');
    const login = await call(apis[1], 'POST', '/auth/login', undefined, {
      username: 'giulia.bianchi@demo.it',
      password: 'demo1234',
    });
    const opened = await call(
      apis[0],
      'POST',
      `/me/services/${demoServiceId('bianchi-ditta')}/renewal`,
      login.body.accessToken,
    );
    expect(opened.status).toBe(201);
    await until(
      'the standby projects the new order',
      async () => {
        const { rows } = await pool.query(
          `SELECT status FROM ${schema.schema}_read.ca_orders WHERE order_id = $1`,
          [opened.body.orderId],
        );
        return rows[0]?.status === 'CART' ? true : undefined;
      },
      30_000,
      procs,
    );
  }, 60_000);
});
