export * from './key-vault';
export * from './protected-event-store';
export * from './erasure.process';
export * from './retention';
