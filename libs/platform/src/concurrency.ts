/**
 * Runs at most `limit` of the works given to it at once; the others wait their turn, first come first
 * served. A finished work hands its place to the next waiting one directly, so a newcomer never overtakes.
 */
export function concurrencyLimit(limit: number) {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, not ${limit}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
