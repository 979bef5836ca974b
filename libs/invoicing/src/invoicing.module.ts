import { Module, OnModuleInit } from '@nestjs/common';
import { Projections } from '@app/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { BillingDetailsController } from './record-billing-details/record-billing-details.controller';
import { RecordBillingDetailsHandler } from './record-billing-details/record-billing-details.handler';
import { ServiceBilling } from './record-billing-details/billing-details.aggregate';
import { InvoicingProcess } from './issue-invoice/invoicing.process';

/** The invoicing context: billing details, and the invoice of every paid order. */
@Module({
  imports: [CqrsModule],
  controllers: [BillingDetailsController],
  providers: [ServiceBilling, RecordBillingDetailsHandler, InvoicingProcess],
  exports: [ServiceBilling],
})
export class InvoicingModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly process: InvoicingProcess,
  ) {}

  onModuleInit(): void {
    this.projections.registerProcess(this.process);
  }
}
