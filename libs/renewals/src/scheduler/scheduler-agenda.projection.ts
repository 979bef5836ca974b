import { Injectable } from '@nestjs/common';
import { Kysely, Migration, Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables, Projection } from '@app/platform';
import { OrderEvent, ServiceEvent } from '../domain';

export type SchedulerTables = {
  sched_unpaid_orders: { order_id: string; pay_by: string };
  sched_services: { service_id: string; expires_at: string; auto_renew: number };
};

export const schedulerMigrations: Record<string, Migration> = {
  '0300_scheduler': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sched_unpaid_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('pay_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sched_unpaid_orders_pay_by')
        .on('sched_unpaid_orders')
        .column('pay_by')
        .execute();
      await db.schema
        .createTable('sched_services')
        .addColumn('service_id', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sched_services_expires_at')
        .on('sched_services')
        .column('expires_at')
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
};

/**
 * The scheduler's agenda: confirmed orders awaiting payment with the moment they expire, and services
 * not deleted with their expiry (their milestones and auto-renew charge fall around it) and auto-renew.
 */
@Injectable()
export class SchedulerAgendaProjection implements Projection {
  readonly name = 'scheduler-agenda';

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    await trx.withTables<SchedulerTables>().deleteFrom('sched_unpaid_orders').execute();
    await trx.withTables<SchedulerTables>().deleteFrom('sched_services').execute();
  }

  async apply(trx: Transaction<PlatformTables>, stored: StoredEvent): Promise<void> {
    const db = trx.withTables<SchedulerTables>();
    const event = { type: stored.type, data: stored.data } as OrderEvent | ServiceEvent;
    switch (event.type) {
      case 'ServiceActivated':
      case 'ServiceRenewed':
      case 'ServiceReactivated': {
        const row = {
          expires_at: event.data.expiresAt,
          auto_renew: event.data.autoRenew ? 1 : 0,
        };
        await db
          .insertInto('sched_services')
          .values({ service_id: event.data.serviceId, ...row })
          .onConflict((oc) => oc.column('service_id').doUpdateSet(row))
          .execute();
        return;
      }
      case 'AutoRenewSwitchedOn':
      case 'AutoRenewSwitchedOff':
        await db
          .updateTable('sched_services')
          .set({ auto_renew: event.type === 'AutoRenewSwitchedOn' ? 1 : 0 })
          .where('service_id', '=', event.data.serviceId)
          .execute();
        return;
      case 'ServiceDeleted':
        await db.deleteFrom('sched_services').where('service_id', '=', event.data.serviceId).execute();
        return;
      case 'OrderConfirmed':
        await db
          .insertInto('sched_unpaid_orders')
          .values({ order_id: event.data.orderId, pay_by: event.data.payBy })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .execute();
        return;
      case 'PaymentRegistered':
      case 'OrderCancelled':
      case 'OrderExpired':
        await db.deleteFrom('sched_unpaid_orders').where('order_id', '=', event.data.orderId).execute();
        return;
      default:
        return; // every other event leaves the agenda as it is
    }
  }
}
