import { Logger } from '@nestjs/common';
import { eventLogContext, withLogContext } from '../logging/log-context';
import { EventStore, StoredEvent, Subscription } from '@app/event-store';
import { Transaction } from 'kysely';
import { PlatformTables, ReadModelDb } from '../database/read-model-db';
import { logLevelEnabled } from '../logging/logger';
import { readCheckpoint, writeCheckpoints } from './checkpoints';
import { Projection, projected } from './projection';
import { ParkedEvent, parkedEventOf, readParked, storedError } from './parked-events';
import { Conflict, NotFound } from '@app/kernel';
import { LatencyWindow } from './latency-window';
import { StatisticsCadence, vacuumAnalyze } from '../database/statistics';

/**
 * How long a runner lets events gather after a small batch: at moderate load one commit then serves the
 * events of several commands (a commit, not the projection's logic, is most of what a small batch costs),
 * for at most this much more lag. The first event after a quiet spell is applied at once. At a fixed 200
 * requests/s of the bench's flow the server spent 4.77-5.16 ms of CPU per request with 5 ms here,
 * 4.45-4.65 with 10, 4.23-4.31 with 15, but 15 put the projection lag's p99 over 50 ms (decisions.md #44).
 * Runners on PostgreSQL pass 5 (projections.service.ts).
 */
const COALESCE_MS = 10;
/**
 * The wait instead while someone waits for a batch (`waitFor`, a read of one's own write): the wait before it
 * was raised, so such a read is never slower than it was. Not 0: under load someone always waits, and every
 * batch would go with no wait at all (measured on PostgreSQL, the flow at peak lost 9-20% of its req/s).
 */
const HURRIED_COALESCE_MS = 5;
/**
 * The most events applied in one transaction. Live, a batch is what arrived meanwhile (a few events);
 * catching up, fewer and larger commits write each hot page (the dashboard's counters, an index's leaves)
 * once per batch: a rebuild of the 10k-customer log ran 4,617 events/s with 500, 5,442 with 2,000 (64 MiB
 * page cache both), 5,711 with 10,000.
 */
const CATCH_UP_BATCH = 2_000;
/** Events applied before the tables are first vacuumed and analyzed (statistics.ts: then at each doubling). */
const STATISTICS_EVERY = 10_000;

/** One projection of a runner: where its read model is, who waits for it, how far behind the log it runs. */
class Member {
  checkpoint = 0;
  readonly waiters = new Set<{ position: number; resolve: () => void }>();
  readonly lag = new LatencyWindow(4096);
  readonly afterBatch: Array<() => void> = [];
  /** Positions parked for this projection (in any state): never applied in the stream again. */
  readonly parked = new Set<number>();
  constructor(readonly projection: Projection) {}
}

/** How many times in a row a projection may fail on one event before the event is parked. */
export const POISON_ATTEMPTS = 3;

/**
 * Feeds projections from the global log through one catch-up subscription. Each batch is applied to
 * every projection, and their checkpoints moved, in one transaction: a crash replays at most the
 * uncommitted batch, which was never visible. Each projection keeps its own checkpoint and skips what it
 * has applied already (after a rebuild, the runner reads from the earliest checkpoint again).
 *
 * Running several projections on one runner (all the read models of the embedded database) costs one
 * read of the log and one commit per batch instead of one per projection; a batch that fails for one of
 * them is retried for all of them.
 */
