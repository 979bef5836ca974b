export * from './renewals.module';
export * from './application/streams';
export * from './application/order-numbers';
export * from './application/renewal-context';
export * from './application/command-runner';
export * from './scheduler/renewal-scheduler';
export { schedulerMigrations } from './scheduler/scheduler-agenda.projection';
export { signPayload } from './register-payment/provider-signature';
