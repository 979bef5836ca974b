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
  /**
   * The dashboard's order counters: how many orders requested on `day` (in the calendar's zone) are in
   * this status, origin and agreement code and have reached each step of the funnel (0 or 1 each).
   */
  bo_order_figures: {
    day: string;
    status: string;
    origin: string;
    /** '' when the order has no agreement code. */
    agreement_code: string;
    checked_out: number;
    confirmed: number;
    paid: number;
    declined: number;
    orders: number;
    /** The agreement discount of the paid ones among them. */
    paid_discount_cents: number;
  };
  /** The dashboard's revenue counters: payments registered on `day` (in the calendar's zone). */
  bo_payment_figures: {
    day: string;
    method: string;
    origin: string;
    payments: number;
    gross_cents: number;
    taxable_cents: number;
  };
  /** The words orders are found by (search-terms.ts): a word, and the order, service or customer it leads to. */
  bo_search_terms: {
    kind: string;
    term: string;
    ref: string;
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

/** What identifies a line of bo_order_figures: the day, and what the dashboard groups the orders by. */
export const ORDER_FIGURES_KEY = [
  'day',
  'status',
  'origin',
  'agreement_code',
  'checked_out',
  'confirmed',
  'paid',
  'declined',
] as const;

/** The tables the back office's lists and figures are in (the search's words come after them). */
const FIGURES_AND_LISTS = [
  'bo_open_orders',
  'bo_orders',
  'bo_refunds',
  'bo_order_figures',
  'bo_payment_figures',
];

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
      await rebuildFromZero(db, ['bo_open_orders', 'bo_orders', 'bo_refunds']);
    },
  },
  '0403_back_office_figures': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bo_order_figures')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('agreement_code', 'text', (c) => c.notNull())
        .addColumn('checked_out', 'integer', (c) => c.notNull())
        .addColumn('confirmed', 'integer', (c) => c.notNull())
        .addColumn('paid', 'integer', (c) => c.notNull())
        .addColumn('declined', 'integer', (c) => c.notNull())
        .addColumn('orders', 'integer', (c) => c.notNull())
        .addColumn('paid_discount_cents', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('bo_order_figures_pk', [...ORDER_FIGURES_KEY] as never[])
        .execute();
      await db.schema
        .createTable('bo_payment_figures')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('payments', 'integer', (c) => c.notNull())
        .addColumn('gross_cents', 'bigint', (c) => c.notNull())
        .addColumn('taxable_cents', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('bo_payment_figures_pk', ['day', 'method', 'origin'] as never[])
        .execute();
      // The awaited payments are read a page at a time, oldest first.
      await db.schema
        .createIndex('bo_open_orders_confirmed')
        .on('bo_open_orders')
        .columns(['confirmed_at', 'order_id'])
        .execute();
      // The counters are filled from the log: the back office's read model is rebuilt from position 0.
      await rebuildFromZero(db, FIGURES_AND_LISTS);
    },
  },
  '0404_back_office_search_terms': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bo_search_terms')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('bo_search_terms_pk', ['kind', 'term', 'ref'] as never[])
        .execute();
      // A query word's candidates come from (kind, term); the other words are checked by (kind, ref, term).
      await db.schema
        .createIndex('bo_search_terms_ref')
        .on('bo_search_terms')
        .columns(['kind', 'ref', 'term'])
        .execute();
      for (const column of ['service_id', 'customer_id', 'requested_at'])
        await db.schema.createIndex(`bo_orders_${column}`).on('bo_orders').column(column).execute();
      // The words are taken from the log: the back office's read model is rebuilt from position 0.
      await rebuildFromZero(db, FIGURES_AND_LISTS);
    },
  },
};

/** Empties the back office's tables and its checkpoint: the projection fills them again from position 0. */
async function rebuildFromZero(db: Kysely<unknown>, tables: string[]) {
  for (const table of tables) await db.deleteFrom(table as never).execute();
  await db
    .deleteFrom('projection_checkpoints' as never)
    .where('name' as never, '=', 'back-office' as never)
    .execute();
}
