import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, PinoLoggerService, createLogger, stopOnSignals } from '@app/platform';
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
    logger: new PinoLoggerService(
      createLogger({ level: config.logLevel, format: config.logFormat, role: config.role }),
    ),
  });
  await app.init();
  const engines = engineNames(config);
  const logger = new Logger('Worker');
  stopOnSignals(() => app.close(), logger);
  logger.log({
    msg: `started: worker, events on ${engines.events}, read models on ${engines.readModels}`,
    event: 'started',
    engines,
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
