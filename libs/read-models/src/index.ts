export * from './read-models.module';
export * from './customer-area/customer-area.projection';
export * from './customer-area/customer-area.query';
export * from './customer-area/customer-area.tables';
export * from './back-office/back-office.tables';
export * from './back-office/back-office.query';
