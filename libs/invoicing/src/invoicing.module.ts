import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { sellerOf } from './issue-invoice/invoice-of-order';
import { Projections } from '@app/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { BillingDetailsController } from './record-billing-details/record-billing-details.controller';
import { RecordBillingDetailsHandler } from './record-billing-details/record-billing-details.handler';
import { ServiceBilling } from './record-billing-details/billing-details.aggregate';
import { InvoicingProcess } from './issue-invoice/invoicing.process';
import { SDI_EXCHANGE } from './send-invoice/sdi-exchange';
import { SandboxSdiExchange } from './send-invoice/sandbox-sdi-exchange';
import { SdiSendingProcess } from './send-invoice/sdi-sending.process';
import { InvoicesProjection } from './invoices/invoices.projection';
import { InvoicesQuery } from './invoices/invoices.query';
import { FiscalDocuments } from './invoices/fiscal-documents';
import { InvoicesController } from './invoices/invoices.controller';
import { BackOfficeInvoicesController } from './correct-invoice/back-office-invoices.controller';
import { CorrectInvoiceHandler } from './correct-invoice/correct-invoice.handler';

/**
 * The invoicing context: billing details, the invoice of every paid order, its sending to the Sistema di
 * Interscambio (the sandbox exchange: the one adapter built) and its corrections, and the invoices' read
 * model.
 */
@Module({
  imports: [CqrsModule],
  controllers: [BillingDetailsController, InvoicesController, BackOfficeInvoicesController],
  providers: [
    ServiceBilling,
    RecordBillingDetailsHandler,
    InvoicingProcess,
    SdiSendingProcess,
    CorrectInvoiceHandler,
    InvoicesProjection,
    InvoicesQuery,
    FiscalDocuments,
    { provide: SDI_EXCHANGE, useFactory: () => new SandboxSdiExchange() },
  ],
  exports: [ServiceBilling, InvoicesQuery],
})
export class InvoicingModule implements OnModuleInit {
  constructor(
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly projections: Projections,
    private readonly invoicing: InvoicingProcess,
    private readonly sending: SdiSendingProcess,
    private readonly invoices: InvoicesProjection,
  ) {}

  onModuleInit(): void {
    // The seller every invoice names: a configuration without it stops the start, with its reason.
    sellerOf(this.deciders.context.payee);
    this.projections.register(this.invoices);
    this.projections.registerProcess(this.invoicing);
    this.projections.registerProcess(this.sending);
  }
}
