// Invoicing (issue 15): billing details (recorded as events, checked as an invoice recipient must be),
// the invoice of every paid order (FatturaPA document, gap-free register). The SdI exchange, credit
// notes and the invoice pages are not built yet (README, "Not built yet").
export * from './domain';
export * from './application/issue-invoice';
export * from './invoicing.module';
export { billingDetailsAggregate } from './record-billing-details/billing-details.aggregate';
