import 'reflect-metadata';
import { createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigurationError } from '@app/platform';
import { checkConfig, loadConfig } from './config';
import { createApp } from './create-app';
import { DEMO_BACK_OFFICE, DEMO_CUSTOMERS, DEMO_PASSWORD, seedDemoData } from './demo-data';

class PortUnavailable extends Error {}

/** Fails with a clear message when the port cannot be had, before anything is opened or written. */
async function ensurePortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new PortUnavailable(
          error.code === 'EADDRINUSE'
            ? `PORT ${port} is already in use on ${host}: stop what listens there, or set PORT to a free port`
            : `cannot listen on ${host}:${port} (${error.code ?? error.message}): check HOST and PORT`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  // The settings, then the port, before anything is written (data folder, secret, log, demo data).
  const { port, host } = checkConfig();
  await ensurePortFree(port, host);
  const config = loadConfig();
  const app = await createApp(config);
  // Listening before the demo data is seeded: a port taken meanwhile fails here, with nothing seeded.
  await app.listen(config.port, config.host);
  const seeded = config.seedDemoData && (await seedDemoData(app));
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
  // A wrong setting or a taken port is the operator's to fix: its message, without a stack trace.
  console.error(
    error instanceof ConfigurationError || error instanceof PortUnavailable ? error.message : error,
  );
  process.exit(1);
});
