import { extname, join } from 'node:path';
import { MessagePort, Worker } from 'node:worker_threads';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  LogLevel,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@app/event-store';
import { AppConfig, CLOCK, Clock, SharedClock, systemClock } from '@app/platform';
import type { WorkerThreadData, WorkerThreadMessage } from './worker-thread';

export const WORKER_THREAD_CONFIG = Symbol('WORKER_THREAD_CONFIG');
export const WORKER_THREAD_LOGGER = Symbol('WORKER_THREAD_LOGGER');

const RESTART_DELAY_MS = 1_000;

/**
 * ROLE=all with WORKER_THREAD=true: this (API) thread serves HTTP and decides commands; the worker's part
 * (projections, processes, email, scheduler) runs on a thread of its own, so a projection's batch never
 * delays a request and both cores work. Started before the app answers, stopped before the stores close,
 * and started again if it dies.
 */
@Injectable()
export class WorkerThreadHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerThread');
  private thread: Worker | null = null;
  private stopping = false;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    @Inject(WORKER_THREAD_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_THREAD_LOGGER) private readonly logLevels: LogLevel[] | false,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restart) clearTimeout(this.restart);
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    thread.postMessage('stop');
    await exited;
  }

  private start(): Promise<void> {
    const writer = this.store instanceof SqliteEventStore ? this.store.connectWriter() : null;
    const data: WorkerThreadData = {
      config: this.config,
      clock: this.sharedClock(),
      writer,
      logger: this.logLevels,
    };
    const thread = startThread(data, writer ? [writer] : []);
    this.thread = thread;
    return new Promise((resolve, reject) => {
      let started = false;
      thread.on('message', (message: WorkerThreadMessage) => {
        if ('ready' in message) {
          started = true;
          this.logger.log('projections, processes, email and scheduler running on the worker thread');
          resolve();
        } else {
          this.logger.error(`the worker thread failed: ${message.failed}`);
          if (!started) reject(new Error(`The worker thread did not start: ${message.failed}`));
        }
      });
      thread.on('error', (error) => this.logger.error(`the worker thread failed: ${error.stack ?? error}`));
      thread.on('exit', (code) => {
        if (this.thread === thread) this.thread = null;
        if (!started || this.stopping) return;
        this.logger.error(`the worker thread stopped (exit code ${code}); starting it again`);
        this.restart = setTimeout(() => {
          this.restart = null;
          this.start().catch((error: Error) => this.logger.error(error.message));
        }, RESTART_DELAY_MS);
      });
    });
  }

  /** The worker thread keeps the API thread's time: a SharedClock is shared, real time needs nothing. */
  private sharedClock(): SharedArrayBuffer | null {
    if (this.clock instanceof SharedClock) return this.clock.buffer;
    if (this.clock === systemClock) return null;
    throw new Error(
      'A worker thread shares the clock only as a SharedClock: use SharedClock, or WORKER_THREAD=false',
    );
  }
}

/** Built, the thread is a JavaScript file beside this one; from the TypeScript sources it is compiled as it loads. */
function startThread(workerData: WorkerThreadData, transferList: MessagePort[]): Worker {
  const entry = join(__dirname, `worker-thread${extname(__filename)}`);
  if (extname(entry) === '.js') return new Worker(entry, { workerData, transferList });
  const register = require.resolve('@swc-node/register');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData,
    transferList,
  });
}
