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

/** A clock that can be moved forward (DEV_CLOCK=true, and the tests' fake clock). */
export interface AdjustableClock extends Clock {
  advanceDays(days: number): void;
}

export function isAdjustable(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advanceDays === 'function';
}

/**
 * A clock whose setting lives in shared memory, so that the threads of one process (the API and its
 * worker thread) keep the same time: real time plus an offset, or a fixed time (tests). Pass `buffer` to
 * a thread and `SharedClock.attach` it there.
 */
export class SharedClock implements AdjustableClock {
  /** [0]: 1 when the time is fixed; [1]: the fixed time, or the offset from real time, in ms. */
  private readonly state: BigInt64Array;

  protected constructor(readonly buffer: SharedArrayBuffer) {
    this.state = new BigInt64Array(buffer);
  }

  /** Real time, which `advanceDays` moves forward (DEV_CLOCK=true). */
  static real(): SharedClock {
    return new SharedClock(new SharedArrayBuffer(16));
  }

  /** Stands still at `at` until set or advanced. */
  static fixed(at: Date): SharedClock {
    const clock = new SharedClock(new SharedArrayBuffer(16));
    Atomics.store(clock.state, 0, 1n);
    clock.set(at);
    return clock;
  }

  /** The same clock as the one that made `buffer`, on another thread. */
  static attach(buffer: SharedArrayBuffer): SharedClock {
    return new SharedClock(buffer);
  }

  private get fixedTime(): boolean {
    return Atomics.load(this.state, 0) === 1n;
  }

  now(): Date {
    const value = Number(Atomics.load(this.state, 1));
    return new Date(this.fixedTime ? value : Date.now() + value);
  }

  /** Fixes the time at `at` (a fixed clock), or moves real time's offset so that it is `at` now. */
  set(at: Date): void {
    Atomics.store(this.state, 1, BigInt(this.fixedTime ? at.getTime() : at.getTime() - Date.now()));
  }

  advanceDays(days: number): void {
    Atomics.add(this.state, 1, BigInt(Math.round(days * 86_400_000)));
  }
}
