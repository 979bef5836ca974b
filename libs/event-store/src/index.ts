export * from './event-store';
export * from './catch-up-subscription';
export * from './sqlite/sqlite-event-store';
