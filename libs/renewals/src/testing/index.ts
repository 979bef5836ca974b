/** What specs use to build renewals from real decisions (only specs and testing helpers may import it). */
export * from './decider-spec';
export * from './fixtures';
export * from './history';
