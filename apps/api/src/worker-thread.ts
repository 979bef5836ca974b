import 'reflect-metadata';
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';
import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, SharedClock } from '@app/platform';
import { AppModule } from './app.module';
import { logLevels } from './log-levels';

/** What the API thread starts its worker thread with (worker-thread.host.ts). */
export interface WorkerThreadData {
  /** The configuration with ROLE=worker. */
  config: AppConfig;
  /** The API thread's clock, when it is not plain real time. */
  clock: SharedArrayBuffer | null;
  /** A port to the embedded event store's writer thread (SQLite), so that all appends go through one writer. */
  writer: MessagePort | null;
  logger: LogLevel[] | false;
}

/** Messages from the worker thread to the API thread. */
export type WorkerThreadMessage = { ready: true } | { failed: string };

/**
 * The worker's part of ROLE=all (projections, processes, email, scheduler) on a thread of its own: the
 * same modules as apps/worker, with the API thread's clock and the event store's one writer.
 */
async function main(): Promise<void> {
  const { config, clock, writer, logger } = workerData as WorkerThreadData;
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, {
      clock: clock ? SharedClock.attach(clock) : undefined,
      writer: writer ?? undefined,
    }),
    { logger: logger === false ? false : logLevels(config.logLevel), abortOnError: false },
  );
  await app.init();
  parentPort!.once('message', () => {
    void app.close().finally(() => parentPort!.close());
  });
  parentPort!.postMessage({ ready: true } satisfies WorkerThreadMessage);
}

main().catch((error: Error) => {
  parentPort!.postMessage({ failed: error.stack ?? String(error) } satisfies WorkerThreadMessage);
  parentPort!.close();
});
