export * from './billing-details';
export * from './fattura-pa';
