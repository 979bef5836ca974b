import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, EventStore, StoredEvent } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { READ_MODEL_DB, ReadModelDb } from '../database/read-model-db';
import { readCheckpoint } from './checkpoints';
import { LEADERSHIP, Leadership, Lease } from './leadership';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { EventProcess, ProcessRunner } from './process-runner';

export interface ProjectionStatus {
  name: string;
  kind: 'projection' | 'process';
  /** Whether this process runs it now (one worker at a time does). */
  leader: boolean;
  position: number;
  behind: number;
  lagMs: { p50: number | null; p99: number | null; samples: number } | null;
}

interface Supervised {
  name: string;
  kind: 'projection' | 'process';
  runner: ProjectionRunner | ProcessRunner;
  lease: Lease | null;
}

const RETRY_LEADERSHIP_MS = 2_000;

/**
 * Runs every projection and process this process may run. Each registers itself when its module
 * initialises; from bootstrap on, each runs while this process holds its lease (always, embedded; a
 * PostgreSQL advisory lock, with several workers) and a standby retries until the lease is free.
 * With ROLE=api nothing runs here, and read-your-writes waits on the stored checkpoints instead.
 */
@Injectable()
export class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly supervised = new Map<string, Supervised>();
  private started = false;
  private stopping = false;
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
  ) {}

  register(projection: Projection): void {
    this.add({
      name: projection.name,
      kind: 'projection',
      runner: new ProjectionRunner(this.store, this.db, projection),
      lease: null,
    });
  }

  registerProcess(process: EventProcess): void {
    this.add({
      name: process.name,
      kind: 'process',
      runner: new ProcessRunner(this.store, this.db, process),
      lease: null,
    });
  }

  private add(entry: Supervised): void {
    if (this.supervised.has(entry.name)) throw new Error(`${entry.name} is registered twice`);
    this.supervised.set(entry.name, entry);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (this.config.role === 'api') return;
    for (const entry of this.supervised.values()) await this.lead(entry);
    const leading = [...this.supervised.values()].filter((entry) => entry.lease).map((entry) => entry.name);
    this.logger.log(
      `leading ${leading.length} of ${this.supervised.size}: ${leading.join(', ') || 'none (standby)'}`,
    );
  }

  /** Takes the lease and starts the runner, or retries later; gives the runner up if the lease is lost. */
  private async lead(entry: Supervised): Promise<void> {
    if (this.stopping) return;
    try {
      const lease = await this.leadership.acquire(entry.name);
      if (lease) {
        entry.lease = lease;
        await entry.runner.start();
        void lease.lost.then(() => this.lostLease(entry, lease));
        return;
      }
    } catch (error) {
      this.logger.warn(`${entry.name}: cannot take the lease: ${(error as Error).message}`);
    }
    this.retryLater(entry);
  }

  private async lostLease(entry: Supervised, lease: Lease): Promise<void> {
    if (entry.lease !== lease || this.stopping) return;
    this.logger.warn(`${entry.name}: lease lost, stopping it here`);
    entry.lease = null;
    await entry.runner.stop();
    this.retryLater(entry);
  }

  private retryLater(entry: Supervised): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      void this.lead(entry);
    }, RETRY_LEADERSHIP_MS);
    this.retries.add(timer);
  }

  get isRunning(): boolean {
    return this.started && !this.stopping;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.retries) clearTimeout(timer);
    for (const entry of this.supervised.values()) {
      await entry.runner.stop();
      await entry.lease?.release();
      entry.lease = null;
    }
  }

  runner(name: string): ProjectionRunner {
    const entry = this.supervised.get(name);
    if (!entry || !(entry.runner instanceof ProjectionRunner)) throw new Error(`No projection named ${name}`);
    return entry.runner;
  }

  onBatch(name: string, listener: (events: StoredEvent[]) => void): void {
    this.runner(name).onBatch(listener);
  }

  /** Read-your-writes: until projection `name` has applied the event at `position` (here, or on the worker that leads it). */
  async waitFor(name: string, position: number, timeoutMs = 5_000): Promise<boolean> {
    const entry = this.supervised.get(name);
    if (entry?.lease) return this.runner(name).waitFor(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await readCheckpoint(this.db, name)) >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const statuses: ProjectionStatus[] = [];
    for (const entry of this.supervised.values()) {
      const leader = entry.lease !== null;
      const position = leader ? entry.runner.position : await readCheckpoint(this.db, entry.name);
      const lag = entry.runner instanceof ProjectionRunner && leader ? entry.runner.lag : null;
      statuses.push({
        name: entry.name,
        kind: entry.kind,
        leader,
        position,
        behind: Math.max(0, head - position),
        lagMs: lag ? { p50: lag.percentile(50), p99: lag.percentile(99), samples: lag.size } : null,
      });
    }
    // Projections first, then processes ("projection" > "process"), each by name.
    return statuses.sort((a, b) => b.kind.localeCompare(a.kind) || a.name.localeCompare(b.name));
  }
}
