import { Kysely, Migration } from 'kysely';
import { PlatformTables } from '@app/platform';

export type CustomerAreaTables = {
  ca_services: {
    service_id: string;
    customer_id: string;
    name: string;
    product_code: string;
    promotional: number;
    holder_email: string;
    activated_at: string;
    expires_at: string;
    storage_packs: number;
    extra_users: number;
    users_in_use: number;
    nso: number;
    auto_renew: number;
    auto_renew_years: number;
    auto_renew_method: string | null;
    auto_renew_label: string | null;
    open_order_id: string | null;
    open_order_status: string | null;
    last_renewed_at: string | null;
    updated_position: number;
  };
  /** One row per order: what the lists filter and sort on, and the order's folded state (JSON). */
  ca_orders: {
    order_id: string;
    customer_id: string;
    service_id: string;
    service_name: string;
    status: string;
    requested_at: string;
    /** The order stream's revision the state includes (its ETag). */
    revision: number;
    state: string;
    updated_position: number;
  };
};

export const customerAreaMigrations: Record<string, Migration> = {
  '0100_customer_area': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ca_services')
        .addColumn('service_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('product_code', 'text', (c) => c.notNull())
        .addColumn('promotional', 'integer', (c) => c.notNull())
        .addColumn('holder_email', 'text', (c) => c.notNull())
        .addColumn('activated_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('storage_packs', 'integer', (c) => c.notNull())
        .addColumn('extra_users', 'integer', (c) => c.notNull())
        .addColumn('users_in_use', 'integer', (c) => c.notNull())
        .addColumn('nso', 'integer', (c) => c.notNull())
        .addColumn('auto_renew', 'integer', (c) => c.notNull())
        .addColumn('open_order_id', 'text')
        .addColumn('open_order_status', 'text')
        .addColumn('last_renewed_at', 'text')
        .addColumn('updated_position', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ca_services_customer').on('ca_services').column('customer_id').execute();
      await db.schema
        .createTable('ca_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('service_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('order_number', 'text')
        .addColumn('cart', 'text', (c) => c.notNull())
        .addColumn('min_extra_users', 'integer', (c) => c.notNull())
        .addColumn('agreement_code', 'text')
        .addColumn('years', 'integer', (c) => c.notNull())
        .addColumn('payment_method', 'text')
        .addColumn('payment_warnings', 'text', (c) => c.notNull())
        .addColumn('auto_renew', 'integer', (c) => c.notNull())
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('consents', 'text', (c) => c.notNull())
        .addColumn('payment_instructions', 'text')
        .addColumn('pay_by', 'text')
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('paid_at', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('cancel_reason', 'text')
        .addColumn('updated_position', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ca_orders_customer')
        .on('ca_orders')
        .columns(['customer_id', 'requested_at'])
        .execute();
    },
  },
  '0101_customer_area_auto_renew': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('ca_services')
        .addColumn('auto_renew_years', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('ca_services').addColumn('auto_renew_method', 'text').execute();
      await db.schema.alterTable('ca_services').addColumn('auto_renew_label', 'text').execute();
      await db.schema
        .alterTable('ca_orders')
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('CUSTOMER'))
        .execute();
      // The decline, as JSON {code, reason, declinedAt}, when an auto-renewal charge was declined.
      await db.schema.alterTable('ca_orders').addColumn('charge_declined', 'text').execute();
    },
  },
  '0102_customer_area_paid_method': {
    async up(db: Kysely<unknown>) {
      // How the payment came in, when it differs from the method the order chose.
      await db.schema.alterTable('ca_orders').addColumn('paid_method', 'text').execute();
    },
  },
  // The order's row keeps its folded state: the page reads what a command answers. Rebuilt from the log.
  '0103_customer_area_order_state': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('ca_orders').execute();
      await db.schema
        .createTable('ca_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('service_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_position', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ca_orders_customer')
        .on('ca_orders')
        .columns(['customer_id', 'requested_at'])
        .execute();
      await db.deleteFrom('ca_services' as never).execute();
      await (db as Kysely<PlatformTables>)
        .deleteFrom('projection_checkpoints')
        .where('name', '=', 'customer-area')
        .execute();
    },
  },
};
