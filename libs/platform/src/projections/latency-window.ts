/** The last N samples of a latency, for percentiles on /metrics without unbounded memory. */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(size: number) {
    this.samples = new Float64Array(size);
  }

  /** The samples in order, kept until the next sample: /health and /metrics ask for several percentiles. */
  private sorted: Float64Array | null = null;

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
    this.sorted = null;
  }

  percentile(p: number): number | null {
    if (this.count === 0) return null;
    // A typed array sorts numerically, natively (no comparator called per pair).
    const sorted = (this.sorted ??= this.samples.slice(0, this.count).sort());
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  get size(): number {
    return this.count;
  }
}
