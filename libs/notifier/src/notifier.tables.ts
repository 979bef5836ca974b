import { Kysely, Migration } from 'kysely';

export type NotifierTables = {
  notifier_services: { service_id: string; customer_id: string; name: string; holder_email: string };
  notifier_orders: { order_id: string; service_id: string; order_number: string | null };
  /** The customers' names, for the greeting (from the accounts' events). */
  notifier_customers: { customer_id: string; name: string };
  outbox: {
    id: string;
    event_id: string;
    template: string;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string;
    created_at: string;
    /** ERASED: its recipient's personal data was erased before it was sent (never sent). */
    status: 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'ERASED';
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    sent_at: string | null;
  };
};

/**
 * The notifier's tables live in the durable state beside the log, not with the read models: the outbox
 * records which emails were decided and sent, which no rebuild may forget. (`ifNotExists`: deployments
 * from before kept these tables in the events' PostgreSQL schema, and they are adopted as they are.)
 */
export const notifierMigrations: Record<string, Migration> = {
  '0200_notifier': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notifier_services')
        .ifNotExists()
        .addColumn('service_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('holder_email', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('notifier_orders')
        .ifNotExists()
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('order_number', 'text')
        .execute();
      await db.schema
        .createTable('outbox')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('sent_at', 'text')
        .addUniqueConstraint('outbox_event_template', ['event_id', 'template'])
        .execute();
      await db.schema
        .createIndex('outbox_pending')
        .ifNotExists()
        .on('outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
    },
  },
  '0201_notifier_customers': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notifier_customers')
        .ifNotExists()
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
