import { Inject, Injectable } from '@nestjs/common';
import { Kysely, Migration, Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PerBatch, PlatformTables, ProjectedEvent, Projection, chunks, idsIn } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { RenewalEvent, ScheduleFacts, nextDueAt, renewalEvents } from '../domain';

type AgendaRow = {
  service_id: string;
  expires_at: string;
  auto_renew: number;
  auto_renew_since: string | null;
  auto_renewal_opened_for: string | null;
  reminded_days_before: number | null;
  expired: number;
  deletion_warned: number;
  open_order_id: string | null;
  open_order_status: string | null;
  open_order_pay_by: string | null;
  open_order_paid_at: string | null;
  /** When the service next has something due (service-schedule.ts); null when nothing is left. */
  next_due_at: string | null;
};

export type SchedulerTables = { sched_services: AgendaRow };

export const schedulerMigrations: Record<string, Migration> = {
  '0300_scheduler': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sched_unpaid_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('pay_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sched_services')
        .addColumn('service_id', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0301_scheduler_auto_renew': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('sched_services')
        .addColumn('auto_renew', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  // One row per service with the facts its schedule depends on and its next due time: the scheduler
  // runs the actions in the order of their due times (a read model: rebuilt from the log).
  '0302_scheduler_due_times': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('sched_unpaid_orders').execute();
      await db.schema.dropTable('sched_services').execute();
      await db.schema
        .createTable('sched_services')
        .addColumn('service_id', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('auto_renew', 'integer', (c) => c.notNull())
        .addColumn('auto_renew_since', 'text')
        .addColumn('auto_renewal_opened_for', 'text')
        .addColumn('reminded_days_before', 'integer')
        .addColumn('expired', 'integer', (c) => c.notNull())
        .addColumn('deletion_warned', 'integer', (c) => c.notNull())
        .addColumn('open_order_id', 'text')
        .addColumn('open_order_status', 'text')
        .addColumn('open_order_pay_by', 'text')
        .addColumn('open_order_paid_at', 'text')
        .addColumn('next_due_at', 'text')
        .execute();
      await db.schema
        .createIndex('sched_services_next_due')
        .on('sched_services')
        .column('next_due_at')
        .execute();
      await db.schema
        .createIndex('sched_services_open_order')
        .on('sched_services')
        .column('open_order_id')
        .execute();
      // The agenda is read from the log again into the new table.
      await (db as Kysely<PlatformTables>)
        .deleteFrom('projection_checkpoints')
        .where('name', '=', 'scheduler-agenda')
        .execute();
    },
  },
};

const flag = (value: boolean) => (value ? 1 : 0);

/**
 * The scheduler's agenda: for every service not deleted, the facts its schedule depends on (expiry,
 * auto-renew, milestones recorded, the open order) and, from them, when it next has something due, by
 * the same function the scheduler and the service decider use.
 */
@Injectable()
export class SchedulerAgendaProjection implements Projection {
  readonly name = 'scheduler-agenda';
  readonly tables = ['sched_services'];
  readonly events = renewalEvents;

  constructor(@Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders) {}

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    await trx.withTables<SchedulerTables>().deleteFrom('sched_services').execute();
  }

  /** The batch's rows: read once, changed in memory, written once by `flush` (with their next due time). */
  private readonly batches = new PerBatch((trx) => new AgendaBatch(trx.withTables<SchedulerTables>()));

  async prefetch(trx: Transaction<PlatformTables>, events: readonly StoredEvent[]): Promise<void> {
    await this.batches.of(trx).prefetch(idsIn(events, 'serviceId'));
  }

  async flush(trx: Transaction<PlatformTables>): Promise<void> {
    await this.batches.take(trx)?.write((row) => this.nextDue(row));
  }

  async apply(trx: Transaction<PlatformTables>, { event }: ProjectedEvent<RenewalEvent>): Promise<void> {
    const batch = this.batches.of(trx);
    const update = async (
      where: { serviceId: string } | { openOrderId: string },
      change: (row: AgendaRow) => Partial<AgendaRow>,
    ) => {
      const row =
        'serviceId' in where
          ? await batch.service(where.serviceId)
          : await batch.serviceWithOpenOrder(where.openOrderId);
      if (row) batch.put({ ...row, ...change(row) });
    };
    switch (event.type) {
      case 'ServiceActivated': {
        const d = event.data;
        const row: AgendaRow = {
          service_id: d.serviceId,
          expires_at: d.expiresAt,
          auto_renew: flag(d.autoRenew),
          auto_renew_since: d.autoRenew ? d.activatedAt : null,
          auto_renewal_opened_for: null,
          reminded_days_before: null,
          expired: 0,
          deletion_warned: 0,
          open_order_id: null,
          open_order_status: null,
          open_order_pay_by: null,
          open_order_paid_at: null,
          next_due_at: null,
        };
        // An activation seen again (a redelivery) changes nothing.
        if (!(await batch.service(d.serviceId))) batch.put(row);
        return;
      }
      case 'ServiceRenewed':
      case 'ServiceReactivated': {
        const d = event.data;
        return update({ serviceId: d.serviceId }, (row) => ({
          expires_at: d.expiresAt,
          auto_renew: flag(d.autoRenew),
          auto_renew_since: d.autoRenew ? (row.auto_renew ? row.auto_renew_since : d.renewedAt) : null,
          reminded_days_before: null,
          expired: 0,
          deletion_warned: 0,
          ...(row.open_order_id === d.orderId
            ? {
                open_order_id: null,
                open_order_status: null,
                open_order_pay_by: null,
                open_order_paid_at: null,
              }
            : {}),
        }));
      }
      case 'AutoRenewSwitchedOn':
        return update({ serviceId: event.data.serviceId }, (row) => ({
          auto_renew: 1,
          auto_renew_since: row.auto_renew ? row.auto_renew_since : event.data.switchedAt,
        }));
      case 'AutoRenewSwitchedOff':
        return update({ serviceId: event.data.serviceId }, () => ({ auto_renew: 0, auto_renew_since: null }));
      case 'RenewalOrderOpened':
        return update({ serviceId: event.data.serviceId }, (row) => ({
          open_order_id: event.data.orderId,
          open_order_status: 'CART',
          open_order_pay_by: null,
          open_order_paid_at: null,
          ...(event.data.origin === 'AUTO_RENEW' ? { auto_renewal_opened_for: row.expires_at } : {}),
        }));
      case 'RenewalOrderReleased':
        return update({ serviceId: event.data.serviceId }, (row) =>
          row.open_order_id === event.data.orderId
            ? {
                open_order_id: null,
                open_order_status: null,
                open_order_pay_by: null,
                open_order_paid_at: null,
              }
            : {},
        );
      case 'ExpiryReminderDue':
      case 'ExpiryReminderSkipped':
        return update({ serviceId: event.data.serviceId }, () => ({
          reminded_days_before: event.data.daysBefore,
        }));
      case 'ServiceExpired':
        return update({ serviceId: event.data.serviceId }, () => ({ expired: 1 }));
      case 'ServiceDeletionWarningDue':
      case 'ServiceDeletionWarningSkipped':
        return update({ serviceId: event.data.serviceId }, () => ({ deletion_warned: 1 }));
      case 'ServiceDeleted':
        batch.remove(event.data.serviceId);
        return;
      case 'CheckoutStarted':
        return update({ openOrderId: event.data.orderId }, () => ({ open_order_status: 'CHECKOUT' }));
      case 'OrderConfirmed':
        return update({ openOrderId: event.data.orderId }, () => ({
          open_order_status: 'CONFIRMED',
          open_order_pay_by: event.data.payBy,
        }));
      case 'PaymentRegistered':
        return update({ openOrderId: event.data.orderId }, () => ({
          open_order_status: 'PAID',
          open_order_paid_at: event.data.registeredAt,
        }));
      case 'OrderCancelled':
        return update({ openOrderId: event.data.orderId }, () => ({ open_order_status: 'CANCELLED' }));
      case 'OrderExpired':
        return update({ openOrderId: event.data.orderId }, () => ({ open_order_status: 'EXPIRED' }));
      default:
        // Every other event leaves the agenda as it is; a closed order is forgotten when it is released.
        return;
    }
  }

  private nextDue(row: Omit<AgendaRow, 'next_due_at'>): string | null {
    const facts: ScheduleFacts = {
      expiresAt: new Date(row.expires_at),
      deleted: false,
      autoRenew: row.auto_renew === 1,
      autoRenewSince: row.auto_renew_since ? new Date(row.auto_renew_since) : null,
      autoRenewalOpenedFor: row.auto_renewal_opened_for,
      milestones: {
        remindedDaysBefore: row.reminded_days_before,
        expired: row.expired === 1,
        deletionWarned: row.deletion_warned === 1,
      },
      openOrder: row.open_order_id
        ? {
            status: (row.open_order_status ?? 'MISSING') as NonNullable<ScheduleFacts['openOrder']>['status'],
            payBy: row.open_order_pay_by ? new Date(row.open_order_pay_by) : null,
            paidAt: row.open_order_paid_at ? new Date(row.open_order_paid_at) : null,
          }
        : null,
    };
    return nextDueAt(facts, this.deciders.context.policy)?.toISOString() ?? null;
  }
}

