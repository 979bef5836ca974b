// Invoicing (issue 15), so far its pure core: the billing details' checks and the FatturaPA document.
// No invoice is issued yet: nothing outside the specs calls it (README, "Not built yet").
export * from './domain';
