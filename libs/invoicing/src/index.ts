// Invoicing (issue 15): billing details (recorded as events, checked as an invoice recipient must be),
// the invoice of every paid order (FatturaPA document, gap-free register), its sending to the SdI through
// a port (the sandbox exchange is the one adapter), corrections of rejected invoices, and the invoices'
// read model. Credit notes and erasure are not built yet (README, "Not built yet").
export * from './domain';
export * from './application/issue-invoice';
export * from './invoicing.module';
export { billingDetailsAggregate } from './record-billing-details/billing-details.aggregate';
export { invoicesMigrations } from './invoices/invoices.tables';
export { SDI_EXCHANGE, SdiExchange, SdiFile } from './send-invoice/sdi-exchange';
export { SandboxSdiExchange } from './send-invoice/sandbox-sdi-exchange';
export { InvoicesQuery } from './invoices/invoices.query';