/**
 * One batch's rows of the agenda. A row is read from the table at most once, by its service or by its open
 * order, and what the batch's events make of it stays here: written once at the end (a rebuild's events of
 * one service mostly fall in one batch), with its next due time computed once. null: no row (deleted).
 */
class AgendaBatch {
  private readonly rows = new Map<string, AgendaRow | null>();
  private readonly dirty = new Set<string>();
  /** Open order id to service id, for the rows held here. */
  private readonly byOpenOrder = new Map<string, string>();

  constructor(private readonly db: Transaction<SchedulerTables>) {}

  /** Reads the rows of these services that the batch has not read yet, a chunk a statement. */
  async prefetch(serviceIds: string[]): Promise<void> {
    for (const ids of chunks(serviceIds.filter((id) => !this.rows.has(id)))) {
      const rows = await this.db
        .selectFrom('sched_services')
        .selectAll()
        .where('service_id', 'in', ids)
        .execute();
      for (const row of rows) this.hold(row.service_id, row);
      for (const id of ids) if (!this.rows.has(id)) this.hold(id, null);
    }
  }

  async service(serviceId: string): Promise<AgendaRow | null> {
    if (this.rows.has(serviceId)) return this.rows.get(serviceId)!;
    const row =
      (await this.db
        .selectFrom('sched_services')
        .selectAll()
        .where('service_id', '=', serviceId)
        .executeTakeFirst()) ?? null;
    this.hold(serviceId, row);
    return row;
  }

