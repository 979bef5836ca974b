import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  CLOCK,
  Clock,
  LEADERSHIP,
  Leadership,
  Lease,
  Metrics,
  Projections,
  READ_MODEL_DB,
  ReadModelDb,
} from '@app/platform';
import { ScheduledActionKind } from '../domain';
import { SchedulerTables } from './scheduler-agenda.projection';
import { ActionCounts, ScheduledActions } from './scheduled-actions';

const LEASE = 'scheduler';
const AGENDA = 'scheduler-agenda';
/** Services looked at per query of the agenda; a run continues until none is due. */
const PAGE = 200;

export interface SchedulerRun {
  /** Every action run, by kind. */
  actions: ActionCounts;
  /** Services that had something to do. */
  services: number;
  expiredOrders: number;
  serviceMilestones: number;
  /** Auto-renewal charges made this run (approved or declined). */
  autoRenewals: number;
}

const emptyRun = (): SchedulerRun => ({
  actions: {},
  services: 0,
  expiredOrders: 0,
  serviceMilestones: 0,
  autoRenewals: 0,
});

const MILESTONES: ScheduledActionKind[] = ['REMINDER', 'EXPIRY', 'DELETION_WARNING', 'DELETION'];

/**
 * The clock-driven rules, where the scheduler's lease is held (one worker at a time). The agenda (a read
 * model) says which services have something due and when; for each, ScheduledActions runs what is due in
 * the order of the due times, on the services' own streams. Between runs nothing is queried until the
 * earliest due time comes, unless the agenda changed (the agenda projection runs here and applied events),
 * so a run every minute costs nothing while nothing is due.
 */
@Injectable()
export class RenewalScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RenewalScheduler');
  private readonly db;
  private timer: NodeJS.Timeout | null = null;
  private lease: Lease | null = null;
  private running: Promise<SchedulerRun> | null = null;
  /** The earliest due time in the agenda when it was last read; null: read it again. */
  private wakeAt: number | null = null;

  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    private readonly actions: ScheduledActions,
    private readonly projections: Projections,
    private readonly metrics: Metrics,
  ) {
    this.db = db.withTables<SchedulerTables>();
    metrics.gauge(
      'scheduler_services_due',
      'Services with a scheduled action due now and not yet run (from the agenda read model)',
      [],
      async () => {
        const row = await this.db
          .selectFrom('sched_services')
          .where('next_due_at', '<=', this.clock.now().toISOString())
          .select((eb) => eb.fn.countAll().as('due'))
          .executeTakeFirstOrThrow();
        return [{ labels: {}, value: Number(row.due) }];
      },
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    // Where the agenda is projected here, its changes tell when to look again; elsewhere every run looks.
    this.projections.onBatch(AGENDA, () => (this.wakeAt = null));
    this.timer = setInterval(() => void this.tick(), this.config.schedulerIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.lease?.release();
    this.lease = null;
  }

  /** Does what is due now, when this process holds the lease; says how much it did. */
  tick(): Promise<SchedulerRun> {
    this.running ??= this.runDue().finally(() => (this.running = null));
    return this.running;
  }

  private async runDue(): Promise<SchedulerRun> {
    this.lease ??= await this.leadership.acquire(LEASE);
    const run = emptyRun();
    if (!this.lease) return run;
    const now = this.clock.now();
    const local = this.projections.runsHere(AGENDA);
    if (local && this.wakeAt !== null && now.getTime() < this.wakeAt) return run;
    const seen = new Set<string>();
    for (;;) {
      const due = (
        await this.db
          .selectFrom('sched_services')
          .select('service_id')
          .where('next_due_at', '<=', now.toISOString())
          .orderBy('next_due_at')
          .limit(PAGE + seen.size)
          .execute()
      )
        .map((row) => row.service_id)
        .filter((id) => !seen.has(id));
      if (due.length === 0) break;
      for (const serviceId of due) {
        seen.add(serviceId);
        const counts = await this.actions.runDue(serviceId, now);
        if (Object.keys(counts).length > 0) run.services++;
        for (const [kind, n] of Object.entries(counts) as [ScheduledActionKind, number][])
          run.actions[kind] = (run.actions[kind] ?? 0) + n;
      }
    }
    for (const [kind, n] of Object.entries(run.actions)) this.metrics.scheduledActions.inc({ kind }, n);
    run.expiredOrders = run.actions.UNPAID_ORDER_EXPIRY ?? 0;
    run.autoRenewals = run.actions.AUTO_RENEW_CHARGE ?? 0;
    run.serviceMilestones = MILESTONES.reduce((sum, kind) => sum + (run.actions[kind] ?? 0), 0);
    // After work the agenda is behind until the projection applies it: look again next time.
    this.wakeAt = run.services > 0 ? null : await this.earliestDue();
    if (run.services > 0)
      this.logger.log(
        `ran ${Object.entries(run.actions)
          .map(([kind, n]) => `${n} ${kind.toLowerCase()}`)
          .join(', ')} for ${run.services} services`,
      );
    return run;
  }

  private async earliestDue(): Promise<number | null> {
    const row = await this.db
      .selectFrom('sched_services')
      .select((eb) => eb.fn.min('next_due_at').as('next'))
      .executeTakeFirst();
    return row?.next ? Date.parse(String(row.next)) : Number.POSITIVE_INFINITY;
  }
}
