import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { READ_MODEL_DB, ReadModelDb } from '../database/read-model-db';
import { DURABLE_DB, DurableDb } from '../database/durable-db';
import { readCheckpoint } from './checkpoints';
import { LEADERSHIP, Leadership, Lease } from './leadership';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { EventProcess, ProcessRunner } from './process-runner';
import { Metrics } from '../metrics/metrics';
import { ParkedEvent, parkedCounts } from './parked-events';
import { NotFound } from '@app/kernel';
import { ReadModelPlace, RebuildProgress, RebuildResult, rebuildBlueGreen } from './blue-green';

export interface ProjectionStatus {
  name: string;
  kind: 'projection' | 'process';
  /** Whether this process runs it now (one worker at a time does). */
  leader: boolean;
  position: number;
  behind: number;
  lagMs: { p50: number | null; p99: number | null; samples: number } | null;
  /** Events it kept failing on, set aside until an operator retries or skips them (projections only). */
  parked: number;
}

/**
 * The wait after a small batch on PostgreSQL, where each read model has a runner (and a lease) of its own:
 * 5 ms, not the runner's 10 (decisions.md #44). With 15 the flow at peak in one process ran 3-20% fewer
 * requests a second in each of ten pairs (the customer area, read with `X-Min-Position`, fell behind).
 */
const POSTGRES_COALESCE_MS = 5;

/** A runner and the lease under which it runs here. */
interface Supervised {
  /** The lease's name: the projection's or process's own, or `projections` for all the embedded read models. */
  lease: string;
  runner: ProjectionRunner | ProcessRunner;
  held: Lease | null;
  /** Where its checkpoint is: the read models' database, or the durable state (processes and reactors). */
  db: ReadModelDb;
}

const RETRY_LEADERSHIP_MS = 2_000;
/** How often a read waiting for a projection run by another process looks at its stored checkpoint. */
const CHECKPOINT_POLL_MS = 20;

/**
 * Runs every projection and process this process may run. Each registers itself when its module
 * initialises; from bootstrap on, each runs while this process holds its lease (always, embedded; a
 * PostgreSQL advisory lock, with several workers) and a standby retries until the lease is free.
 * With ROLE=api nothing runs here, and read-your-writes waits on the stored checkpoints instead.
 *
 * On the embedded database all projections share one runner (one read of the log and one commit per
 * batch: commits are what an SQLite projection costs); on PostgreSQL each has its own runner and lease,
 * so that several workers can share them.
 */
