import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BillingDetailsController } from './record-billing-details/record-billing-details.controller';
import { RecordBillingDetailsHandler } from './record-billing-details/record-billing-details.handler';
import { ServiceBilling } from './record-billing-details/billing-details.aggregate';

/** The invoicing context: billing details, and (README, "Not built yet") the invoices of paid orders. */
@Module({
  imports: [CqrsModule],
  controllers: [BillingDetailsController],
  providers: [ServiceBilling, RecordBillingDetailsHandler],
  exports: [ServiceBilling],
})
export class InvoicingModule {}
