// Invoicing (issue 15): billing details (recorded as events, checked as an invoice recipient must be),
// the FatturaPA document and the gap-free register. Invoices are not issued for paid orders yet
// (README, "Not built yet").
export * from './domain';
export * from './application/issue-invoice';
export * from './invoicing.module';
export { billingDetailsAggregate } from './record-billing-details/billing-details.aggregate';
