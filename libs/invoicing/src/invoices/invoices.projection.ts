import { Injectable } from '@nestjs/common';
import { Transaction, sql } from 'kysely';
import { combineDecoders, assertNever } from '@app/kernel';
import { PerBatch, PlatformTables, ProjectedEvent, Projection, chunks, idsIn, inserted } from '@app/platform';
import { StoredEvent } from '@app/event-store';
import {
  BillingDetails,
  InvoiceEvent,
  InvoiceRegisterEvent,
  invoiceEvents,
  invoiceRegisterEvents,
  isCreditNote,
} from '../domain';
import { InvoicesTables } from './invoices.tables';

type Trx = Transaction<PlatformTables & InvoicesTables>;

export const holderName = ({ holder }: BillingDetails) =>
  holder.kind === 'company' ? holder.name : `${holder.firstName} ${holder.lastName}`;

/**
 * Every invoice with where it stands at the exchange: "Le mie fatture" and the back office's list. A row
 * remembers the position of the last event applied, so applying an event twice changes nothing.
 */
@Injectable()
export class InvoicesProjection implements Projection<InvoiceRegisterEvent | InvoiceEvent> {
  readonly name = 'invoices';
  readonly tables = ['invoices', 'invoice_figures'];
  readonly events = combineDecoders(invoiceRegisterEvents, invoiceEvents);

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    await trx.withTables<InvoicesTables>().deleteFrom('invoices').execute();
    await trx.withTables<InvoicesTables>().deleteFrom('invoice_figures').execute();
  }

  /** What the batch read and changed: kept while its events are applied, written once by `flush`. */
  private readonly batches = new PerBatch(() => new InvoicesBatch());

  /** Reads where the batch's invoices stand (the position of each one's last event) at once, a chunk a statement. */
  async prefetch(trx: Transaction<PlatformTables>, events: readonly StoredEvent[]): Promise<void> {
    const batch = this.batches.of(trx);
    const db = trx.withTables<InvoicesTables>() as Trx;
    for (const ids of chunks(idsIn(events, 'invoiceId').filter((id) => !batch.knows(id)))) {
      const rows = await db
        .selectFrom('invoices')
        .select(['invoice_id', 'updated_position'])
        .where('invoice_id', 'in', ids)
        .execute();
      for (const row of rows) batch.positions.set(row.invoice_id, Number(row.updated_position));
      for (const id of ids) if (!batch.positions.has(id)) batch.absent.add(id);
    }
  }

  async flush(trx: Transaction<PlatformTables>): Promise<void> {
    await this.batches.take(trx)?.write(trx.withTables<InvoicesTables>() as Trx);
  }

  async apply(
    trx: Transaction<PlatformTables>,
    { event, position, recordedAt }: ProjectedEvent<InvoiceRegisterEvent | InvoiceEvent>,
  ): Promise<void> {
    const db = trx.withTables<InvoicesTables>() as Trx;
    const batch = this.batches.of(trx);
    switch (event.type) {
      case 'InvoiceIssued':
      case 'CreditNoteIssued': {
        const d = event.data;
        const row: InvoiceRow = {
          invoice_id: d.invoiceId,
          type: isCreditNote(d) ? 'TD04' : 'TD01',
          corrects_number: isCreditNote(d) ? d.corrects.number : null,
          customer_id: d.customerId,
          service_id: d.serviceId,
          order_id: d.orderId,
          order_number: d.orderNumber,
          number: d.number,
          year: d.year,
          sequence: d.sequence,
          date: d.date,
          buyer_name: holderName(d.document.buyer),
          total_cents: d.document.totalCents,
          taxable_cents: d.document.taxableCents,
          vat_cents: d.document.vatCents,
          status: 'ISSUED',
          status_at: d.issuedAt,
          attempts: 0,
          file_name: null,
          sdi_id: null,
          errors: '[]',
          rejected_at: null,
          issued: JSON.stringify(d),
          corrected_buyer: null,
          updated_position: position,
        };
        // Listed once, and counted once: an invoice already listed adds nothing to its day. Known to have
        // no row (prefetched): inserted at the batch's end; else inserted now unless it has one.
        const listed = batch.absent.has(row.invoice_id)
          ? batch.insert(row)
          : !batch.positions.has(row.invoice_id) &&
            (await inserted(
              db
                .insertInto('invoices')
                .values(row)
                .onConflict((oc) => oc.column('invoice_id').doNothing()),
            ));
        if (listed) {
          batch.positions.set(row.invoice_id, position);
          batch.count(row);
        }
        return;
      }
      case 'InvoiceTransmitted': {
        const d = event.data;
        return batch.change(db, d.invoiceId, position, {
          status: 'SENT',
          status_at: d.transmittedAt,
          attempts: d.attempt,
          file_name: d.fileName,
          sdi_id: d.sdiId,
          errors: '[]',
        });
      }
      case 'InvoiceDelivered':
        return batch.change(db, event.data.invoiceId, position, {
          status: 'DELIVERED',
          status_at: event.data.deliveredAt,
        });
      case 'InvoiceNotDelivered':
        return batch.change(db, event.data.invoiceId, position, {
          status: 'NOT_DELIVERED',
          status_at: event.data.notifiedAt,
        });
      case 'InvoiceRejected':
        return batch.change(db, event.data.invoiceId, position, {
          status: 'REJECTED',
          status_at: event.data.rejectedAt,
          errors: JSON.stringify(event.data.errors),
          rejected_at: event.data.rejectedAt,
        });
      case 'InvoiceCorrected':
        return batch.change(db, event.data.invoiceId, position, {
          status: 'CORRECTED',
          status_at: event.data.correctedAt ?? recordedAt,
          buyer_name: holderName(event.data.buyer),
          corrected_buyer: JSON.stringify(event.data.buyer),
        });
      default:
        return assertNever(event);
    }
  }
}