export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private readonly members: Map<string, Member>;
  private readonly logger: Logger;
  private readonly statistics: StatisticsCadence;
  private readonly coalesceMs: number;
  private readonly hurriedCoalesceMs: number;
  /** The tables' VACUUM (ANALYZE) under way, if one is (it runs beside the batches). */
  private analyzing: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    projections: Projection[],
    options: { statisticsEvery?: number; coalesceMs?: number; hurriedCoalesceMs?: number } = {},
  ) {
    this.members = new Map(projections.map((projection) => [projection.name, new Member(projection)]));
    this.logger = new Logger(`Projection:${[...this.members.keys()].join('+')}`);
    this.statistics = new StatisticsCadence(options.statisticsEvery ?? STATISTICS_EVERY);
    this.coalesceMs = options.coalesceMs ?? COALESCE_MS;
    this.hurriedCoalesceMs = options.hurriedCoalesceMs ?? HURRIED_COALESCE_MS;
  }

  get names(): string[] {
    return [...this.members.keys()];
  }

  get running(): boolean {
    return this.subscription !== null;
  }

  position(name: string): number {
    return this.member(name).checkpoint;
  }

  lag(name: string): LatencyWindow {
    return this.member(name).lag;
  }

  onBatch(name: string, listener: () => void): void {
    this.member(name).afterBatch.push(listener);
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    for (const member of this.members.values())
      member.checkpoint = await readCheckpoint(this.db, member.projection.name);
    for (const parked of await readParked(this.db, this.names))
      this.member(parked.projection).parked.add(parked.position);
    this.subscription = this.store.subscribeToAll({
      fromPosition: Math.min(...[...this.members.values()].map((member) => member.checkpoint)),
      onEvents: (events) => this.handle(events),
      coalesceMs: this.coalesceMs,
      hurriedCoalesceMs: this.hurriedCoalesceMs,
      maxBatchSize: CATCH_UP_BATCH,
      onError: (error) => this.logger.error(`batch failed, retrying: ${(error as Error).stack ?? error}`),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    await this.analyzing;
  }

  /** Empties the projection's read model and replays the whole log into it (the others keep theirs). */
  async rebuild(name: string): Promise<void> {
    const member = this.member(name);
    const wasRunning = this.running;
    await this.stop();
    await this.db.transaction().execute(async (trx) => {
      await member.projection.reset(trx);
      await trx.deleteFrom('projection_checkpoints').where('name', '=', name).execute();
      // From 0 again: what was parked or retried is applied in its place (and parked again if it still
      // fails); what an operator skipped stays out.
      await trx
        .deleteFrom('parked_events')
        .where('projection', '=', name)
        .where('state', '!=', 'skipped')
        .execute();
    });
    member.checkpoint = 0;
    member.parked.clear();
    for (const parked of await readParked(this.db, [name])) member.parked.add(parked.position);
    if (wasRunning) await this.start();
  }

  /** Resolves once the projection's read model includes the event at `position` (read-your-writes). */
  waitFor(name: string, position: number, timeoutMs: number): Promise<boolean> {
    const member = this.member(name);
    if (member.checkpoint >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          member.waiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        member.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      member.waiters.add(waiter);
      // Someone reads their own write: the batch that holds it goes after the shorter wait.
      this.subscription?.hurry();
    });
  }

  /** One event into each of `due` (the projections that have not applied it yet), in the batch's transaction. */
  private async apply(trx: Transaction<PlatformTables>, due: Member[], event: StoredEvent): Promise<void> {
    for (const member of due) {
      if (member.parked.has(event.position)) continue;
      try {
        // Decoding may fail too (an event type or shape this version does not know): the same poison.
        const decoded = projected(member.projection, event);
        if (!decoded) continue;
        await member.projection.apply(trx, decoded);
      } catch (error) {
        this.logger.error(
          `${member.projection.name} failed on ${event.type} at ${event.position}: ${(error as Error).message}`,
        );
        this.failing = { member, event, error: error as Error };
        throw error;
      }
      if (logLevelEnabled('verbose'))
        this.logger.verbose(`${member.projection.name} applied ${event.type} at ${event.position}`);
    }
  }

  /** The projection and event that failed the batch being applied, if one did. */
  private failing: { member: Member; event: StoredEvent; error: Error } | null = null;
  /** Failures in a row, by projection and position. */
  private readonly failures = new Map<string, number>();

  private async handle(events: StoredEvent[]): Promise<void> {
    for (;;) {
      this.failing = null;
      try {
        await this.applyBatch(events);
        if (this.statistics.afterBatch(events.length, events.length >= CATCH_UP_BATCH)) this.analyze();
        return;
      } catch (error) {
        // Just parked: the batch again at once, without that event; otherwise after the subscription's delay.
        if (!this.failing || !(await this.countFailure(this.failing))) throw error;
      }
    }
  }

  /**
   * A batch failed on one projection's event: after POISON_ATTEMPTS failures in a row the event is parked
   * (with its error) and the next try of the batch goes on without it, for that projection only.
   */
  private async countFailure({
    member,
    event,
    error,
  }: {
    member: Member;
    event: StoredEvent;
    error: Error;
  }): Promise<boolean> {
    const key = `${member.projection.name}@${event.position}`;
    const attempts = (this.failures.get(key) ?? 0) + 1;
    if (attempts < POISON_ATTEMPTS) {
      this.failures.set(key, attempts);
      return false;
    }
    this.failures.delete(key);
    await this.db
      .insertInto('parked_events')
      .values({
        projection: member.projection.name,
        position: event.position,
        event_id: event.id,
        event_type: event.type,
        error: storedError(error),
        attempts,
        parked_at: new Date().toISOString(),
        state: 'parked',
        acted_by: null,
        acted_at: null,
        reason: null,
      })
      .onConflict((oc) => oc.columns(['projection', 'position']).doNothing())
      .execute();
    member.parked.add(event.position);
    this.logger.error(
      `${member.projection.name} parked ${event.type} at ${event.position} after ${attempts} failures (${error.message}); it goes on without it`,
    );
    return true;
  }

  /** The events parked for this runner's projections, in any state. */
  parkedEvents(): Promise<ParkedEvent[]> {
    return readParked(this.db, this.names);
  }

  /**
   * An operator's decision on a parked event: `retry` applies it to the projection now, in one transaction
   * with the row's new state (it fails, and stays parked with the new error, if the projection still
   * fails on it); `skip` leaves it out for good. Both keep who decided, when and why.
   */
  async actOnParked(
    name: string,
    position: number,
    action: 'retry' | 'skip',
    by: string,
    reason: string | null,
  ): Promise<ParkedEvent> {
    const member = this.member(name);
    const row = await this.db
      .selectFrom('parked_events')
      .selectAll()
      .where('projection', '=', name)
      .where('position', '=', position)
      .executeTakeFirst();
    if (!row)
      throw new NotFound('PARKED_EVENT_NOT_FOUND', `${name} has no parked event at position ${position}.`);
    if (row.state !== 'parked')
      throw new Conflict(
        'NOT_PARKED',
        `The event at ${position} was ${row.state} already (${row.acted_at}).`,
      );
    const acted = {
      state: action === 'retry' ? 'retried' : 'skipped',
      acted_by: by,
      acted_at: new Date().toISOString(),
      reason,
    } as const;
    if (action === 'skip') {
      await this.db
        .updateTable('parked_events')
        .set(acted)
        .where('projection', '=', name)
        .where('position', '=', position)
        .execute();
    } else {
      const [event] = await this.store.readAll(position - 1, 1);
      try {
        await this.db.transaction().execute(async (trx) => {
          // Decoded here: a version that still cannot read the event fails its retry like one that cannot apply it.
          const decoded = event?.position === position ? projected(member.projection, event) : null;
          if (decoded) {
            await withLogContext(eventLogContext(event), () => member.projection.apply(trx, decoded));
            await member.projection.flush?.(trx);
          }
          await trx
            .updateTable('parked_events')
            .set(acted)
            .where('projection', '=', name)
            .where('position', '=', position)
            .execute();
        });
      } catch (error) {
        const message = (error as Error).message;
        await this.db
          .updateTable('parked_events')
          .set({
            error: storedError(error as Error),
            attempts: Number(row.attempts) + 1,
          })
          .where('projection', '=', name)
          .where('position', '=', position)
          .execute();
        throw new Conflict(
          'RETRY_FAILED',
          `${name} failed again on the event at ${position}: ${message}. It stays parked.`,
        );
      }
    }
    this.logger.warn(
      `${name}: parked event at ${position} ${acted.state} by ${by}${reason ? ` (${reason})` : ''}`,
    );
    return parkedEventOf({ ...row, ...acted });
  }

  private async applyBatch(events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    let work: Member[] = [];
    await this.db.transaction().execute(async (trx) => {
      // The stored checkpoints, under their rows' locks, are where each projection is: a blue/green
      // rebuild (in any process) may have swapped a new version in, at its own position, since the last
      // batch; it takes the same lock, so it never runs between this read and this commit.
      await this.lockCheckpoints(trx);
      // The projections with something to apply (after a rebuild, one may be behind the others).
      work = [...this.members.values()].filter((member) => member.checkpoint < last);
      if (work.length === 0) return;
      // Event by event, each projection that has not applied it yet: one log context per event. Usually
      // every projection is before the whole batch, and none is left out of any event.
      const allDue = work.every((member) => member.checkpoint < events[0].position);
      for (const member of work) await member.projection.prefetch?.(trx, events);
      for (const event of events) {
        const due = allDue ? work : work.filter((member) => event.position > member.checkpoint);
        if (due.length > 0) await withLogContext(eventLogContext(event), () => this.apply(trx, due, event));
      }
      for (const member of work) await member.projection.flush?.(trx);
      await writeCheckpoints(
        trx,
        work.map((member) => member.projection.name),
        last,
      );
    });
    const now = Date.now();
    for (const member of work) {
      for (const event of events)
        if (event.position > member.checkpoint) member.lag.record(now - Date.parse(event.recordedAt));
      member.checkpoint = last;
      for (const waiter of member.waiters) if (waiter.position <= last) waiter.resolve();
      for (const listener of member.afterBatch) listener();
    }
    // Someone still waits (under load, always): the next batch goes after the shorter wait too.
    if ([...this.members.values()].some((member) => member.waiters.size > 0)) this.subscription?.hurry();
  }

  /**
   * Vacuums and analyzes the tables this runner's projections write (statistics.ts), beside the batches:
   * it blocks neither readers nor writers.
   */
  private analyze(): void {
    if (this.analyzing) return;
    const tables = [...this.members.values()].flatMap((member) => member.projection.tables);
    const started = Date.now();
    this.analyzing = vacuumAnalyze(this.db, tables)
      .then(() =>
        this.logger.debug(`${tables.join(', ')} vacuumed and analyzed in ${Date.now() - started} ms`),
      )
      .catch((error) => this.logger.warn(`tables not vacuumed and analyzed: ${(error as Error).message}`))
      .finally(() => {
        this.analyzing = null;
      });
  }

  /** Locks this runner's checkpoint rows and reads them (one statement; rows not written yet stay as they are). */
  private async lockCheckpoints(trx: Transaction<PlatformTables>): Promise<void> {
    const rows = await trx
      .updateTable('projection_checkpoints')
      .set((eb) => ({ position: eb.ref('position') }))
      .where('name', 'in', this.names)
      .returning(['name', 'position'])
      .execute();
    for (const row of rows) {
      const member = this.members.get(row.name);
      if (member) member.checkpoint = Number(row.position);
    }
  }

  private member(name: string): Member {
    const member = this.members.get(name);
    if (!member) throw new Error(`No projection named ${name} in ${this.names.join(', ')}`);
    return member;
  }
}
