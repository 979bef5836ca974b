import { progressReporter } from './progress';

function output(isTTY: boolean) {
  const written: string[] = [];
  const out = { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  return { out, written };
}

describe('the progress of a long command', () => {
  const at = (position: number, phase: 'building' | 'switching' | 'done' = 'building') => ({
    projection: 'customer-area',
    position,
    head: 100_000,
    eventsPerSecond: 5_000,
    phase,
  });

  it('draws a bar in place on a terminal, with the share, the rate and the time left', () => {
    const { out, written } = output(true);
    const report = progressReporter(out);
    report(at(25_000));
    report(at(100_000, 'done'));
    expect(written[0]).toBe(
      '\rcustomer-area    [########......................]  25%  25,000/100,000 events  5,000 ev/s  ETA 15 s\x1b[K',
    );
    expect(written.slice(1)).toEqual([
      '\rcustomer-area    [##############################] 100%  100,000/100,000 events  5,000 ev/s  done\x1b[K',
      '\n',
    ]);
  });

  it('writes a plain line at most every 2 s elsewhere (a log file, CI), and every change of phase', () => {
    const { out, written } = output(false);
    let now = 0;
    const report = progressReporter(out, () => now);
    report(at(10_000));
    now = 1_000;
    report(at(15_000));
    now = 2_500;
    report(at(20_000));
    report(at(100_000, 'switching'));
    report(at(100_000, 'done'));
    expect(written).toEqual([
      'customer-area: building 10% (10,000/100,000 events  5,000 ev/s, about 18 s left)\n',
      'customer-area: building 20% (20,000/100,000 events  5,000 ev/s, about 16 s left)\n',
      'customer-area: switching 100% (100,000/100,000 events  5,000 ev/s)\n',
      'customer-area: done 100% (100,000/100,000 events  5,000 ev/s)\n',
    ]);
    expect(written.join('')).not.toContain('\x1b');
  });
});
