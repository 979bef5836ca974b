import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  APP_CONFIG,
  AppConfig,
  CLOCK,
  Clock,
  CommandMeta,
  LEADERSHIP,
  Leadership,
  Lease,
  READ_MODEL_DB,
  ReadModelDb,
  deterministicUuid,
} from '@app/platform';
import { DomainError, addDays } from '../domain';
import { ExpireUnpaidOrderCommand } from '../expire-unpaid-orders/expire-unpaid-order.command';
import { RecordServiceMilestonesCommand } from '../record-service-milestones/record-service-milestones.command';
import { ChargeAutoRenewalCommand } from '../charge-auto-renewal/charge-auto-renewal.command';
import { SchedulerTables } from './scheduler-agenda.projection';

const LEASE = 'scheduler';

export interface SchedulerRun {
  expiredOrders: number;
  serviceMilestones: number;
  /** Auto-renewal charges made this run (approved or declined). */
  autoRenewals: number;
}

/**
 * The clock-driven rules, on the injected clock, where the scheduler's lease is held (one worker at a
 * time): unpaid confirmed orders expire at their payBy (the command id comes from the order, so each
 * expires once), services record their due milestones (the decider records each once per expiry), and
 * auto-renew services are charged `autoRenewChargeDays` before expiry (once per expiry, as the decider and
 * the gateway's idempotency key see to it).
 */
@Injectable()
export class RenewalScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RenewalScheduler');
  private readonly db;
  private timer: NodeJS.Timeout | null = null;
  private lease: Lease | null = null;
  private running: Promise<SchedulerRun> | null = null;

  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    private readonly commands: CommandBus,
  ) {
    this.db = db.withTables<SchedulerTables>();
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
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
    if (!this.lease) return { expiredOrders: 0, serviceMilestones: 0, autoRenewals: 0 };
    const now = this.clock.now();
    return {
      expiredOrders: await this.expireUnpaidOrders(now),
      serviceMilestones: await this.recordMilestones(now),
      autoRenewals: await this.chargeAutoRenewals(now),
    };
  }

  private async chargeAutoRenewals(now: Date): Promise<number> {
    const horizon = addDays(now, this.config.policy.autoRenewChargeDays).toISOString();
    const services = await this.db
      .selectFrom('sched_services')
      .select('service_id')
      .where('auto_renew', '=', 1)
      .where('expires_at', '<=', horizon)
      .execute();
    return this.forEach(
      services.map((row) => row.service_id),
      'auto-renewal of service',
      async (serviceId) => {
        const result = await this.commands.execute(
          new ChargeAutoRenewalCommand(
            serviceId,
            this.meta(`auto-renewal|${serviceId}|${now.toISOString()}`, now),
          ),
        );
        const charged = result.outcome === 'CHARGED' || result.outcome === 'DECLINED';
        if (charged) this.logger.log(`auto-renewal of service ${serviceId}: ${result.outcome}`);
        return charged;
      },
    );
  }

  private async recordMilestones(now: Date): Promise<number> {
    const horizon = addDays(now, Math.max(0, ...this.config.policy.reminderDaysBeforeExpiry)).toISOString();
    const services = await this.db
      .selectFrom('sched_services')
      .select('service_id')
      .where('expires_at', '<=', horizon)
      .execute();
    return this.forEach(
      services.map((row) => row.service_id),
      'service',
      async (serviceId) => {
        const result = await this.commands.execute(
          new RecordServiceMilestonesCommand(
            serviceId,
            this.meta(`milestones|${serviceId}|${now.toISOString()}`, now),
          ),
        );
        return result.recorded;
      },
    );
  }

  private async expireUnpaidOrders(now: Date): Promise<number> {
    const due = await this.db
      .selectFrom('sched_unpaid_orders')
      .select('order_id')
      .where('pay_by', '<=', now.toISOString())
      .orderBy('pay_by')
      .limit(500)
      .execute();
    const expired = await this.forEach(
      due.map((row) => row.order_id),
      'order',
      async (orderId) => {
        const result = await this.commands.execute(
          new ExpireUnpaidOrderCommand(orderId, this.meta(`expire-unpaid|${orderId}`, now)),
        );
        return result.expiredNow;
      },
    );
    if (expired > 0) this.logger.log(`expired ${expired} unpaid orders`);
    return expired;
  }

  /** The scheduler's command metadata: the command id makes each due action happen once. */
  private meta(commandKey: string, now: Date): CommandMeta {
    return {
      commandId: deterministicUuid(commandKey),
      correlationId: `scheduler:${now.toISOString()}`,
      causationId: null,
      actor: { type: 'system', id: 'renewal-scheduler' },
    };
  }

  /**
   * Runs `action` for each id and counts the ones that did something. A rule refusing one of them (a
   * domain error) is logged and the others go on; anything else stops the run, to be retried next tick.
   */
  private async forEach(
    ids: string[],
    what: string,
    action: (id: string) => Promise<boolean>,
  ): Promise<number> {
    let done = 0;
    for (const id of ids) {
      try {
        if (await action(id)) done++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`${what} ${id}: ${error.code}`);
      }
    }
    return done;
  }
}
