export * from './notifier.module';
export * from './notifier.projection';
export * from './notifier.tables';
export * from './outbox-sender';
export * from './mail-transport';
export * from './email-templates';
export * from './words';
