import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { NotFound } from '@app/kernel';
import { Granularity, READ_MODEL_DB, ReadModelDb, periodOf } from '@app/platform';
import {
  BillingDetails,
  CORRECTION_DAYS,
  RegisteredDocument,
  SdiError,
  fileNameOf,
  invoiceXml,
} from '../domain';
import { InvoicesTables } from './invoices.tables';
import { INVOICE_STATUSES, InvoiceDto } from './invoice.response.dto';

type Row = InvoicesTables['invoices'];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The invoice as it now reads: as issued, with the buyer its last correction gave it. */
export interface CurrentInvoice {
  issued: RegisteredDocument;
  buyer: BillingDetails;
  /** The send its file is (or will be): the last one, or the next after a correction. */
  attempt: number;
  status: InvoiceStatus;
}

/** A credit note's amounts count against the day's invoices. */
const signed = (column: 'taxable_cents' | 'vat_cents' | 'total_cents') =>
  sql<number>`sum(CASE WHEN type = 'TD04' THEN -${sql.ref(column)} ELSE ${sql.ref(column)} END)`;

/** Reads the invoices: a customer's are scoped to them; the back office sees all. */
@Injectable()
export class InvoicesQuery {
  private readonly db;

  constructor(@Inject(READ_MODEL_DB) db: ReadModelDb) {
    this.db = db.withTables<InvoicesTables>();
  }

  async mine(customerId: string): Promise<InvoiceDto[]> {
    const rows = await this.db
      .selectFrom('invoices')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('year', 'desc')
      .orderBy('sequence', 'desc')
      .execute();
    return rows.map((row) => view(row));
  }

  /** The back office's list: the rejected first (they need a correction), then the newest. */
  async all(status: InvoiceStatus | null, limit: number): Promise<InvoiceDto[]> {
    let query = this.db.selectFrom('invoices').selectAll();
    if (status) query = query.where('status', '=', status);
    const rows = await query
      .orderBy(sql`CASE WHEN status = 'REJECTED' THEN 0 ELSE 1 END`)
      .orderBy('year', 'desc')
      .orderBy('sequence', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => view(row));
  }

  /**
   * The invoices by their date, credit notes taken off (Europe/Rome, both ends inclusive; open when not
   * given): what was invoiced each day or each month (YYYY-MM-DD or YYYY-MM), whatever the exchange answered
   * (a rejected invoice keeps its number and date). Summed from the projection's day figures: every
   * invoice's row, read for the whole history, took the 100,000-customer dashboard to 440 ms.
   */
  async byPeriod(range: { from: string | null; to: string | null }, by: Granularity) {
    const period = periodOf('date', by);
    const rows = await this.db
      .selectFrom('invoice_figures')
      .$if(range.from !== null, (q) => q.where('date', '>=', range.from!))
      .$if(range.to !== null, (q) => q.where('date', '<=', range.to!))
      .select([
        period.as('period'),
        sql<number>`sum(invoices)`.as('invoices'),
        signed('taxable_cents').as('taxableCents'),
        signed('vat_cents').as('vatCents'),
        signed('total_cents').as('totalCents'),
      ])
      .groupBy(period)
      .orderBy(period)
      .execute();
    return rows.map((row) => ({
      period: row.period,
      invoices: Number(row.invoices),
      taxableCents: Number(row.taxableCents),
      vatCents: Number(row.vatCents),
      totalCents: Number(row.totalCents),
    }));
  }

  /** One invoice: the customer's own (null: the back office's, any). */
  async one(invoiceId: string, customerId: string | null): Promise<InvoiceDto & { current: CurrentInvoice }> {
    let query = this.db.selectFrom('invoices').selectAll().where('invoice_id', '=', invoiceId);
    if (customerId !== null) query = query.where('customer_id', '=', customerId);
    const row = await query.executeTakeFirst();
    if (!row) throw new NotFound('INVOICE_NOT_FOUND', `Invoice ${invoiceId} was not found.`);
    const issued = JSON.parse(row.issued) as RegisteredDocument;
    const invoice = view(row, issued);
    const attempt = row.status === 'CORRECTED' ? row.attempts + 1 : Math.max(1, row.attempts);
    const current = { issued, buyer: buyerOf(row, issued), attempt, status: invoice.status };
    return { ...invoice, current };
  }
}

/** The FatturaPA file of the invoice as it now reads, under the name it is (or will be) sent with. */
export function currentFile({ issued, buyer, attempt }: CurrentInvoice): { fileName: string; xml: string } {
  return { fileName: fileNameOf(issued, attempt), xml: invoiceXml(issued, { attempt, buyer }) };
}

const buyerOf = (row: Row, issued: RegisteredDocument): BillingDetails =>
  row.corrected_buyer ? (JSON.parse(row.corrected_buyer) as BillingDetails) : issued.document.buyer;

function view(row: Row, issued = JSON.parse(row.issued) as RegisteredDocument): InvoiceDto {
  return {
    invoiceId: row.invoice_id,
    type: row.type === 'TD04' ? 'TD04' : 'TD01',
    corrects: row.corrects_number,
    number: row.number,
    date: row.date,
    orderId: row.order_id,
    orderNumber: row.order_number,
    serviceId: row.service_id,
    customerId: row.customer_id,
    buyerName: row.buyer_name,
    buyer: buyerOf(row, issued),
    taxableCents: Number(row.taxable_cents),
    vatCents: Number(row.vat_cents),
    totalCents: Number(row.total_cents),
    status: row.status as InvoiceStatus,
    statusAt: row.status_at,
    attempts: Number(row.attempts),
    fileName: row.file_name,
    sdiId: row.sdi_id,
    errors: JSON.parse(row.errors) as SdiError[],
    correctableUntil:
      row.status === 'REJECTED' && row.rejected_at
        ? new Date(new Date(row.rejected_at).getTime() + CORRECTION_DAYS * 86_400_000).toISOString()
        : null,
  };
}
