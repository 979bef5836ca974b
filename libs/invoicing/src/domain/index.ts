export * from './billing-details';
export * from './fattura-pa';
export * from './invoice-register';
export * from './billing-details.decider';
export * from './invoice.decider';
export * from './credit-note';
export * from './personal-data';
