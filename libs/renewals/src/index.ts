export * from './renewals.module';
export * from './application/streams';
export * from './application/order-numbers';
export * from './application/renewal-context';
export * from './application/command-runner';
export * from './expire-unpaid-orders/unpaid-order-scheduler';
export { schedulerMigrations } from './expire-unpaid-orders/unpaid-orders.projection';
