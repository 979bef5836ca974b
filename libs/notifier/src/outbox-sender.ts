import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  DURABLE_DB,
  DurableDb,
  LEADERSHIP,
  Leadership,
  Lease,
  Metrics,
  Projections,
} from '@app/platform';
import { NotifierTables } from './notifier.tables';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';

const MAX_ATTEMPTS = 10;
const LEASE = 'outbox-sender';
const RETRY_LEASE_MS = 2_000;
/** Rows claimed, and then marked sent, by one statement each. */
const BATCH = 20;

/**
 * Sends what the outbox holds, on one process at a time (the `outbox-sender` lease). Rows are claimed
 * (PENDING -> SENDING) a batch at a time before sending and marked SENT after the batch, so each email
 * goes out once. Whoever takes the lease knows that every row still SENDING was claimed by a holder that
 * is gone (a kill -9, a lost worker): it sends them again at once, with the same Message-ID, so a receiver
 * that got the first copy drops the second. Failures retry with exponential backoff, then the row is FAILED.
 */
@Injectable()
export class OutboxSender
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('OutboxSender');
  private readonly db;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private leaseRetry: NodeJS.Timeout | null = null;
  private lease: Lease | null = null;
  private stopped = false;

  constructor(
    @Inject(DURABLE_DB) db: DurableDb,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly projections: Projections,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    metrics: Metrics,
  ) {
    this.db = db.withTables<NotifierTables>();
    const backlog = async () =>
      this.db
        .selectFrom('outbox')
        .where('status', 'in', ['PENDING', 'SENDING'])
        .select((eb) => [eb.fn.countAll().as('emails'), eb.fn.min('created_at').as('oldest')])
        .executeTakeFirstOrThrow();
    metrics.gauge(
      'outbox_backlog',
      'Emails decided and not yet sent (pending or being sent)',
      [],
      async () => [{ labels: {}, value: Number((await backlog()).emails) }],
    );
    metrics.gauge(
      'outbox_oldest_age_seconds',
      'Age of the oldest email not yet sent (0 when none waits)',
      [],
      async () => {
        const { oldest } = await backlog();
        return [
          { labels: {}, value: oldest ? Math.max(0, (Date.now() - Date.parse(String(oldest))) / 1000) : 0 },
        ];
      },
    );
    metrics.gauge('outbox_failed', 'Emails given up on after every retry (FAILED)', [], async () => {
      const row = await this.db
        .selectFrom('outbox')
        .where('status', '=', 'FAILED')
        .select((eb) => eb.fn.countAll().as('emails'))
        .executeTakeFirstOrThrow();
      return [{ labels: {}, value: Number(row.emails) }];
    });
  }

  /** Runs wherever projections may run (not with ROLE=api), where the sender's lease is held. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    this.projections.onBatch('email-notifier', () => this.kick()); // only fires where this process leads it; the timer covers the rest
    await this.lead();
  }

  /** Takes the lease, then sends from now on; or retries later while another process holds it. */
  private async lead(): Promise<void> {
    if (this.stopped) return;
    let lease: Lease | null = null;
    try {
      lease = await this.leadership.acquire(LEASE);
    } catch (error) {
      this.logger.warn(`cannot take the sender's lease: ${(error as Error).message}`);
    }
    if (!lease) {
      this.leaseRetry = setTimeout(() => void this.lead(), RETRY_LEASE_MS);
      this.leaseRetry.unref();
      return;
    }
    this.lease = lease;
    const reclaimed = await this.releaseClaims();
    this.logger.log(
      `sending email through ${this.transport.description}${reclaimed ? `; ${reclaimed} interrupted sends resumed` : ''}`,
    );
    void lease.lost.then(() => this.lostLease(lease));
    this.timer = setInterval(() => this.kick(), 2_000);
    this.timer.unref();
    this.kick();
  }

  private async lostLease(lease: Lease): Promise<void> {
    if (this.lease !== lease || this.stopped) return;
    this.logger.warn('lease lost: no longer sending here');
    this.lease = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.leaseRetry = setTimeout(() => void this.lead(), RETRY_LEASE_MS);
    this.leaseRetry.unref();
  }

  /** Rows left SENDING were claimed by a holder of the lease that is gone: due again, now. */
  private async releaseClaims(): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'PENDING', next_attempt_at: new Date().toISOString() })
      .where('status', '=', 'SENDING')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.leaseRetry) clearTimeout(this.leaseRetry);
    await this.running;
    await this.lease?.release();
    this.lease = null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }

  /** Starts a sending pass, or asks the running one to look again when it ends. */
  kick(): void {
    if (this.stopped || !this.lease) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error) => this.logger.error(`outbox pass failed: ${(error as Error).stack ?? error}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Sends until nothing is due; resolves when done (tests and shutdown wait on it). */
  async drain(): Promise<void> {
    while (!this.stopped) {
      const claimed = await this.claimDue();
      if (claimed.length === 0) return;
      const sent: string[] = [];
      for (const row of claimed) if (await this.sendOne(row)) sent.push(row.id);
      if (sent.length === 0) continue;
      // Only rows still claimed: one erased meanwhile stays ERASED (its personal data is gone).
      await this.db
        .updateTable('outbox')
        .set((eb) => ({
          status: 'SENT',
          sent_at: new Date().toISOString(),
          attempts: eb('attempts', '+', 1),
          last_error: null,
        }))
        .where('id', 'in', sent)
        .where('status', '=', 'SENDING')
        .execute();
    }
  }

  /**
   * Claims the oldest due rows (PENDING -> SENDING), a batch of them in one statement, and returns them
   * oldest first. A row leaves PENDING only here, where one process holds the lease, so no other claim races.
   */
  private async claimDue(): Promise<NotifierTables['outbox'][]> {
    const claimedAt = new Date().toISOString();
    const due = this.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'PENDING')
      // Rows are due by the wall clock, as their times come from it (the event's recording, the retry backoff):
      // the application's clock may be set elsewhere (a test's fixed clock, DEV_CLOCK) and would hold them back.
      .where('next_attempt_at', '<=', claimedAt)
      .orderBy('created_at')
      .limit(BATCH);
    const claimed = await this.db
      .updateTable('outbox')
      .set({ status: 'SENDING', next_attempt_at: claimedAt })
      .where('id', 'in', due)
      .where('status', '=', 'PENDING')
      .returningAll()
      .execute();
    return claimed.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  }

  /**
   * Sends one claimed row; on failure puts it back for a retry with backoff (or gives up), and says false.
   * An erasure may land while the batch is on its way: the row's status is read again just before its send,
   * so an email erased before its turn is never sent (a point read; the writes stay one per batch).
   */
  private async sendOne(row: NotifierTables['outbox']): Promise<boolean> {
    const now = await this.db
      .selectFrom('outbox')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (now?.status !== 'SENDING') return false;
    try {
      await this.transport.send({
        id: row.id,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
      });
      return true;
    } catch (error) {
      const attempts = row.attempts + 1;
      const delayMs = Math.min(3_600_000, 5_000 * 2 ** (attempts - 1));
      await this.db
        .updateTable('outbox')
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING',
          attempts,
          last_error: String((error as Error).message ?? error).slice(0, 500),
          next_attempt_at: new Date(Date.now() + delayMs).toISOString(),
        })
        .where('id', '=', row.id)
        // An email erased while it was being sent is not tried again (its address is gone).
        .where('status', '=', 'SENDING')
        .execute();
      this.logger.warn(
        `email ${row.id} to ${row.to_address} failed (attempt ${attempts}): ${(error as Error).message}`,
      );
      return false;
    }
  }
}
