// The application as `npm start` runs it (built), on a fresh data folder seeded with bench customers.
// With ROLE=api it is one of several API processes on one PostgreSQL (a worker projects); BENCH_SEED=false
// starts one that only serves the customers another process seeded, or a log built by bench/scale-build.js.
const { Projections, hashPassword } = require('../dist/libs/platform/src');
const { loadConfig } = require('../dist/apps/api/src/config');
const { EVENT_STORE } = require('../dist/libs/event-store/src');
const { createApp } = require('../dist/apps/api/src/create-app');
const { benchUsers, seedBenchUsers } = require('./seed');

async function main() {
  const customers = Number(process.env.BENCH_CUSTOMERS);
  const config = loadConfig({ ...process.env, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn' });
  const app = await createApp(config);
  if (process.env.BENCH_SEED !== 'false') {
    const last = await seedBenchUsers(app.get(EVENT_STORE), customers, await hashPassword('bench'));
    // Logins read the accounts read model: wait until it has them all (projected here, or by a worker).
    if (!(await app.get(Projections).waitFor('accounts', last, 120_000)))
      throw new Error('the accounts were not projected within 120 s');
  }
  await app.listen(0, '127.0.0.1');
  process.send({
    port: app.getHttpServer().address().port,
    users: benchUsers(customers).map(({ username, services }) => ({ username, services })),
    consents: Object.fromEntries(Object.entries(config.renewals.documents).map(([k, v]) => [k, v.version])),
  });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await app.close();
    process.exit(0);
  });
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
