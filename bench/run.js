// npm run bench: the renewal flow over HTTP against the embedded store, next to a raw node:http baseline
// measured in the same run on the same machine. Figures vary with the machine's load: compare ratios.
const { fork } = require('node:child_process');
const { mkdtempSync, rmSync, mkdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { postgresAppends } = require('./postgres-appends');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
/** Load before the measured phases, not measured: the JIT compiles the hot paths and the heaps reach their size. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Spreads requests evenly at `rate` per second across all virtual users (null: as fast as possible). */
function limiter(rate) {
  if (!rate) return async () => {};
  const interval = 1000 / rate;
  let next = performance.now();
  return async () => {
    const at = next;
    next = Math.max(next + interval, performance.now());
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

class Recorder {
  constructor() {
    this.latencies = [];
    this.commands = 0;
    this.queries = 0;
    /** Responses with a status other than the flow expects (a refusal, a 409): timed, but not counted as throughput. */
    this.failed = 0;
    this.errors = new Map();
    /** Latencies by route (ids replaced), to tell which step the slow answers come from. */
    this.routes = new Map();
  }
  async time(pool, kind, options, expect) {
    const start = performance.now();
    const response = await pool.request(options);
    const text = await response.body.text();
    const elapsed = performance.now() - start;
    this.latencies.push(elapsed);
    const route = `${options.method} ${options.path.replace(/[0-9a-f-]{36}/g, ':id')}`;
    if (!this.routes.has(route)) this.routes.set(route, []);
    this.routes.get(route).push(elapsed);
    const body = text ? JSON.parse(text) : null;
    if (expect.includes(response.statusCode)) {
      if (kind === 'command') this.commands++;
      else this.queries++;
    } else {
      this.failed++;
      const key = `${route} ${response.statusCode} ${body && body.code}`;
      this.errors.set(key, (this.errors.get(key) || 0) + 1);
    }
    return { status: response.statusCode, body };
  }
  summary(seconds) {
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      requests: sorted.length,
      failedRequests: this.failed,
      // Only the answers the flow expects count: a refused or conflicting request is not throughput.
      requestsPerSecond: Math.round((this.commands + this.queries) / seconds),
      commandsPerSecond: Math.round(this.commands / seconds),
      p50Ms: +percentile(sorted, 50).toFixed(2),
      p99Ms: +percentile(sorted, 99).toFixed(2),
      errors: Object.fromEntries(this.errors),
      byRoute: Object.fromEntries(
        [...this.routes].map(([route, latencies]) => {
          const ordered = Float64Array.from(latencies).sort();
          return [
            route,
            { p50Ms: +percentile(ordered, 50).toFixed(2), p99Ms: +percentile(ordered, 99).toFixed(2) },
          ];
        }),
      ),
    };
  }
}

/** A raw node:http server from this folder, loaded by the same clients as the application: warm-up, then measured. */
async function raw(file, rate) {
  const child = fork(path.join(__dirname, file));
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY, pipelining: 1 });
  await baselinePhase(pool, rate, WARMUP_SECONDS);
  const result = await baselinePhase(pool, rate, SECONDS);
  await pool.close();
  child.send('stop');
  return result;
}

async function baselinePhase(pool, rate, seconds) {
  const recorder = new Recorder();
  const take = limiter(rate);
  const deadline = performance.now() + seconds * 1000;
  const body = JSON.stringify({
    orderNumber: 'FE-2026-000001',
    amountCents: 3050,
    method: 'BANK_TRANSFER',
    transactionId: 'x',
  });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await take();
        await recorder.time(
          pool,
          'command',
          { method: 'POST', path: '/', body, headers: { 'content-type': 'application/json' } },
          [200],
        );
      }
    }),
  );
  return recorder.summary(seconds);
}

async function startApp(dataDir) {
  const child = fork(path.join(__dirname, 'app-server.js'), {
    execArgv: [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
    ],
    // The embedded run stays embedded whatever DATABASE_URL the bench itself was given (for its PostgreSQL phase).
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      BENCH_CUSTOMERS: String(CONCURRENCY),
      AUTH_SECRET: 'bench',
      DATABASE_URL: '',
      // Every virtual customer logs in from 127.0.0.1: the per-address login limit would refuse most of them.
      LOGIN_LIMIT_PER_ADDRESS: '100000/60',
    },
  });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
  });
  return { child, ...ready };
}

async function login(pool, username) {
  const response = await pool.request({
    method: 'POST',
    path: '/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench' }),
  });
  return (await response.body.json()).accessToken;
}

