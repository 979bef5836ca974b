import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, LOG_LEVELS } from '@app/platform';
import { loadConfig } from '../../api/src/config';
import { AppModule } from '../../api/src/app.module';
import { engineNames } from '../../api/src/engines';

/**
 * The worker: projections, processes and the email sender, no HTTP. Run one or more beside any number of
 * API processes (ROLE=api) on the same PostgreSQL: each projection runs on one worker at a time.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ROLE: 'worker' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel as (typeof LOG_LEVELS)[number]) + 1),
  });
  app.enableShutdownHooks();
  await app.init();
  const engines = engineNames(config);
  new Logger('Worker').log(
    `worker running: events on ${engines.events}, read models on ${engines.readModels}`,
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
