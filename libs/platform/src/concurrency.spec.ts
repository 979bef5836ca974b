import { describe, expect, it } from '@jest/globals';
import { concurrencyLimit } from './concurrency';

/** A work that records when it starts and ends, and finishes when told to. */
function works(count: number, log: string[]) {
  return Array.from({ length: count }, (_, i) => {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const work = async () => {
      log.push(`start ${i}`);
      await done;
      log.push(`end ${i}`);
      if (i === 1) throw new Error('work 1 fails');
      return i;
    };
    return { work, finish };
  });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('concurrencyLimit', () => {
  it('runs at most the limit at once, the others in the order they came, each freed place going to the next', async () => {
    const log: string[] = [];
    const run = concurrencyLimit(2);
    const all = works(5, log);
    const results = all.map(({ work }) => run(work).catch((error: Error) => error.message));
    await settle();
    expect(log).toEqual(['start 0', 'start 1']);
    all[1].finish(); // a failing work frees its place too
    await settle();
    expect(log).toEqual(['start 0', 'start 1', 'end 1', 'start 2']);
    // A newcomer waits behind those already waiting.
    const lateResult = run(async () => {
      log.push('start late');
      return 'late';
    });
    all[0].finish();
    await settle();
    all[2].finish();
    await settle();
    expect(log.slice(4)).toEqual(['end 0', 'start 3', 'end 2', 'start 4']);
    all[3].finish();
    all[4].finish();
    await expect(Promise.all(results)).resolves.toEqual([0, 'work 1 fails', 2, 3, 4]);
    await expect(lateResult).resolves.toBe('late');
    expect(log.at(-1)).toBe('start late');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => concurrencyLimit(0)).toThrow(RangeError);
    expect(() => concurrencyLimit(1.5)).toThrow(RangeError);
  });
});
