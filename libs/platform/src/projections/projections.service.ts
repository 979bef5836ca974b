import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, EventStore, StoredEvent } from '@app/event-store';
import { READ_MODEL_DB, ReadModelDb } from '../database/read-model-db';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { EventProcess, ProcessRunner } from './process-runner';

export interface ProjectionStatus {
  name: string;
  kind: 'projection' | 'process';
  position: number;
  behind: number;
  lagMs: { p50: number | null; p99: number | null; samples: number } | null;
}

/**
 * Runs every projection and process: each registers itself when its module initialises, all start when
 * the application has bootstrapped and stop before it shuts down.
 */
@Injectable()
export class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly projectionRunners = new Map<string, ProjectionRunner>();
  private readonly processRunners: ProcessRunner[] = [];
  private started = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {}

  register(projection: Projection): void {
    if (this.projectionRunners.has(projection.name))
      throw new Error(`Projection ${projection.name} is registered twice`);
    this.projectionRunners.set(projection.name, new ProjectionRunner(this.store, this.db, projection));
  }

  registerProcess(process: EventProcess): void {
    this.processRunners.push(new ProcessRunner(this.store, this.db, process));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    for (const runner of this.projectionRunners.values()) await runner.start();
    for (const runner of this.processRunners) await runner.start();
    this.logger.log(
      `running ${this.projectionRunners.size} projections and ${this.processRunners.length} processes`,
    );
  }

  get isRunning(): boolean {
    return this.started;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    await Promise.all([...this.projectionRunners.values()].map((runner) => runner.stop()));
    await Promise.all(this.processRunners.map((runner) => runner.stop()));
  }

  runner(name: string): ProjectionRunner {
    const runner = this.projectionRunners.get(name);
    if (!runner) throw new Error(`No projection named ${name}`);
    return runner;
  }

  onBatch(name: string, listener: (events: StoredEvent[]) => void): void {
    this.runner(name).onBatch(listener);
  }

  /** Read-your-writes: waits until projection `name` has applied the event at `position`. */
  waitFor(name: string, position: number, timeoutMs = 5_000): Promise<boolean> {
    return this.runner(name).waitFor(position, timeoutMs);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    return [
      ...[...this.projectionRunners.values()].map((runner) => ({
        name: runner.projection.name,
        kind: 'projection' as const,
        position: runner.position,
        behind: Math.max(0, head - runner.position),
        lagMs: { p50: runner.lag.percentile(50), p99: runner.lag.percentile(99), samples: runner.lag.size },
      })),
      ...this.processRunners.map((runner) => ({
        name: runner.process.name,
        kind: 'process' as const,
        position: runner.position,
        behind: Math.max(0, head - runner.position),
        lagMs: null,
      })),
    ];
  }
}