  async serviceWithOpenOrder(orderId: string): Promise<AgendaRow | null> {
    const held = this.byOpenOrder.get(orderId);
    if (held !== undefined) {
      const row = this.rows.get(held);
      if (row?.open_order_id === orderId) return row;
    }
    const row = await this.db
      .selectFrom('sched_services')
      .selectAll()
      .where('open_order_id', '=', orderId)
      .executeTakeFirst();
    if (!row) return null;
    // The table's row is older than the batch's, which has moved on to another order (or was deleted).
    if (this.rows.has(row.service_id)) return null;
    this.hold(row.service_id, row);
    return row;
  }

  put(row: Omit<AgendaRow, 'next_due_at'> & { next_due_at?: string | null }): void {
    this.hold(row.service_id, { ...row, next_due_at: null });
    this.dirty.add(row.service_id);
  }

  remove(serviceId: string): void {
    this.hold(serviceId, null);
    this.dirty.add(serviceId);
  }

  private hold(serviceId: string, row: AgendaRow | null): void {
    const before = this.rows.get(serviceId);
    if (before?.open_order_id) this.byOpenOrder.delete(before.open_order_id);
    this.rows.set(serviceId, row);
    if (row?.open_order_id) this.byOpenOrder.set(row.open_order_id, serviceId);
  }

  /** The changed rows, with their next due time: upserted in chunks; the deleted ones deleted. */
  async write(nextDue: (row: AgendaRow) => string | null): Promise<void> {
    const changed: AgendaRow[] = [];
    const deleted: string[] = [];
    for (const serviceId of this.dirty) {
      const row = this.rows.get(serviceId);
      if (row) changed.push({ ...row, next_due_at: nextDue(row) });
      else deleted.push(serviceId);
    }
    for (const rows of chunks(changed))
      await this.db
        .insertInto('sched_services')
        .values(rows)
        .onConflict((oc) =>
          oc
            .column('service_id')
            .doUpdateSet((eb) =>
              Object.fromEntries(AGENDA_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])),
            ),
        )
        .execute();
    for (const ids of chunks(deleted))
      await this.db.deleteFrom('sched_services').where('service_id', 'in', ids).execute();
  }
}

const AGENDA_COLUMNS = [
  'expires_at',
  'auto_renew',
  'auto_renew_since',
  'auto_renewal_opened_for',
  'reminded_days_before',
  'expired',
  'deletion_warned',
  'open_order_id',
  'open_order_status',
  'open_order_pay_by',
  'open_order_paid_at',
  'next_due_at',
] as const satisfies readonly Exclude<keyof AgendaRow, 'service_id'>[];
