// Records what a running server answers about the data folder it runs on: every customer's services and
// orders (each order in full), and the back office's refunds, awaited payments and dashboard figures.
// Run against the version that wrote test/fixtures/legacy-2026-11 (started with DEV_CLOCK=true on a copy
// of that folder, SEED_DEMO_DATA=false), it wrote that fixture's answers.json: what the November 2026 read
// models said, for the tests to compare with what today's code rebuilds from the same log.
// Usage: node scripts/record-legacy-answers.js [baseUrl] [days to advance the dev clock] > answers.json
const { apiClient } = require('./api-client');

const base = process.argv[2] || `http://localhost:${process.env.PORT || 3000}`;
const advanceDays = Number(process.argv[3] ?? 0);

const { call, login } = apiClient(base);

async function main() {
  const customers = ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it'];
  const office = await login('backoffice@demo.it');
  const headBefore = (await call('GET', '/health')).eventStore.headPosition;
  if (advanceDays > 0) await call('POST', '/dev/clock/advance', office, { days: advanceDays });
  const answers = { headPosition: headBefore, customers: {}, backOffice: {} };
  for (const username of customers) {
    const token = await login(username);
    const orders = await call('GET', '/me/orders', token);
    answers.customers[username] = {
      services: await call('GET', '/me/services', token),
      orders,
      order: Object.fromEntries(
        await Promise.all(
          orders.map(async (o) => [o.orderId, await call('GET', `/me/orders/${o.orderId}`, token)]),
        ),
      ),
    };
  }
  answers.backOffice = {
    refunds: await call('GET', '/back-office/refunds', office),
    awaiting: await call('GET', '/back-office/payments/awaiting?offline=false', office),
    dashboard: await call('GET', '/back-office/dashboard', office),
  };
  const headAfter = (await call('GET', '/health')).eventStore.headPosition;
  if (headAfter !== headBefore)
    throw new Error(`the log moved while recording: ${headBefore} -> ${headAfter}`);
  process.stdout.write(`${JSON.stringify(answers, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
