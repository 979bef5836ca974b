import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { replay } from '@app/kernel';
import { FISCAL_EVENT_STORE } from '@app/platform';
import { invoiceDecider, invoiceStream } from '../domain';
import { issuedInvoice } from '../application/invoice.aggregate';
import { InvoiceDto } from './invoice.response.dto';
import { CurrentInvoice, InvoicesQuery } from './invoices.query';

/**
 * An invoice's document as the register holds it, for its XML and its courtesy copy. The read model
 * says whose it is and where it stands; the document itself is read from the log as a fiscal record, so
 * it stays whole after its buyer's personal data is erased (the read model then shows the buyer as
 * erased), until its ten years of retention end (decisions.md #34).
 */
@Injectable()
export class FiscalDocuments {
  constructor(
    @Inject(FISCAL_EVENT_STORE) private readonly store: EventStore,
    private readonly query: InvoicesQuery,
  ) {}

  /** The customer's own (null: the back office's, any). */
  async one(invoiceId: string, customerId: string | null): Promise<InvoiceDto & { current: CurrentInvoice }> {
    const invoice = await this.query.one(invoiceId, customerId);
    const issued = await issuedInvoice(this.store, invoice.current.issued);
    const { buyer } = replay(invoiceDecider, await this.store.readStream(invoiceStream(invoiceId)));
    return { ...invoice, current: { ...invoice.current, issued, buyer: buyer ?? issued.document.buyer } };
  }
}
