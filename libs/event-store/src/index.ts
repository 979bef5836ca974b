export * from './event-store';
export * from './catch-up-subscription';
export * from './hash-chain';
export * from './sqlite/sqlite-event-store';
export * from './postgres/postgres-event-store';
export * from './eventstoredb/eventstoredb-event-store';
