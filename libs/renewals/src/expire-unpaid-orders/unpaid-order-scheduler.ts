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
  LEADERSHIP,
  Leadership,
  Lease,
  READ_MODEL_DB,
  ReadModelDb,
  deterministicUuid,
} from '@app/platform';
import { DomainError } from '../domain';
import { ExpireUnpaidOrderCommand } from './expire-unpaid-order.command';
import { SchedulerTables } from './unpaid-orders.projection';

const LEASE = 'scheduler:unpaid-orders';

/**
 * Expires unpaid confirmed orders once their payBy has passed, on the injected clock. It runs where its
 * lease is held (one worker at a time); the command id comes from the order, so running it twice, or
 * on two workers in turn, expires each order once.
 */
@Injectable()
export class UnpaidOrderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('UnpaidOrderScheduler');
  private readonly db;
  private timer: NodeJS.Timeout | null = null;
  private lease: Lease | null = null;
  private running: Promise<number> | null = null;

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

  /** Expires what is due now (when this process holds the lease); returns how many orders it expired. */
  tick(): Promise<number> {
    this.running ??= this.expireDue().finally(() => (this.running = null));
    return this.running;
  }

  private async expireDue(): Promise<number> {
    this.lease ??= await this.leadership.acquire(LEASE);
    if (!this.lease) return 0;
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('sched_unpaid_orders')
      .select('order_id')
      .where('pay_by', '<=', now.toISOString())
      .orderBy('pay_by')
      .limit(500)
      .execute();
    let expired = 0;
    for (const { order_id: orderId } of due) {
      try {
        const result = await this.commands.execute(
          new ExpireUnpaidOrderCommand(orderId, {
            commandId: deterministicUuid(`expire-unpaid|${orderId}`),
            correlationId: `scheduler:${now.toISOString()}`,
            causationId: null,
            actor: { type: 'system', id: 'unpaid-order-scheduler' },
          }),
        );
        if (result.expiredNow) expired++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`order ${orderId}: ${error.code}`);
      }
    }
    if (expired > 0) this.logger.log(`expired ${expired} unpaid orders`);
    return expired;
  }
}
