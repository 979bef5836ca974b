import { createHash, randomUUID } from 'node:crypto';

/** Time comes into every command from here, so tests and replays can fix it. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };

export interface IdGenerator {
  newId(): string;
}
export const ID_GENERATOR = Symbol('ID_GENERATOR');
export const randomIds: IdGenerator = { newId: () => randomUUID() };

/** A name-based UUID (version 5 layout over SHA-1): the same name always gives the same id. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update('renewals:').update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
