// npm run bench:rebuild: the rebuild of every read model from position 0 alone, on the scale bench's cached
// log (bench/scale-build.js; SCALE_CUSTOMERS sets its size, 10,000 customers by default here so that an A/B
// pair of runs takes a minute). The built app starts on a copy of the log with no read models and is timed
// until every projection is at the head. REBUILD_RUNS repeats it (the figures of each run and their median
// are printed); BENCH_PROFILE=dir writes the server's CPU profiles; with DATABASE_URL the same is measured on
// PostgreSQL (REBUILD_ENGINES=sqlite,postgres picks the engines).
process.env.SCALE_CUSTOMERS = process.env.SCALE_CUSTOMERS || '10000';
const { cpSync, mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool: PgPool } = require('pg');
const { machineFacts, stop } = require('./run');
const { cachedLog, startTimed, copyToPostgres } = require('./scale');

const RUNS = Number(process.env.REBUILD_RUNS || 1);
const ENGINES = (process.env.REBUILD_ENGINES || 'sqlite,postgres').split(',');
const TARGET = 50000;

async function timedRebuild(env) {
  const run = await startTimed(env);
  await stop(run.app);
  const seconds = (run.readyMs - run.listeningMs) / 1000;
  return { events: run.head, seconds: +seconds.toFixed(2), eventsPerSecond: Math.round(run.head / seconds) };
}

async function onSqlite(dir) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'renewals-rebuild-'));
    cpSync(dir, copy, { recursive: true });
    rmSync(path.join(copy, 'read-models.db'), { force: true });
    try {
      runs.push(await timedRebuild({ DATA_DIR: copy }));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    console.log('SQLite', runs[runs.length - 1]);
  }
  return runs;
}

async function onPostgres(dir, url) {
  const schema = `bench_rebuild_${Date.now().toString(36)}`;
  const admin = new PgPool({ connectionString: url, max: 1 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'renewals-rebuild-pg-'));
  const runs = [];
  try {
    await copyToPostgres(dir, url, schema);
    for (let i = 0; i < RUNS; i++) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_read CASCADE`);
      runs.push(await timedRebuild({ DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_SCHEMA: schema }));
      console.log('PostgreSQL', runs[runs.length - 1]);
    }
  } finally {
    for (const name of [schema, `${schema}_read`])
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return runs;
}

const median = (runs) => [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[runs.length >> 1];

async function main() {
  console.log(`machine: ${JSON.stringify(machineFacts())}`);
  const { dir } = await cachedLog();
  const results = {};
  if (ENGINES.includes('sqlite')) results.SQLite = await onSqlite(dir);
  const url = process.env.DATABASE_URL;
  if (ENGINES.includes('postgres')) {
    if (url) results.PostgreSQL = await onPostgres(dir, url);
    else console.log('PostgreSQL skipped: set DATABASE_URL to run it.');
  }
  console.log('\n| engine | events | rebuild events/s (median of runs) | runs | target | |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [engine, runs] of Object.entries(results)) {
    const m = median(runs);
    console.log(
      `| ${engine} | ${m.events} | ${m.eventsPerSecond} (${m.seconds} s) | ${runs.map((r) => r.eventsPerSecond).join(', ')} | >= ${TARGET} | ${m.eventsPerSecond >= TARGET ? 'met' : 'not met'} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
