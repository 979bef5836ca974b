import 'reflect-metadata';
import { createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigurationError, Startup, stopOnSignals } from '@app/platform';
import { checkConfig, loadConfig } from './config';
import { createApp, stopGracefully } from './create-app';
import { engineNames } from './engines';
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
  const started = performance.now();
  // The settings, then the port, before anything is written (data folder, secret, log, demo data).
  const { port, host } = checkConfig();
  await ensurePortFree(port, host);
  const config = loadConfig();
  const app = await createApp(config);
  // Listening before the demo data is seeded: a port taken meanwhile fails here, with nothing seeded.
  await app.listen(config.port, config.host);
  const seeded =
    config.seedDemoData && (await app.get(Startup).during('seeding the demo data', seedDemoData(app)));
  const url = `http://localhost:${config.port}`;
  const logger = new Logger('Main');
  const engines = engineNames(config);
  stopOnSignals(async (reason) => {
    await stopGracefully(app, reason);
  }, logger);
  logger.log({
    msg: `started: ${config.role} on ${url}, events on ${engines.events}, read models on ${engines.readModels}${seeded ? ', demo data seeded now' : ''}`,
    event: 'started',
    port: config.port,
    engines,
    startMs: Math.round(performance.now() - started),
  });
  const lines = [
    `OpenAPI: ${url}/docs, ${url}/docs-json; health: ${url}/health/live, ${url}/health/ready; metrics: ${url}/metrics`,
    `Data in ${config.dataDir}; email ${config.smtpUrl ? 'via SMTP' : `as .eml files in ${config.outboxDir}`}`,
  ];
  if (config.seedDemoData) {
    lines.push(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const customer of DEMO_CUSTOMERS)
      lines.push(
        `  customer     ${customer.username.padEnd(26)} ${customer.services.map((s) => `${s.name} (${s.note})`).join('; ')}`,
      );
    lines.push(`  back office  ${DEMO_BACK_OFFICE.username}`);
  }
  logger.log(`\n${lines.join('\n')}`);
}

main().catch((error) => {
  // A wrong setting or a taken port is the operator's to fix: its message, without a stack trace.
  console.error(
    error instanceof ConfigurationError || error instanceof PortUnavailable ? error.message : error,
  );
  process.exit(1);
});
