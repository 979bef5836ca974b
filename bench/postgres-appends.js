// The PostgreSQL event store under concurrency, beside raw PostgreSQL in the same run: one command is
// "read the stream, append one event at its expected revision" over 1,000 streams; the baseline is one
// single-row INSERT per command into a plain table (what pgbench's simplest write does), over the same pool.
// Beside it, not for the target: the command as the service's handlers run it, reading only the stream's
// events after the revision the process last saw (libs/renewals/src/application/stream-states.ts).
// Run by `npm run bench` when DATABASE_URL is set, or alone: DATABASE_URL=... node bench/postgres-appends.js
const { randomUUID } = require('node:crypto');
const os = require('node:os');
const { Pool } = require('pg');
const { PostgresEventStore } = require('../dist/libs/event-store/src');
const { processesCpuMs, postgresCpuMs } = require('./cpu');

const SECONDS = Number(process.env.BENCH_PG_SECONDS || 8);
const STREAMS = 1000;
/** Turns each phase is run in (see `alternating`). */
const ROUNDS = 4;
const TARGETS = { 1: 0.4, 50: 0.5 };

/** Runs `work` from `clients` callers for `seconds`: operations done, refused, failed, and the CPU ms spent. */
async function during(seconds, clients, work) {
  const cpu = { node: processesCpuMs([process.pid]), postgres: postgresCpuMs() };
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        try {
          await work(client);
          done++;
        } catch (error) {
          // Two clients appending to the same stream at the same revision: one is refused, as it must be.
          if (error && error.name === 'WrongExpectedRevision') failed++;
          else {
            errors++;
            if (errors === 1) console.error(error);
          }
        }
      }
    }),
  );
  const postgres = postgresCpuMs();
  return {
    seconds,
    done,
    failed,
    errors,
    node: processesCpuMs([process.pid]) - cpu.node,
    postgres: postgres === null || cpu.postgres === null ? null : postgres - cpu.postgres,
  };
}

/**
 * Runs each of `phases` for `seconds` in all, in ROUNDS turns of a share each, the order reversed every other
 * round: the baseline and the measured run side by side, so that a change in the machine's speed during the
 * run (ours are shared) falls on both alike instead of on whichever ran in that stretch.
 */
async function alternating(seconds, clients, phases) {
  const totals = Object.fromEntries(
    Object.keys(phases).map((name) => [
      name,
      { seconds: 0, done: 0, failed: 0, errors: 0, node: 0, postgres: 0 },
    ]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    const names = Object.keys(phases);
    for (const name of round % 2 === 0 ? names : names.reverse()) {
      const part = await during(seconds / ROUNDS, clients, phases[name]);
      const total = totals[name];
      for (const key of ['seconds', 'done', 'failed', 'errors', 'node']) total[key] += part[key];
      total.postgres =
        total.postgres === null || part.postgres === null ? null : total.postgres + part.postgres;
    }
  }
  return Object.fromEntries(
    Object.entries(totals).map(([name, total]) => [
      name,
      {
        perSecond: total.done / total.seconds,
        failed: total.failed,
        errors: total.errors,
        cpuMs: {
          node: total.node / total.done,
          postgres: total.postgres === null ? null : total.postgres / total.done,
        },
      },
    ]),
  );
}

const perOperation = ({ cpuMs }) =>
  `${cpuMs.node.toFixed(3)} / ${cpuMs.postgres === null ? '-' : cpuMs.postgres.toFixed(3)}`;

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is needed');
  const schema = `bench_pg_${Date.now().toString(36)}`;
  const admin = new Pool({ connectionString: url, max: 1 });
  const rows = [];
  try {
    const store = await PostgresEventStore.open({ connectionString: url, schema, maxConnections: 52 });
    await store.pool.query(
      `CREATE TABLE ${schema}.raw_inserts (id text PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)`,
    );
    const metadata = {
      correlationId: 'bench',
      causationId: null,
      commandId: 'bench',
      actor: { type: 'system', id: 'bench' },
    };
    for (const clients of [1, 50]) {
      const raw = new Pool({ connectionString: url, max: clients, options: `-c search_path=${schema}` });
      // The command as the service's handlers run it (StreamStates): the events after the revision this
      // process last saw of the stream, not the whole stream. Printed beside the target's figure, not for it.
      const known = new Map();
      const { baseline, commands, tailCommands } = await alternating(SECONDS, clients, {
        baseline: () =>
          raw.query('INSERT INTO raw_inserts (id, stream_id, data) VALUES ($1, $2, $3)', [
            randomUUID(),
            `s-${Math.floor(Math.random() * STREAMS)}`,
            '{"n":1}',
          ]),
        commands: async () => {
          const stream = `s-${Math.floor(Math.random() * STREAMS)}`;
          const events = await store.readStream(stream);
          const revision = events.length === 0 ? 'no_stream' : events[events.length - 1].revision;
          await store.append(
            stream,
            [{ id: randomUUID(), type: 'Benched', data: { n: 1 }, metadata }],
            revision,
          );
        },
        tailCommands: async () => {
          const stream = `s-${Math.floor(Math.random() * STREAMS)}`;
          const seen = known.has(stream) ? known.get(stream) : -1;
          const tail = await store.readStream(stream, seen + 1);
          const head = tail.length > 0 ? tail[tail.length - 1].revision : seen;
          const { nextExpectedRevision } = await store.append(
            stream,
            [{ id: randomUUID(), type: 'Benched', data: { n: 1 }, metadata }],
            head === -1 ? 'no_stream' : head,
          );
          known.set(stream, nextExpectedRevision);
        },
      });
      await raw.end();
      const ratio = commands.perSecond / baseline.perSecond;
      rows.push({ clients, baseline, commands, tailCommands, ratio, target: TARGETS[clients] });
    }
    await store.close();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
  const cpus = os.cpus();
  console.log(
    `\nPostgreSQL event store, concurrent appends (${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; ${SECONDS} s per phase in ${ROUNDS} alternating turns, ${STREAMS} streams)`,
  );
  console.log(
    '| clients | raw single-row INSERT /s | read stream + append at revision /s | refused at a stale revision | errors | ratio | target | | CPU ms per operation, raw: bench / PostgreSQL | per command | tail read + append /s (ratio) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows)
    console.log(
      `| ${row.clients} | ${Math.round(row.baseline.perSecond)} | ${Math.round(row.commands.perSecond)} | ${row.commands.failed} | ${row.commands.errors + row.baseline.errors} | ${(row.ratio * 100).toFixed(0)}% | ≥ ${row.target * 100}% | ${row.ratio >= row.target ? 'met' : 'not met'} | ${perOperation(row.baseline)} | ${perOperation(row.commands)} | ${Math.round(row.tailCommands.perSecond)} (${((row.tailCommands.perSecond / row.baseline.perSecond) * 100).toFixed(0)}%) |`,
    );
  return rows;
}

module.exports = { postgresAppends: main };
if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
