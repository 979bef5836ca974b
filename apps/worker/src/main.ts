import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, Metrics, PinoLoggerService, createLogger, stopOnSignals } from '@app/platform';
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
  const scrapes = config.metricsPort === null ? null : await serveMetrics(app.get(Metrics), config);
  stopOnSignals(async () => {
    await new Promise((resolve) => (scrapes ? scrapes.close(resolve) : resolve(undefined)));
    await app.close();
  }, logger);
  logger.log({
    msg: `started: worker, events on ${engines.events}, read models on ${engines.readModels}${scrapes ? `, metrics on :${(scrapes.address() as AddressInfo).port}/metrics` : ''}`,
    event: 'started',
    engines,
    ...(scrapes ? { metricsPort: (scrapes.address() as AddressInfo).port } : {}),
  });
}

/**
 * The worker's own counters (its scheduled actions, appends, projection lag where it leads) for
 * Prometheus, and a liveness probe: on METRICS_PORT, nothing else (the API is the API processes').
 */
async function serveMetrics(
  metrics: Metrics,
  config: { metricsPort: number | null; host: string },
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
    } else if (request.method === 'GET' && path === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      response.writeHead(404, { 'content-type': 'application/problem+json' }).end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Not found',
          status: 404,
          code: 'NOT_FOUND',
          detail: 'The worker serves /metrics and /health/live only.',
        }),
      );
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metricsPort ?? 0, config.host, () => resolve());
  });
  return server;
}

main().catch((error) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
