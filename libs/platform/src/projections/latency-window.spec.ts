import { describe, expect, it } from '@jest/globals';
import { LatencyWindow } from './latency-window';

describe('latency window', () => {
  it('answers nearest-rank percentiles of the samples it holds, in numeric order', () => {
    const window = new LatencyWindow(10);
    expect(window.percentile(50)).toBeNull();
    for (const ms of [9, 100, 2, 30, 1]) window.record(ms);
    expect(window.percentile(50)).toBe(9);
    expect(window.percentile(99)).toBe(100);
    expect(window.percentile(1)).toBe(1);
  });

  it('takes a sample recorded after a percentile was asked into the next answer', () => {
    const window = new LatencyWindow(10);
    window.record(5);
    expect(window.percentile(99)).toBe(5);
    window.record(50);
    expect(window.percentile(99)).toBe(50);
  });

  it('keeps the last samples only, once full', () => {
    const window = new LatencyWindow(3);
    for (const ms of [1000, 1, 2, 3]) window.record(ms);
    expect(window.size).toBe(3);
    expect(window.percentile(100)).toBe(3);
  });
});