/** One virtual customer per connection walks the whole flow, alternating between its two services. */
async function flows(app, rate, seconds = SECONDS) {
  const pool = new Pool(`http://127.0.0.1:${app.port}`, { connections: CONCURRENCY, pipelining: 1 });
  const backOffice = await login(pool, 'bo@bench.it');
  const tokens = await Promise.all(app.users.map((user) => login(pool, user.username)));
  const cpuBefore = (await (await pool.request({ method: 'GET', path: '/metrics' })).body.json()).process;
  const recorder = new Recorder();
  const take = limiter(rate);
  const deadline = performance.now() + seconds * 1000;
  let completed = 0;
  await Promise.all(
    app.users.map(async (user, index) => {
      const auth = { authorization: `Bearer ${tokens[index]}` };
      const call = async (kind, method, route, body, expect = [200], headers = auth) => {
        await take();
        const withBody =
          body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } };
        return recorder.time(pool, kind, { method, path: route, headers, ...withBody }, expect);
      };
      for (let round = 0; performance.now() < deadline; round++) {
        const serviceId = user.services[round % 2];
        const opened = await call(
          'command',
          'POST',
          `/me/services/${serviceId}/renewal`,
          undefined,
          [200, 201],
        );
        if (opened.status >= 300) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const order = `/me/orders/${opened.body.orderId}`;
        await call('command', 'POST', `${order}/cart/storage`, { packs: 1 });
        await call('command', 'PUT', `${order}/cart/nso-module`, { enabled: round % 4 < 2 });
        await call('command', 'POST', `${order}/checkout`);
        await call('command', 'PUT', `${order}/payment-method`, { method: 'BANK_TRANSFER' });
        await call('command', 'PUT', `${order}/term`, { years: 1 + (round % 3) });
        const confirmed = await call('command', 'POST', `${order}/confirmation`, { consents: app.consents });
        if (confirmed.status !== 200) continue;
        await call('query', 'GET', order, undefined, [200], {
          ...auth,
          'x-min-position': String(confirmed.body.position),
        });
        const payment = {
          orderNumber: confirmed.body.orderNumber,
          amountCents: confirmed.body.quote.grossCents,
          method: 'BANK_TRANSFER',
          transactionId: `T-${confirmed.body.orderNumber}`,
        };
        await call('command', 'POST', '/back-office/payments', payment, [200], {
          authorization: `Bearer ${backOffice}`,
        });
        await call('query', 'GET', '/me/services');
        completed++;
      }
    }),
  );
  const metrics = await (await pool.request({ method: 'GET', path: '/metrics' })).body.json();
  await pool.close();
  const lag = metrics.projections.find((p) => p.name === 'customer-area').lagMs;
  const summary = recorder.summary(seconds);
  const cpuMicros = (m) => m.cpuUserMicros + m.cpuSystemMicros;
  return {
    ...summary,
    // All the server's threads; steadier than throughput on a shared machine.
    serverCpuMsPerRequest: +(
      (cpuMicros(metrics.process) - cpuMicros(cpuBefore)) /
      1000 /
      (summary.requestsPerSecond * seconds)
    ).toFixed(3),
    renewalsCompleted: completed,
    projectionLagMs: lag,
    serverMaxRssMb: Math.round(metrics.process.maxRssBytes / 1048576),
  };
}

async function main() {
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1073741824),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };
  console.log(`machine: ${JSON.stringify(machine)}`);
  console.log(
    `${CONCURRENCY} concurrent clients, ${SECONDS} s per phase after ${WARMUP_SECONDS} s of warm-up; the load generator shares the machine with the server\n`,
  );

  const base = await raw('baseline-server.js', null);
  console.log('baseline (raw node:http JSON POST)', base);
  const durable = await raw('durable-append-server.js', null);
  console.log('reference: one durable append per request (raw node:http + SQLite, no framework)', durable);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'renewals-bench-'));
  const app = await startApp(dataDir);
  await flows(app, null, WARMUP_SECONDS);
  const peak = await flows(app, null);
  console.log('renewal flow, peak', peak);
  const half = await flows(app, peak.requestsPerSecond / 2);
  console.log('renewal flow, half of peak', half);
  app.child.send('stop');
  await new Promise((resolve) => app.child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });

  const ratio = peak.requestsPerSecond / base.requestsPerSecond;
  const percentOfBaseline = (run) =>
    `${((run.requestsPerSecond / base.requestsPerSecond) * 100).toFixed(1)}%`;
  const targets = [
    ['requests/s at peak >= 25% of baseline', `${(ratio * 100).toFixed(1)}%`, ratio >= 0.25],
    ['p99 at half of peak < 20 ms', `${half.p99Ms} ms`, half.p99Ms < 20],
    [
      'projection lag p99 (half load) < 50 ms',
      `${half.projectionLagMs.p99} ms`,
      half.projectionLagMs.p99 < 50,
    ],
  ];
  console.log('\n| target | measured | met |\n| --- | --- | --- |');
  for (const [name, value, met] of targets) console.log(`| ${name} | ${value} | ${met ? 'yes' : 'NO'} |`);
  console.log(
    `\n| run | req/s | of baseline | commands/s | p50 ms | p99 ms | projection lag p50/p99 ms | server CPU ms/request | server max RSS MB |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n` +
      `| baseline node:http | ${base.requestsPerSecond} | 100% | - | ${base.p50Ms} | ${base.p99Ms} | - | - | - |\n` +
      `| reference: one durable append per request, raw node:http | ${durable.requestsPerSecond} | ${percentOfBaseline(durable)} | ${durable.commandsPerSecond} | ${durable.p50Ms} | ${durable.p99Ms} | - | - | - |\n` +
      `| renewal flow, peak | ${peak.requestsPerSecond} | ${percentOfBaseline(peak)} | ${peak.commandsPerSecond} | ${peak.p50Ms} | ${peak.p99Ms} | ${peak.projectionLagMs.p50}/${peak.projectionLagMs.p99} | ${peak.serverCpuMsPerRequest} | ${peak.serverMaxRssMb} |\n` +
      `| renewal flow, half of peak | ${half.requestsPerSecond} | ${percentOfBaseline(half)} | ${half.commandsPerSecond} | ${half.p50Ms} | ${half.p99Ms} | ${half.projectionLagMs.p50}/${half.projectionLagMs.p99} | ${half.serverCpuMsPerRequest} | ${half.serverMaxRssMb} |`,
  );
  // The PostgreSQL event store beside raw PostgreSQL inserts, in the same run (when there is a server).
  const postgres = process.env.DATABASE_URL ? await postgresAppends() : null;
  if (!postgres) console.log('\nPostgreSQL phase skipped: set DATABASE_URL to run it.');
  mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    path.join(__dirname, 'results', 'latest.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        baseline: base,
        durableAppendReference: durable,
        peak,
        half,
        postgresAppends: postgres,
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
