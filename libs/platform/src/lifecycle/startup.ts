import { Injectable } from '@nestjs/common';

/**
 * What the process still does before it answers right (seeding the demo data): readiness says so, as it
 * says why a stopping process is not ready (Shutdown).
 */
@Injectable()
export class Startup {
  private readonly pending = new Set<string>();

  /** The tasks under way, by name. */
  get tasks(): string[] {
    return [...this.pending];
  }

  /** `work`'s answer, with `task` named as under way until it settles. */
  async during<T>(task: string, work: Promise<T>): Promise<T> {
    this.pending.add(task);
    try {
      return await work;
    } finally {
      this.pending.delete(task);
    }
  }
}
