// The application as `npm start` runs it (built), on a fresh data folder seeded with bench customers.
// With ROLE=api it is one of several API processes on one PostgreSQL (a worker projects); BENCH_SEED=false
// starts one that only serves the customers another process seeded (their ids are deterministic).
const { randomUUID } = require('node:crypto');
const {
  Projections,
  hashPassword,
  deterministicUuid,
  registerAccount,
} = require('../dist/libs/platform/src');
const { loadConfig } = require('../dist/apps/api/src/config');
const { EVENT_STORE } = require('../dist/libs/event-store/src');
const { serviceStream } = require('../dist/libs/renewals/src');
const { createApp } = require('../dist/apps/api/src/create-app');

async function main() {
  const customers = Number(process.env.BENCH_CUSTOMERS);
  const config = loadConfig({ ...process.env, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn' });
  const app = await createApp(config);
  const store = app.get(EVENT_STORE);
  const hash = await hashPassword('bench');
  const now = Date.now();
  const seed = process.env.BENCH_SEED !== 'false';
  const users = [];
  for (let i = 0; i < customers; i++) {
    const id = deterministicUuid(`bench|customer|${i}`);
    const username = `cliente${i}@bench.it`;
    users.push({ username, services: [0, 1].map((s) => deterministicUuid(`bench|service|${i}|${s}`)) });
    if (!seed) continue;
    await registerAccount(
      store,
      {
        id,
        username,
        passwordHash: hash,
        role: 'customer',
        displayName: username,
        email: username,
      },
      new Date(now),
    );
    for (const [s, serviceId] of users[i].services.entries())
      await store.append(
        serviceStream(serviceId),
        [
          {
            id: randomUUID(),
            type: 'ServiceActivated',
            data: {
              serviceId,
              customerId: id,
              name: `FE bench ${i}-${s}`,
              holderEmail: username,
              productCode: 'FE-STANDARD',
              promotional: false,
              activatedAt: new Date(now - 100 * 86400000).toISOString(),
              expiresAt: new Date(now + 265 * 86400000).toISOString(),
              storagePacks: 0,
              extraUsers: 0,
              usersInUse: 1,
              nso: false,
              autoRenew: false,
            },
            metadata: {
              correlationId: 'bench',
              causationId: null,
              commandId: randomUUID(),
              actor: { type: 'system', id: 'bench' },
            },
          },
        ],
        'no_stream',
      );
  }
  const last = !seed
    ? null
    : await registerAccount(
        store,
        {
          id: deterministicUuid('bench|back-office'),
          username: 'bo@bench.it',
          passwordHash: hash,
          role: 'back-office',
          displayName: 'bo',
          email: 'bo@bench.it',
        },
        new Date(now),
      );
  // Logins read the accounts read model: wait until it has them all (projected here, or by a worker).
  if (last !== null && !(await app.get(Projections).waitFor('accounts', last, 120_000)))
    throw new Error('the accounts were not projected within 120 s');
  await app.listen(0, '127.0.0.1');
  process.send({
    port: app.getHttpServer().address().port,
    users,
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
