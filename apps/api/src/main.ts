import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config';
import { createApp } from './create-app';
import { DEMO_BACK_OFFICE, DEMO_CUSTOMERS, DEMO_PASSWORD, seedDemoData } from './demo-data';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const seeded = config.seedDemoData && (await seedDemoData(app));
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const lines = [
    `Renewals API on ${url}  (OpenAPI: ${url}/docs, ${url}/docs-json; health: ${url}/health)`,
    `Data in ${config.dataDir}${seeded ? ' (demo data seeded now)' : ''}; email ${config.smtpUrl ? 'via SMTP' : `as .eml files in ${config.outboxDir}`}`,
  ];
  if (config.seedDemoData) {
    lines.push(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const customer of DEMO_CUSTOMERS)
      lines.push(
        `  customer     ${customer.username.padEnd(26)} ${customer.services.map((s) => `${s.name} (${s.note})`).join('; ')}`,
      );
    lines.push(`  back office  ${DEMO_BACK_OFFICE.username}`);
  }
  new Logger('Main').log(`\n${lines.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
