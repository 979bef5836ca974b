import { Injectable } from '@nestjs/common';
import { Transaction, sql } from 'kysely';
import { combineDecoders, assertNever } from '@app/kernel';
import { PlatformTables, ProjectedEvent, Projection } from '@app/platform';
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

  async apply(
    trx: Transaction<PlatformTables>,
    { event, position, recordedAt }: ProjectedEvent<InvoiceRegisterEvent | InvoiceEvent>,
  ): Promise<void> {
    const db = trx.withTables<InvoicesTables>() as Trx;
    const invoice = (invoiceId: string) =>
      db.updateTable('invoices').where('invoice_id', '=', invoiceId).where('updated_position', '<', position);
    switch (event.type) {
      case 'InvoiceIssued':
      case 'CreditNoteIssued': {
        const d = event.data;
        const type = isCreditNote(d) ? 'TD04' : 'TD01';
        const { numInsertedOrUpdatedRows } = await db
          .insertInto('invoices')
          .values({
            invoice_id: d.invoiceId,
            type,
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
          })
          .onConflict((oc) => oc.column('invoice_id').doNothing())
          .executeTakeFirst();
        // Counted once: an invoice already listed adds nothing to its day.
        if (Number(numInsertedOrUpdatedRows ?? 0) > 0)
          await db
            .insertInto('invoice_figures')
            .values({
              date: d.date,
              type,
              invoices: 1,
              taxable_cents: d.document.taxableCents,
              vat_cents: d.document.vatCents,
              total_cents: d.document.totalCents,
            })
            .onConflict((oc) =>
              oc.columns(['date', 'type']).doUpdateSet({
                invoices: sql`invoice_figures.invoices + excluded.invoices`,
                taxable_cents: sql`invoice_figures.taxable_cents + excluded.taxable_cents`,
                vat_cents: sql`invoice_figures.vat_cents + excluded.vat_cents`,
                total_cents: sql`invoice_figures.total_cents + excluded.total_cents`,
              }),
            )
            .execute();
        return;
      }
      case 'InvoiceTransmitted': {
        const d = event.data;
        await invoice(d.invoiceId)
          .set({
            status: 'SENT',
            status_at: d.transmittedAt,
            attempts: d.attempt,
            file_name: d.fileName,
            sdi_id: d.sdiId,
            errors: '[]',
            updated_position: position,
          })
          .execute();
        return;
      }
      case 'InvoiceDelivered':
        await invoice(event.data.invoiceId)
          .set({ status: 'DELIVERED', status_at: event.data.deliveredAt, updated_position: position })
          .execute();
        return;
      case 'InvoiceNotDelivered':
        await invoice(event.data.invoiceId)
          .set({ status: 'NOT_DELIVERED', status_at: event.data.notifiedAt, updated_position: position })
          .execute();
        return;
      case 'InvoiceRejected':
        await invoice(event.data.invoiceId)
          .set({
            status: 'REJECTED',
            status_at: event.data.rejectedAt,
            errors: JSON.stringify(event.data.errors),
            rejected_at: event.data.rejectedAt,
            updated_position: position,
          })
          .execute();
        return;
      case 'InvoiceCorrected':
        await invoice(event.data.invoiceId)
          .set({
            status: 'CORRECTED',
            status_at: event.data.correctedAt ?? recordedAt,
            buyer_name: holderName(event.data.buyer),
            corrected_buyer: JSON.stringify(event.data.buyer),
            updated_position: position,
          })
          .execute();
        return;
      default:
        return assertNever(event);
    }
  }
}