@Injectable()
export class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly projections: Projection[] = [];
  private readonly processes: EventProcess[] = [];
  private laidOut: Supervised[] | null = null;
  private started = false;
  private stopping = false;
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(DURABLE_DB) durable: DurableDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    metrics: Metrics,
  ) {
    // The runners use only the checkpoint table, which both databases have.
    this.durable = durable as unknown as ReadModelDb;
    this.exportMetrics(metrics);
  }

  /** Position, events behind and lag of each projection and process, read once per scrape. */
  private exportMetrics(metrics: Metrics): void {
    let scrape: { at: number; statuses: Promise<ProjectionStatus[]> } | null = null;
    const statuses = () => {
      if (!scrape || Date.now() - scrape.at > 1_000) scrape = { at: Date.now(), statuses: this.status() };
      return scrape.statuses;
    };
    const labels = ['name', 'kind'];
    const each = (value: (status: ProjectionStatus) => number | null) => async () =>
      (await statuses()).flatMap((status) => {
        const v = value(status);
        return v === null ? [] : [{ labels: { name: status.name, kind: status.kind }, value: v }];
      });
    metrics.gauge(
      'projection_position',
      'The last position of the log each projection and process applied',
      labels,
      each((s) => s.position),
    );
    metrics.gauge(
      'projection_events_behind',
      'Events in the log after that position',
      labels,
      each((s) => s.behind),
    );
    metrics.gauge(
      'projection_parked_events',
      'Events each projection kept failing on and set aside, waiting for an operator to retry or skip them',
      labels,
      each((s) => (s.kind === 'projection' ? s.parked : null)),
    );
    metrics.gauge(
      'projection_lag_p99_seconds',
      'p99 of the time from append to applied, over the last events applied here (where this process leads it)',
      labels,
      each((s) => (s.lagMs?.p99 == null ? null : s.lagMs.p99 / 1000)),
    );
  }

  private readonly durable: ReadModelDb;

  register(projection: Projection): void {
    this.add(projection.name);
    this.projections.push(projection);
  }

  registerProcess(process: EventProcess): void {
    this.add(process.name);
    this.processes.push(process);
  }

  private add(name: string): void {
    if (this.laidOut) throw new Error(`${name} registers after the runners were laid out`);
    if (this.names.includes(name)) throw new Error(`${name} is registered twice`);
  }

  private get names(): string[] {
    return [...this.projections.map((p) => p.name), ...this.processes.map((p) => p.name)];
  }

  /** The runners, made once every module has registered (at bootstrap). */
  private get supervised(): Supervised[] {
    if (this.laidOut) return this.laidOut;
    const readModels = this.projections.filter((p) => !p.durable);
    const projectionRunners = [
      ...(this.config.databaseUrl
        ? readModels.map((p) => ({ lease: p.name, projections: [p], db: this.db }))
        : readModels.length > 0
          ? [{ lease: 'projections', projections: readModels, db: this.db }]
          : []),
      ...this.projections
        .filter((p) => p.durable)
        .map((p) => ({ lease: p.name, projections: [p], db: this.durable })),
    ];
    this.laidOut = [
      ...projectionRunners.map(({ lease, projections, db }) => ({
        lease,
        runner: new ProjectionRunner(
          this.store,
          db,
          projections,
          this.config.databaseUrl ? { coalesceMs: POSTGRES_COALESCE_MS } : {},
        ),
        held: null,
        db,
      })),
      ...this.processes.map((process) => ({
        lease: process.name,
        runner: new ProcessRunner(this.store, this.durable, process),
        held: null,
        db: this.durable,
      })),
    ];
    return this.laidOut;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (this.config.role === 'api') return;
    for (const entry of this.supervised) await this.lead(entry);
    const leading = this.supervised.filter((entry) => entry.held).flatMap((entry) => this.namesOf(entry));
    this.logger.log(
      `leading ${leading.length} of ${this.names.length}: ${leading.join(', ') || 'none (standby)'}`,
    );
  }

  /** Takes the lease and starts the runner, or retries later; gives the runner up if the lease is lost. */
  private async lead(entry: Supervised): Promise<void> {
    if (this.stopping) return;
    try {
      const lease = await this.leadership.acquire(entry.lease);
      if (lease) {
        entry.held = lease;
        await entry.runner.start();
        void lease.lost.then(() => this.lostLease(entry, lease));
        return;
      }
    } catch (error) {
      this.logger.warn(`${entry.lease}: cannot take the lease: ${(error as Error).message}`);
    }
    this.retryLater(entry);
  }

  private async lostLease(entry: Supervised, lease: Lease): Promise<void> {
    if (entry.held !== lease || this.stopping) return;
    this.logger.warn(`${entry.lease}: lease lost, stopping it here`);
    entry.held = null;
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
    for (const entry of this.supervised) {
      await entry.runner.stop();
      await entry.held?.release();
      entry.held = null;
    }
  }

  /** The read models' names that a rebuild can act on: every projection but the durable reactors. */
  get rebuildable(): string[] {
    return this.projections.filter((p) => !p.durable).map((p) => p.name);
  }

  /**
   * Builds projection `name` anew from position 0 beside the live version, which keeps serving, and
   * swaps it in atomically (blue-green.ts). Any process can do it: a server, a worker, the CLI.
   */
  async rebuild(name: string, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildResult> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection)
      throw new NotFound(
        'PROJECTION_NOT_FOUND',
        `There is no projection named ${name} (${this.rebuildable.join(', ')}).`,
      );
    const place: ReadModelPlace = this.config.databaseUrl
      ? { engine: 'postgres', schema: this.config.readModelSchema }
      : { engine: 'sqlite', file: this.config.readModelsFile };
    const result = await rebuildBlueGreen({ db: this.db, place, store: this.store, projection, onProgress });
    this.logger.log(
      `${name} rebuilt from position 0 beside the live version and switched in at ${result.position} (${result.events} events, ${result.seconds.toFixed(1)} s)`,
    );
    return result;
  }

  /** Whether projection or process `name` runs in this process now (it holds its lease). */
  runsHere(name: string): boolean {
    return this.entryOf(name).held !== null;
  }

  /** Called after each batch projection `name` applies here. */
  onBatch(name: string, listener: () => void): void {
    this.projectionEntryOf(name).runner.onBatch(name, listener);
  }

  /** Read-your-writes: until projection `name` has applied the event at `position` (here, or on the worker that leads it). */
  async waitFor(name: string, position: number, timeoutMs = 5_000): Promise<boolean> {
    const entry = this.entryOf(name);
    if (entry.held && entry.runner instanceof ProjectionRunner)
      return entry.runner.waitFor(name, position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await readCheckpoint(entry.db, name)) >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_MS));
    }
  }

  /** Every projection and process: where it is, whether it runs here, and its lag (where it runs here). */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const statuses = this.leadingStatus(head);
    for (const name of this.names.filter((n) => !statuses.some((s) => s.name === n))) {
      const entry = this.entryOf(name);
      const position = await readCheckpoint(entry.db, name);
      const kind = entry.runner instanceof ProjectionRunner ? 'projection' : 'process';
      statuses.push({
        name,
        kind,
        leader: false,
        position,
        behind: Math.max(0, head - position),
        lagMs: null,
      });
    }
    // One count per database for all the projections it holds (on PostgreSQL each has a runner of its own).
    const byDb = new Map<Supervised['db'], string[]>();
    for (const { runner, db } of this.supervised)
      if (runner instanceof ProjectionRunner) byDb.set(db, [...(byDb.get(db) ?? []), ...runner.names]);
    const parked = new Map(
      (await Promise.all([...byDb].map(([db, names]) => parkedCounts(db, names)))).flatMap((counts) => [
        ...counts,
      ]),
    );
    // Projections first, then processes ("projection" > "process"), each by name.
    return statuses
      .map((status) => ({ ...status, parked: parked.get(status.name) ?? 0 }))
      .sort((a, b) => b.kind.localeCompare(a.kind) || a.name.localeCompare(b.name));
  }

  /** The statuses of what runs in this process. */
  private leadingStatus(head: number): Omit<ProjectionStatus, 'parked'>[] {
    return this.supervised
      .filter((entry) => entry.held !== null)
      .flatMap(({ runner }): Omit<ProjectionStatus, 'parked'>[] => {
        if (runner instanceof ProcessRunner) {
          const position = runner.position;
          return [
            {
              name: runner.process.name,
              kind: 'process' as const,
              leader: true,
              position,
              behind: Math.max(0, head - position),
              lagMs: null,
            },
          ];
        }
        return runner.names.map((name) => {
          const lag = runner.lag(name);
          const position = runner.position(name);
          return {
            name,
            kind: 'projection' as const,
            leader: true,
            position,
            behind: Math.max(0, head - position),
            lagMs: { p50: lag.percentile(50), p99: lag.percentile(99), samples: lag.size },
          };
        });
      });
  }

  /** Every event a projection parked, in any state, by position. */
  async parkedEvents(): Promise<ParkedEvent[]> {
    const lists = await Promise.all(
      this.supervised.flatMap(({ runner }) =>
        runner instanceof ProjectionRunner ? [runner.parkedEvents()] : [],
      ),
    );
    return lists.flat().sort((a, b) => a.position - b.position || a.projection.localeCompare(b.projection));
  }

  /** An operator retries or skips a parked event (from any process: the row and the read model are shared). */
  actOnParked(
    name: string,
    position: number,
    action: 'retry' | 'skip',
    by: string,
    reason: string | null,
  ): Promise<ParkedEvent> {
    if (!this.projections.some((p) => p.name === name))
      throw new NotFound('PROJECTION_NOT_FOUND', `There is no projection named ${name}.`);
    return this.projectionEntryOf(name).runner.actOnParked(name, position, action, by, reason);
  }

  private namesOf(entry: Supervised): string[] {
    return entry.runner instanceof ProjectionRunner ? entry.runner.names : [entry.runner.process.name];
  }

  private projectionEntryOf(name: string): Supervised & { runner: ProjectionRunner } {
    const entry = this.entryOf(name);
    if (!(entry.runner instanceof ProjectionRunner))
      throw new Error(`${name} is a process, not a projection`);
    return entry as Supervised & { runner: ProjectionRunner };
  }

  private entryOf(name: string): Supervised {
    const entry = this.supervised.find((e) => this.namesOf(e).includes(name));
    if (!entry) throw new Error(`No projection or process named ${name}`);
    return entry;
  }
}
