import { createHash } from 'node:crypto';

/** Time comes into every command from here, so tests and replays can fix it. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };

/** A name-based UUID (version 5 layout over SHA-1): the same name always gives the same id. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update('renewals:').update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A clock that can be moved forward (DEV_CLOCK=true, and the tests' fake clock). */
export interface AdjustableClock extends Clock {
  advanceDays(days: number): void;
}

export function isAdjustable(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advanceDays === 'function';
}

/** Real time plus an offset the back office can move forward, for demos of the scheduled rules. */
export class DevClock implements AdjustableClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceDays(days: number): void {
    this.offsetMs += days * 86_400_000;
  }
}
