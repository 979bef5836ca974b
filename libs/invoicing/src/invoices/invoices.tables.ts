import { Kysely, Migration, sql } from 'kysely';

export type InvoicesTables = {
  /** One row per invoice: what the lists show and filter on, and the invoice as issued (JSON) for its files. */
  invoices: {
    invoice_id: string;
    /** TD01 an invoice, TD04 a credit note. */
    type: string;
    /** A credit note's: the number of the invoice it reduces. */
    corrects_number: string | null;
    customer_id: string;
    service_id: string;
    order_id: string;
    order_number: string;
    number: string;
    year: number;
    sequence: number;
    /** YYYY-MM-DD, the invoice's date. */
    date: string;
    buyer_name: string;
    total_cents: number;
    taxable_cents: number;
    vat_cents: number;
    status: string;
    /** When the status last changed. */
    status_at: string;
    attempts: number;
    file_name: string | null;
    sdi_id: string | null;
    /** The exchange's errors of the last rejection (JSON array). */
    errors: string;
    rejected_at: string | null;
    /** InvoiceIssuedData (JSON). */
    issued: string;
    /** The buyer a correction gave it (JSON), or null. */
    corrected_buyer: string | null;
    updated_position: number;
  };
  /**
   * What was invoiced on a day, by document type (TD01 invoices, TD04 credit notes): the dashboard sums
   * these (a few rows a day) instead of every invoice's row.
   */
  invoice_figures: {
    date: string;
    type: string;
    invoices: number;
    taxable_cents: number;
    vat_cents: number;
    total_cents: number;
  };
};

export const invoicesMigrations: Record<string, Migration> = {
  '0500_invoices': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invoices')
        .addColumn('invoice_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('order_number', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('buyer_name', 'text', (c) => c.notNull())
        .addColumn('total_cents', 'integer', (c) => c.notNull())
        .addColumn('taxable_cents', 'integer', (c) => c.notNull())
        .addColumn('vat_cents', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('sdi_id', 'text')
        .addColumn('errors', 'text', (c) => c.notNull())
        .addColumn('rejected_at', 'text')
        .addColumn('issued', 'text', (c) => c.notNull())
        .addColumn('corrected_buyer', 'text')
        .addColumn('updated_position', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('invoices_customer')
        .on('invoices')
        .columns(['customer_id', 'year', 'sequence'])
        .execute();
      await db.schema.createIndex('invoices_status').on('invoices').columns(['status', 'date']).execute();
    },
  },
  '0501_invoices_credit_notes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('invoices')
        .addColumn('type', 'text', (c) => c.notNull().defaultTo('TD01'))
        .execute();
      await db.schema.alterTable('invoices').addColumn('corrects_number', 'text').execute();
    },
  },
  '0502_invoice_figures': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invoice_figures')
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('invoices', 'integer', (c) => c.notNull())
        .addColumn('taxable_cents', 'bigint', (c) => c.notNull())
        .addColumn('vat_cents', 'bigint', (c) => c.notNull())
        .addColumn('total_cents', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('invoice_figures_pk', ['date', 'type'] as never[])
        .execute();
      // Filled from the invoices already listed: the same sums the dashboard made of them.
      await sql`INSERT INTO invoice_figures (date, type, invoices, taxable_cents, vat_cents, total_cents)
        SELECT date, type, count(*), sum(taxable_cents), sum(vat_cents), sum(total_cents)
          FROM invoices GROUP BY date, type`.execute(db);
    },
  },
};
