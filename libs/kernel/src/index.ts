/**
 * What every layer shares and nothing else: the decider shape, the typed error kinds, the exhaustiveness
 * check, and how a stored event becomes a domain event (decoders with upcasters). Pure TypeScript: it
 * imports nothing, and every library may import it.
 */
export * from './errors';
export * from './decider';
export * from './decoder';
export * from './italian';
export * from './personal-data';
