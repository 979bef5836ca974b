import { Injectable } from '@nestjs/common';

/**
 * The process's stop, as the HTTP layer sees it: once begun, new requests are answered 503 (problem
 * details, SHUTTING_DOWN) and readiness says why, while the requests already in flight finish before
 * anything they need (projections, databases) is closed.
 */
@Injectable()
export class Shutdown {
  private why: string | null = null;
  private readonly inFlight = new Set<object>();
  private waiters: Array<() => void> = [];

  /** Why the process is stopping (SIGTERM, ...), or null while it serves. */
  get reason(): string | null {
    return this.why;
  }

  begin(reason: string): void {
    this.why ??= reason;
  }

  started(request: object): void {
    this.inFlight.add(request);
  }

  finished(request: object): void {
    if (!this.inFlight.delete(request) || this.inFlight.size > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Resolves true once no request is in flight, false if some still are after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}
