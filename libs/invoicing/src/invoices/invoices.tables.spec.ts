import { afterEach, expect, it } from '@jest/globals';
import { Kysely, Migration } from 'kysely';
import { describeWhen, engines, freshSchema } from '@app/event-store/testing';
import {
  migrateToLatest,
  openPostgresReadModelDb,
  openSqliteReadModelDb,
  platformMigrations,
} from '@app/platform';
import { InvoicesTables, invoicesMigrations } from './invoices.tables';

const { '0502_invoice_figures': figures, ...before } = invoicesMigrations;

function suite(engine: 'sqlite' | 'postgres') {
  let dispose: () => Promise<void> = async () => undefined;
  afterEach(() => dispose());

  /** A read-model database of its own, and how to migrate it (PostgreSQL: in its schema). */
  async function open(): Promise<{
    db: Kysely<InvoicesTables>;
    migrate: (migrations: Record<string, Migration>) => Promise<void>;
  }> {
    if (engine === 'sqlite') {
      const db = openSqliteReadModelDb(':memory:');
      dispose = () => db.destroy();
      return {
        db: db as unknown as Kysely<InvoicesTables>,
        migrate: (migrations) => migrateToLatest(db, { ...platformMigrations, ...migrations }),
      };
    }
    const { schema, drop } = await freshSchema('invoice_figures');
    const db = await openPostgresReadModelDb(engines.postgresUrl, schema);
    dispose = async () => {
      await db.destroy();
      await drop();
    };
    return {
      db: db as unknown as Kysely<InvoicesTables>,
      migrate: (migrations) => migrateToLatest(db, { ...platformMigrations, ...migrations }, schema),
    };
  }

  it('fills the day figures from the invoices listed before them: invoices and credit notes apart', async () => {
    const { db, migrate } = await open();
    await migrate(before);
    const row = (invoiceId: string, date: string, type: string, totalCents: number) => ({
      invoice_id: invoiceId,
      type,
      corrects_number: null,
      customer_id: 'c1',
      service_id: 's1',
      order_id: `o-${invoiceId}`,
      order_number: `FE-${invoiceId}`,
      number: invoiceId,
      year: 2026,
      sequence: 1,
      date,
      buyer_name: 'Studio Rossi',
      total_cents: totalCents,
      taxable_cents: totalCents - 100,
      vat_cents: 100,
      status: 'SENT',
      status_at: `${date}T10:00:00.000Z`,
      attempts: 1,
      file_name: null,
      sdi_id: null,
      errors: '[]',
      rejected_at: null,
      issued: '{}',
      corrected_buyer: null,
      updated_position: 1,
    });
    await db
      .insertInto('invoices')
      .values([
        row('i1', '2026-11-25', 'TD01', 8113),
        row('i2', '2026-11-25', 'TD01', 1000),
        row('i3', '2026-11-26', 'TD01', 500),
        row('n1', '2026-11-26', 'TD04', 300),
      ])
      .execute();
    await migrate({ ...before, '0502_invoice_figures': figures });
    const rows = await db.selectFrom('invoice_figures').selectAll().orderBy('date').orderBy('type').execute();
    expect(
      rows.map((r) => ({
        ...r,
        taxable_cents: Number(r.taxable_cents),
        vat_cents: Number(r.vat_cents),
        total_cents: Number(r.total_cents),
      })),
    ).toEqual([
      {
        date: '2026-11-25',
        type: 'TD01',
        invoices: 2,
        taxable_cents: 8913,
        vat_cents: 200,
        total_cents: 9113,
      },
      { date: '2026-11-26', type: 'TD01', invoices: 1, taxable_cents: 400, vat_cents: 100, total_cents: 500 },
      { date: '2026-11-26', type: 'TD04', invoices: 1, taxable_cents: 200, vat_cents: 100, total_cents: 300 },
    ]);
  });
}

describeWhen('', 'invoice day figures, migration [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'invoice day figures, migration [postgres]', () => suite('postgres'));
