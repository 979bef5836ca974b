import { Kysely, Migration } from 'kysely';

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
  ca_orders: {
    order_id: string;
    customer_id: string;
    service_id: string;
    service_name: string;
    kind: string;
    status: string;
    order_number: string | null;
    cart: string;
    min_extra_users: number;
    agreement_code: string | null;
    years: number;
    payment_method: string | null;
    payment_warnings: string;
    auto_renew: number;
    quote: string;
    consents: string;
    payment_instructions: string | null;
    pay_by: string | null;
    requested_at: string;
    confirmed_at: string | null;
    paid_at: string | null;
    paid_method: string | null;
    cancelled_at: string | null;
    cancel_reason: string | null;
    origin: string;
    charge_declined: string | null;
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
};
