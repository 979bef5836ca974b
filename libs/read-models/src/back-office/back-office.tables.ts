import { Kysely, Migration } from 'kysely';

export type BackOfficeTables = {
  /** One row per order: its status, the funnel's timestamps, and what was paid. */
  bo_orders: {
    order_id: string;
    status: string;
    requested_at: string;
    checkout_at: string | null;
    confirmed_at: string | null;
    paid_at: string | null;
    paid_method: string | null;
    paid_gross_cents: number | null;
    paid_taxable_cents: number | null;
    gross_cents: number;
    taxable_cents: number;
    agreement_code: string | null;
    agreement_discount_cents: number;
    /** CUSTOMER, or AUTO_RENEW for the orders the auto-renew charge places. */
    origin: string;
    charge_declined_at: string | null;
    /** What the back office finds an order by: its number, its service, its customer. */
    order_number: string | null;
    service_id: string | null;
    service_name: string | null;
    customer_id: string | null;
    payment_method: string | null;
  };
  bo_open_orders: {
    order_id: string;
    order_number: string;
    customer_id: string;
    service_id: string;
    payment_method: string;
    amount_cents: number;
    confirmed_at: string;
    pay_by: string;
  };
  bo_refunds: {
    transaction_id: string;
    order_id: string;
    order_number: string;
    amount_cents: number;
    method: string;
    reason: string;
    registered_at: string;
    refunded_at: string | null;
    refund_reference: string | null;
  };
};

export const backOfficeMigrations: Record<string, Migration> = {
  '0400_back_office': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bo_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('checkout_at', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('paid_at', 'text')
        .addColumn('paid_method', 'text')
        .addColumn('paid_gross_cents', 'integer')
        .addColumn('paid_taxable_cents', 'integer')
        .addColumn('gross_cents', 'integer', (c) => c.notNull())
        .addColumn('taxable_cents', 'integer', (c) => c.notNull())
        .addColumn('agreement_code', 'text')
        .addColumn('agreement_discount_cents', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bo_open_orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('order_number', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('payment_method', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'integer', (c) => c.notNull())
        .addColumn('confirmed_at', 'text', (c) => c.notNull())
        .addColumn('pay_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bo_refunds')
        .addColumn('transaction_id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('order_number', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'integer', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0401_back_office_auto_renew': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('bo_orders')
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('CUSTOMER'))
        .execute();
      await db.schema.alterTable('bo_orders').addColumn('charge_declined_at', 'text').execute();
    },
  },
  '0402_back_office_search_and_refunds': {
    async up(db: Kysely<unknown>) {
      for (const column of ['order_number', 'service_id', 'service_name', 'customer_id', 'payment_method'])
        await db.schema.alterTable('bo_orders').addColumn(column, 'text').execute();
      await db.schema.createIndex('bo_orders_order_number').on('bo_orders').column('order_number').execute();
      await db.schema.alterTable('bo_refunds').addColumn('refunded_at', 'text').execute();
      await db.schema.alterTable('bo_refunds').addColumn('refund_reference', 'text').execute();
      // The new columns are filled from the log: the back office's read model is rebuilt from position 0.
      await db.deleteFrom('bo_open_orders' as never).execute();
      await db.deleteFrom('bo_orders' as never).execute();
      await db.deleteFrom('bo_refunds' as never).execute();
      await db
        .deleteFrom('projection_checkpoints' as never)
        .where('name' as never, '=', 'back-office' as never)
        .execute();
    },
  },
};
