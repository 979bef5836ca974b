// Invoicing (issue 15), so far its core: the billing details' checks, the FatturaPA document, and the
// gap-free register. No invoice is issued for a paid order yet: nothing outside the specs calls it
// (README, "Not built yet").
export * from './domain';
export * from './application/issue-invoice';
