// npm run bench:scale: the service on a big, realistic log (bench/scale-build.js: 100,000 customers,
// 200,000 services, over 1,000,000 events by default), on SQLite and on PostgreSQL (with DATABASE_URL).
// It prints the start time with checkpoints at the head, the rebuild rate of every read model from
// position 0, the p99 of the customer area's and the back office's queries, the server's RSS and the
// flow's req/s on that log beside a fresh log in the same run, and the bytes per stored event.
// The log is built once per size and kept in bench/.cache (SCALE_CUSTOMERS sets the size).
const {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { Pool: PgPool } = require('pg');
const Database = require('better-sqlite3');
const { machineFacts, startApp, stop, flows } = require('./run');
const { buildLog } = require('./scale-build');
const { readHash, readTime } = require('../dist/libs/event-store/src');

const CUSTOMERS = Number(process.env.SCALE_CUSTOMERS || 100000);
const FLOW_CUSTOMERS = Number(process.env.BENCH_CONCURRENCY || 32);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
/**
 * Bump when scale-build.js, or the stored format, changes what it writes: a cached log of another version
 * is rebuilt (2: hashes and times compact, 8 KiB pages; 3: personal fields sealed, keys in state.db;
 * 4: the flow customers' services have billing details, so their payments are invoiced; 5: so do most of
 * the big log's services, through the customer's command).
 */
const GENERATOR_VERSION = 5;
/** Which engines to measure on the log: `sqlite,postgres` (PostgreSQL only with DATABASE_URL). */
const ENGINES = (process.env.SCALE_ENGINES || 'sqlite,postgres').split(',').map((engine) => engine.trim());
const QUERY_SAMPLES = Number(process.env.SCALE_QUERY_SAMPLES || 400);
const QUERY_SECONDS = Number(process.env.SCALE_QUERY_SECONDS || 15);

const TARGETS = {
  startSeconds: 5,
  rebuildEventsPerSecond: 50000,
  rssMb: 300,
  queryP99Ms: 50,
  flowWithin: 0.2,
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The cached SQLite log of this size, built first if there is none. */
async function cachedLog() {
  const dir = path.join(__dirname, '.cache', `scale-${CUSTOMERS}-v${GENERATOR_VERSION}`);
  const builtFile = path.join(dir, 'built.json');
  if (existsSync(path.join(dir, 'events.db')))
    return { dir, built: existsSync(builtFile) ? JSON.parse(readFileSync(builtFile, 'utf8')) : null };
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  console.log(
    `building the log: ${CUSTOMERS} customers (once; kept in ${path.relative(process.cwd(), dir)})`,
  );
  const built = await buildLog(
    { ...process.env, DATA_DIR: building, DATABASE_URL: '', AUTH_SECRET: 'bench' },
    {
      customers: CUSTOMERS,
      flowCustomers: FLOW_CUSTOMERS,
      onProgress: (c) =>
        process.stdout.write(
          `  ${c.customers} customers, ${c.services} services, ${c.seconds.toFixed(0)} s\r`,
        ),
    },
  );
  // The log as a running service has it: its processes (renewal, invoicing, SdI, erasure) and the notifier
  // have handled it, their checkpoints are in the durable state. The bench then deletes the read models
  // only, so that its rebuild figure is the read models' and not the processes' first pass over the log.
  const started = performance.now();
  const once = await startTimed({ DATA_DIR: building });
  await stop(once.app);
  built.processesCaughtUpSeconds = +((performance.now() - started) / 1000).toFixed(1);
  rmSync(path.join(building, 'read-models.db'), { force: true });
  for (const suffix of ['-wal', '-shm'])
    rmSync(path.join(building, `read-models.db${suffix}`), { force: true });
  // One file, no write-ahead log beside it: its size is the log's.
  const db = new Database(path.join(building, 'events.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeFileSync(path.join(building, 'built.json'), JSON.stringify(built));
  renameSync(building, dir);
  console.log('\nbuilt', built);
  return { dir, built };
}

/** What the stored log weighs: the file per event, and the columns' average sizes. */
function logFigures(dir) {
  const db = new Database(path.join(dir, 'events.db'), { readonly: true });
  const row = db
    .prepare(
      `SELECT count(*) AS events, count(DISTINCT stream_id) AS streams, avg(length(data)) AS data,
              avg(length(metadata)) AS metadata, avg(length(id) + length(stream_id) + length(type) + (CASE typeof(recorded_at) WHEN 'integer' THEN 6 ELSE length(recorded_at) END) + coalesce(length(hash), 0)) AS other
         FROM events`,
    )
    .get();
  const services = db.prepare("SELECT count(*) AS n FROM events WHERE type = 'ServiceActivated'").get().n;
  db.close();
  const bytes = statSync(path.join(dir, 'events.db')).size;
  return {
    events: row.events,
    streams: row.streams,
    services,
    fileBytes: bytes,
    bytesPerEvent: Math.round(bytes / row.events),
    averageBytes: {
      data: Math.round(row.data),
      metadata: Math.round(row.metadata),
      idsTypeTimeHash: Math.round(row.other),
    },
  };
}

async function json(pool, method, route, token, body) {
  const response = await pool.request({
    method,
    path: route,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.statusCode, body: await response.body.json() };
}

/** Polls /health until every projection and process has reached the head: the ms it took. */
async function caughtUp(pool, since) {
  for (;;) {
    const health = await json(pool, 'GET', '/health').catch(() => null);
    if (health && health.status === 200 && health.body.projections.every((p) => p.behind === 0))
      return { ms: performance.now() - since, head: health.body.eventStore.headPosition };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the app on `env`'s log; the time to listen and the time until every read model is at the head. */
async function startTimed(env) {
  const started = performance.now();
  const app = await startApp({ ...env, BENCH_SEED: 'false' });
  const listening = performance.now() - started;
  const pool = new Pool(`http://127.0.0.1:${app.port}`, { connections: 4 });
  const ready = await caughtUp(pool, started);
  await pool.close();
  return { app, listeningMs: Math.round(listening), readyMs: Math.round(ready.ms), head: ready.head };
}

/** The day `days` before today (UTC), YYYY-MM-DD. */
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** p99 of the read side with the whole population: customers' services, back-office lists, search, dashboard. */
async function queries(app) {
  const pool = new Pool(`http://127.0.0.1:${app.port}`, { connections: 8 });
  const backOffice = (
    await json(pool, 'POST', '/auth/login', null, { username: 'bo@bench.it', password: 'bench' })
  ).body.accessToken;
  const sample = Array.from({ length: 40 }, (_, k) => Math.floor(((k + 0.5) * CUSTOMERS) / 40));
  const customers = await Promise.all(
    sample.map(
      async (i) =>
        (
          await json(pool, 'POST', '/auth/login', null, {
            username: `cliente.${i}@scala.it`,
            password: 'bench',
          })
        ).body.accessToken,
    ),
  );
  const routes = {
    'GET /me/services': (n) => ['/me/services', customers[n % customers.length]],
    'GET /me/orders': (n) => ['/me/orders', customers[n % customers.length]],
    'GET /back-office/payments/awaiting': () => ['/back-office/payments/awaiting', backOffice],
    'GET /back-office/refunds': () => ['/back-office/refunds', backOffice],
    'GET /back-office/orders?q= (name)': (n) => [
      `/back-office/orders?q=${encodeURIComponent(`Cliente ${sample[n % sample.length]}`)}`,
      backOffice,
    ],
    'GET /back-office/orders?q= (order number digits)': (n) => [
      `/back-office/orders?q=${1000 + ((n * 7919) % 50000)}`,
      backOffice,
    ],
    // The whole history (summed by month), and the last quarter's days (what a range of 92 days gives by day).
    'GET /back-office/dashboard': () => ['/back-office/dashboard', backOffice],
    'GET /back-office/dashboard, last 92 days by day': () => [
      `/back-office/dashboard?from=${daysAgo(91)}&to=${daysAgo(0)}`,
      backOffice,
    ],
  };
  const results = {};
  for (const [name, request] of Object.entries(routes)) {
    const latencies = [];
    let failed = 0;
    let next = 0;
    // At most QUERY_SAMPLES answers or QUERY_SECONDS per route (a slow list must not hold the bench for hours).
    const deadline = performance.now() + QUERY_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < QUERY_SAMPLES && performance.now() < deadline) {
          const [route, token] = request(next++);
          const start = performance.now();
          const response = await pool.request({
            method: 'GET',
            path: route,
            headers: { authorization: `Bearer ${token}` },
          });
          await response.body.text();
          latencies.push(performance.now() - start);
          if (response.statusCode !== 200) failed++;
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    results[name] = {
      samples: latencies.length,
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      failed,
    };
  }
  await pool.close();
  return results;
}

/** Everything measured on one engine: `env` points the app at a copy of the big log, `fresh` at an empty one. */
async function onEngine(name, env, fresh) {
  console.log(`\n== ${name}`);
  const first = await startTimed(env);
  console.log(
    `first start, every read model from position 0: listening after ${first.listeningMs} ms, at the head after ${first.readyMs} ms`,
  );
  await stop(first.app);
  const again = await startTimed(env);
  console.log(
    `restart, checkpoints at the head: listening after ${again.listeningMs} ms, at the head after ${again.readyMs} ms`,
  );
  const read = await queries(again.app);
  console.log('queries', read);
  await flows([again.app], null, WARMUP_SECONDS);
  const big = await flows([again.app], null, SECONDS);
  await stop(again.app);
  const freshApp = await startApp(fresh);
  await flows([freshApp], null, WARMUP_SECONDS);
  const small = await flows([freshApp], null, SECONDS);
  await stop(freshApp);
  const result = {
    firstStart: first,
    restart: again,
    rebuildEventsPerSecond: Math.round(first.head / ((first.readyMs - first.listeningMs) / 1000)),
    queries: read,
    flowOnBigLog: {
      requestsPerSecond: big.requestsPerSecond,
      p99Ms: big.p99Ms,
      serverMaxRssMb: big.serverMaxRssMb,
    },
    flowOnFreshLog: {
      requestsPerSecond: small.requestsPerSecond,
      p99Ms: small.p99Ms,
      serverMaxRssMb: small.serverMaxRssMb,
    },
  };
  delete result.firstStart.app;
  delete result.restart.app;
  return result;
}

/** Copies the built log (events and order numbers) into a fresh PostgreSQL schema the app has migrated. */
async function copyToPostgres(dir, url, schema) {
  // The app creates its tables on an empty schema first (and seeds nothing).
  const empty = mkdtempSync(path.join(os.tmpdir(), 'renewals-scale-pg-'));
  const migrated = await startApp({
    DATA_DIR: empty,
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    BENCH_SEED: 'false',
    BENCH_CUSTOMERS: '0',
  });
  await stop(migrated);
  rmSync(empty, { recursive: true, force: true });
  const sqlite = new Database(path.join(dir, 'events.db'), { readonly: true });
  const pg = new PgPool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  const started = performance.now();
  const select = sqlite.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 5000');
  let after = 0;
  for (;;) {
    const rows = select.all(after);
    if (rows.length === 0) break;
    await pg.query(
      `INSERT INTO events (position, id, stream_id, revision, type, data, metadata, recorded_at, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::text[])`,
      ['position', 'id', 'stream_id', 'revision', 'type', 'data', 'metadata', 'recorded_at', 'hash'].map(
        (column) =>
          rows.map((row) =>
            column === 'hash'
              ? readHash(row.hash)
              : column === 'recorded_at'
                ? readTime(row.recorded_at)
                : row[column],
          ),
      ),
    );
    after = rows[rows.length - 1].position;
  }
  const numbers = sqlite
    .prepare("SELECT key, value, reserved_at FROM keyed_sequences WHERE scope = 'order-number'")
    .all();
  for (let i = 0; i < numbers.length; i += 5000) {
    const batch = numbers.slice(i, i + 5000);
    await pg.query(
      `INSERT INTO order_numbers (order_id, order_number, allocated_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])`,
      [
        batch.map((n) => n.key),
        batch.map(
          (n) => `FE-${new Date(n.reserved_at).getUTCFullYear()}-${String(n.value).padStart(6, '0')}`,
        ),
        batch.map((n) => n.reserved_at),
      ],
    );
  }
  if (numbers.length > 0)
    await pg.query("SELECT setval('order_number_seq', (SELECT max(value) FROM unnest($1::bigint[]) value))", [
      numbers.map((n) => n.value),
    ]);
  const durable = new Database(path.join(dir, 'state.db'), { readonly: true });
  // The processes' and the notifier's checkpoints (their side effects are done): at the first start there,
  // as on SQLite, only the read models start from position 0.
  const checkpoints = durable.prepare('SELECT name, position FROM projection_checkpoints').all();
  // The log's personal fields are sealed with the keys beside it: without them they read as erased (the
  // app's start made its own key for stream names: the log's replaces it).
  const keys = durable.prepare('SELECT * FROM personal_data_keys').all();
  durable.close();
  const keyColumns = ['subject', 'kind', 'key', 'created_at', 'erase_after', 'erased_at'];
  for (let i = 0; i < keys.length; i += 5000) {
    const batch = keys.slice(i, i + 5000);
    await pg.query(
      `INSERT INTO personal_data_keys (${keyColumns.join(', ')})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (subject, kind) DO UPDATE SET key = excluded.key, created_at = excluded.created_at,
         erase_after = excluded.erase_after, erased_at = excluded.erased_at`,
      keyColumns.map((column) => batch.map((key) => key[column])),
    );
  }
  for (const { name, position } of checkpoints)
    await pg.query(
      `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      [name, position, new Date().toISOString()],
    );
  await pg.query('ANALYZE events');
  const size = await pg.query(
    "SELECT pg_total_relation_size('events') AS bytes, count(*) AS events FROM events",
  );
  await pg.end();
  sqlite.close();
  return {
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    bytesPerEvent: Math.round(Number(size.rows[0].bytes) / Number(size.rows[0].events)),
  };
}

function row(name, engine, measured, target, met) {
  return `| ${name} | ${engine} | ${measured} | ${target} | ${met ? 'met' : 'not met'} |`;
}

function printTable(results, figures) {
  const lines = ['| figure | engine | measured | target | |', '| --- | --- | --- | --- | --- |'];
  for (const [engine, r] of Object.entries(results)) {
    lines.push(
      row(
        'start to serving at the head (checkpoints resume)',
        engine,
        `${(r.restart.readyMs / 1000).toFixed(1)} s (listening ${(r.restart.listeningMs / 1000).toFixed(1)} s)`,
        `< ${TARGETS.startSeconds} s`,
        r.restart.readyMs < TARGETS.startSeconds * 1000,
      ),
    );
    lines.push(
      row(
        'rebuild of every read model from 0',
        engine,
        `${r.rebuildEventsPerSecond} events/s (${(r.firstStart.readyMs / 1000).toFixed(0)} s)`,
        `>= ${TARGETS.rebuildEventsPerSecond}`,
        r.rebuildEventsPerSecond >= TARGETS.rebuildEventsPerSecond,
      ),
    );
    lines.push(
      row(
        'server RSS under the flow on the big log',
        engine,
        `${r.flowOnBigLog.serverMaxRssMb} MB`,
        `<= ${TARGETS.rssMb} MB`,
        r.flowOnBigLog.serverMaxRssMb <= TARGETS.rssMb,
      ),
    );
    for (const [name, q] of Object.entries(r.queries))
      lines.push(
        row(
          `p99 ${name}`,
          engine,
          `${q.p99Ms} ms${q.failed ? ` (${q.failed} failed)` : ''}`,
          `< ${TARGETS.queryP99Ms} ms`,
          q.p99Ms < TARGETS.queryP99Ms && q.failed === 0,
        ),
      );
    const ratio = r.flowOnBigLog.requestsPerSecond / r.flowOnFreshLog.requestsPerSecond;
    lines.push(
      row(
        'flow req/s, big log / fresh log',
        engine,
        `${r.flowOnBigLog.requestsPerSecond} / ${r.flowOnFreshLog.requestsPerSecond} (${(ratio * 100).toFixed(0)}%)`,
        'within 20%',
        Math.abs(1 - ratio) <= TARGETS.flowWithin,
      ),
    );
  }
  lines.push(
    `| bytes per stored event (file / table with indexes) | SQLite | ${figures.sqlite.bytesPerEvent} (data ${figures.sqlite.averageBytes.data}, metadata ${figures.sqlite.averageBytes.metadata}, ids/type/time/hash ${figures.sqlite.averageBytes.idsTypeTimeHash}) | report | - |`,
  );
  if (figures.postgres)
    lines.push(
      `| bytes per stored event (file / table with indexes) | PostgreSQL | ${figures.postgres.bytesPerEvent} | report | - |`,
    );
  console.log(`\n${lines.join('\n')}`);
}

async function main() {
  const machine = machineFacts();
  console.log(`machine: ${JSON.stringify(machine)}`);
  const { dir, built } = await cachedLog();
  const log = logFigures(dir);
  console.log('log', { ...log, built });
  const results = {};
  const figures = { sqlite: log, postgres: null };

  if (ENGINES.includes('sqlite')) {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'renewals-scale-'));
    cpSync(dir, copy, { recursive: true });
    rmSync(path.join(copy, 'read-models.db'), { force: true }); // read models are rebuilt from the log
    try {
      results.SQLite = await onEngine('SQLite', { DATA_DIR: copy }, {});
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  } else console.log('\nSQLite phase skipped: SCALE_ENGINES does not name it.');

  const url = process.env.DATABASE_URL;
  if (url && ENGINES.includes('postgres')) {
    const schema = `bench_scale_${Date.now().toString(36)}`;
    const freshSchema = `${schema}_fresh`;
    const admin = new PgPool({ connectionString: url, max: 1 });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'renewals-scale-pg-'));
    try {
      const copied = await copyToPostgres(dir, url, schema);
      console.log(`\nlog copied into PostgreSQL in ${copied.seconds} s`);
      figures.postgres = copied;
      results.PostgreSQL = await onEngine(
        'PostgreSQL',
        { DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_SCHEMA: schema },
        { DATABASE_URL: url, DATABASE_SCHEMA: freshSchema },
      );
    } finally {
      for (const name of [schema, `${schema}_read`, freshSchema, `${freshSchema}_read`])
        await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  } else if (ENGINES.includes('postgres'))
    console.log('\nPostgreSQL phase skipped: set DATABASE_URL to run it.');

  printTable(results, figures);
  mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    path.join(__dirname, 'results', 'scale-latest.json'),
    JSON.stringify(
      { at: new Date().toISOString(), machine, customers: CUSTOMERS, built, log, figures, results },
      null,
      2,
    ),
  );
}

module.exports = { cachedLog, startTimed, copyToPostgres, queries };
if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
