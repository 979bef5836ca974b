/** What specs of the libraries above use to test what they build on the platform (only specs may import it). */
export * from './projection-spec';
export * from './counted-events';
export * from './spec-engines';
