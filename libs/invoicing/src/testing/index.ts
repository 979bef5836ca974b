/** What specs use to build invoices (only specs and testing helpers may import it). */
export * from './billing-fixtures';
export * from './fattura-pa-xsd';
