import { Kysely, Migration } from 'kysely';

export type BackOfficeTables = {
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
  };
};

export const backOfficeMigrations: Record<string, Migration> = {
  '0400_back_office': {
    async up(db: Kysely<unknown>) {
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
};
