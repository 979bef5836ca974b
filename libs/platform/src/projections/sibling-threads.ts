import { BroadcastChannel } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { ProjectionStatus } from './projections.service';

/** What a sibling can be asked: the statuses of what it runs, or to rebuild a projection it runs. */
export type SiblingRequest = { op: 'status' } | { op: 'rebuild'; name: string };
export type SiblingReply = { statuses: ProjectionStatus[] } | { rebuilt: boolean; error?: string };

type SiblingMessage = { from: string } & (
  | { kind: 'hello' }
  | { kind: 'bye' }
  | { kind: 'position'; name: string; position: number }
  | { kind: 'request'; id: string; request: SiblingRequest }
  | { kind: 'reply'; id: string; reply: SiblingReply }
);
type Body<M = SiblingMessage> = M extends unknown ? Omit<M, 'from'> : never;

/**
 * The projections on the threads of one process (the API and its worker thread) over the same read
 * models talk over a BroadcastChannel: a read that waits for its own write (X-Min-Position) wakes as
 * soon as the worker thread has projected it, /metrics on the API thread shows the lag measured on the
 * worker thread, and a rebuild asked for on one thread runs where the projection runs. Other processes
 * are not reached: they read the stored checkpoints.
 */
export class SiblingThreads {
  private readonly channel: BroadcastChannel;
  private readonly positions = new Map<string, number>();
  private readonly waiters = new Set<{ name: string; position: number; resolve(): void }>();
  private readonly pending = new Map<string, (from: string, reply: SiblingReply) => void>();
  private closed = false;
  private readonly id = randomUUID();
  /** The siblings that said hello and not yet goodbye. */
  private readonly peers = new Set<string>();

  constructor(
    key: string,
    private readonly answer: (request: SiblingRequest) => Promise<SiblingReply>,
  ) {
    this.channel = new BroadcastChannel(`renewals-projections:${key}`);
    this.channel.onmessage = (event) => void this.receive((event as { data: SiblingMessage }).data);
    this.channel.unref();
    this.post({ kind: 'hello' });
  }

  /** Tells the siblings that projection `name` has applied the log up to `position`. */
  announce(name: string, position: number): void {
    this.post({ kind: 'position', name, position });
  }

  /** The furthest position a sibling announced for `name` (0 if none did). */
  known(name: string): number {
    return this.positions.get(name) ?? 0;
  }

  /** Resolves true when a sibling announces `name` at or past `position`, false after `ms`. */
  reached(name: string, position: number, ms: number): Promise<boolean> {
    if (this.known(name) >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        name,
        position,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, ms);
      this.waiters.add(waiter);
    });
  }

  /** The statuses of what the siblings run, as they answer within `timeoutMs`. */
  async statuses(timeoutMs = 250): Promise<ProjectionStatus[]> {
    const replies = await this.ask({ op: 'status' }, timeoutMs, () => false);
    return replies.flatMap((reply) => ('statuses' in reply ? reply.statuses : []));
  }

  /** Has the sibling that runs projection `name` rebuild it; false when no sibling runs it. */
  async rebuild(name: string, timeoutMs = 600_000): Promise<boolean> {
    const replies = await this.ask(
      { op: 'rebuild', name },
      timeoutMs,
      (reply) => 'rebuilt' in reply && reply.rebuilt,
    );
    const done = replies.find((reply) => 'rebuilt' in reply && reply.rebuilt);
    const failed = replies.find((reply) => 'error' in reply && reply.error);
    if (failed && 'error' in failed) throw new Error(`The rebuild of ${name} failed: ${failed.error}`);
    return done !== undefined;
  }

  close(): void {
    if (this.closed) return;
    this.post({ kind: 'bye' });
    this.closed = true;
    this.channel.close();
  }

  /** Asks every sibling; resolves with their replies once all answered, one settles it, or the time is up. */
  private ask(request: SiblingRequest, timeoutMs: number, settles: (reply: SiblingReply) => boolean) {
    if (this.peers.size === 0) return Promise.resolve([]);
    const id = randomUUID();
    const replies: SiblingReply[] = [];
    const answered = new Set<string>();
    return new Promise<SiblingReply[]>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(replies);
      };
      const timer = setTimeout(done, timeoutMs);
      this.pending.set(id, (from, reply) => {
        answered.add(from);
        replies.push(reply);
        if (settles(reply) || [...this.peers].every((peer) => answered.has(peer))) done();
      });
      this.post({ kind: 'request', id, request });
    });
  }

  private async receive(message: SiblingMessage): Promise<void> {
    switch (message.kind) {
      case 'hello':
        if (this.peers.has(message.from)) return;
        this.peers.add(message.from);
        return this.post({ kind: 'hello' }); // so that a sibling started later knows of this one too
      case 'bye':
        this.peers.delete(message.from);
        return;
      case 'position':
        if (message.position <= this.known(message.name)) return;
        this.positions.set(message.name, message.position);
        for (const waiter of this.waiters)
          if (waiter.name === message.name && waiter.position <= message.position) waiter.resolve();
        return;
      case 'request':
        return this.post({ kind: 'reply', id: message.id, reply: await this.answer(message.request) });
      case 'reply':
        this.pending.get(message.id)?.(message.from, message.reply);
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private post(message: Body): void {
    if (!this.closed) this.channel.postMessage({ ...message, from: this.id });
  }
}