type InvoiceRow = InvoicesTables['invoices'];
type FigureRow = InvoicesTables['invoice_figures'];

/**
 * What a batch writes, kept until its end: the invoices new in it (a few multi-row inserts), each listed
 * invoice's changed columns (one update per invoice), the day figures summed by line; and the position of
 * each invoice's last event, so that an event already applied (a redelivery) changes nothing, without a query.
 */
class InvoicesBatch {
  /** The invoices this batch read or wrote: the position of the last event applied to each. */
  readonly positions = new Map<string, number>();
  /** Invoices read (prefetched) and not found: they have no row. */
  readonly absent = new Set<string>();
  private readonly inserts = new Map<string, InvoiceRow>();
  private readonly updates = new Map<string, Partial<InvoiceRow>>();
  private readonly figures = new Map<string, FigureRow>();

  knows(invoiceId: string): boolean {
    return this.positions.has(invoiceId) || this.absent.has(invoiceId);
  }

  /** A new invoice's row, written at the batch's end; true (it is new). */
  insert(row: InvoiceRow): true {
    this.absent.delete(row.invoice_id);
    this.inserts.set(row.invoice_id, { ...row });
    return true;
  }

  /** A document newly listed, added to its day's line. */
  count(row: InvoiceRow): void {
    const key = `${row.date}\u0000${row.type}`;
    const line = this.figures.get(key) ?? {
      date: row.date,
      type: row.type,
      invoices: 0,
      taxable_cents: 0,
      vat_cents: 0,
      total_cents: 0,
    };
    line.invoices += 1;
    line.taxable_cents += row.taxable_cents;
    line.vat_cents += row.vat_cents;
    line.total_cents += row.total_cents;
    this.figures.set(key, line);
  }

  /**
   * The invoice's columns as the event at `position` sets them, unless its row has seen that event: kept for
   * the batch's end when the batch knows where the invoice stands, else written now (an invoice with no row
   * is left alone).
   */
  async change(db: Trx, invoiceId: string, position: number, columns: Partial<InvoiceRow>): Promise<void> {
    const change = { ...columns, updated_position: position };
    const last = this.positions.get(invoiceId);
    if (last === undefined) {
      if (this.absent.has(invoiceId)) return;
      await db
        .updateTable('invoices')
        .set(change)
        .where('invoice_id', '=', invoiceId)
        .where('updated_position', '<', position)
        .execute();
      return;
    }
    if (position <= last) return;
    this.positions.set(invoiceId, position);
    const inserted = this.inserts.get(invoiceId);
    if (inserted) Object.assign(inserted, change);
    else this.updates.set(invoiceId, { ...this.updates.get(invoiceId), ...change });
  }

  async write(db: Trx): Promise<void> {
    for (const rows of chunks([...this.inserts.values()]))
      await db
        .insertInto('invoices')
        .values(rows)
        .onConflict((oc) => oc.column('invoice_id').doNothing())
        .execute();
    for (const [invoiceId, change] of this.updates)
      await db
        .updateTable('invoices')
        .set(change)
        .where('invoice_id', '=', invoiceId)
        .where('updated_position', '<', change.updated_position!)
        .execute();
    for (const lines of chunks([...this.figures.values()]))
      await db
        .insertInto('invoice_figures')
        .values(lines)
        .onConflict((oc) =>
          oc.columns(['date', 'type']).doUpdateSet({
            invoices: sql`invoice_figures.invoices + excluded.invoices`,
            taxable_cents: sql`invoice_figures.taxable_cents + excluded.taxable_cents`,
            vat_cents: sql`invoice_figures.vat_cents + excluded.vat_cents`,
            total_cents: sql`invoice_figures.total_cents + excluded.total_cents`,
          }),
        )
        .execute();
  }
}
