import { Injectable } from '@nestjs/common';
import { Kysely, Migration, Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables, Projection } from '@app/platform';
import { OrderEvent } from '../domain';

export type SchedulerTables = {
  sched_unpaid_orders: { order_id: string; pay_by: string };
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
    },
  },
};

/** The scheduler's agenda: confirmed orders awaiting payment, with the moment they expire. */
@Injectable()
export class UnpaidOrdersProjection implements Projection {
  readonly name = 'scheduler-unpaid-orders';

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    await trx.withTables<SchedulerTables>().deleteFrom('sched_unpaid_orders').execute();
  }

  async apply(trx: Transaction<PlatformTables>, stored: StoredEvent): Promise<void> {
    const db = trx.withTables<SchedulerTables>();
    const event = { type: stored.type, data: stored.data } as OrderEvent;
    switch (event.type) {
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
