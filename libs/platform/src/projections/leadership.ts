import { Client } from 'pg';

/** The right to run one projection or process; `lost` resolves if it is taken away (connection lost). */
export interface Lease {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** Decides which worker runs each projection and process: one at a time. */
export interface Leadership {
  acquire(name: string): Promise<Lease | null>;
}
export const LEADERSHIP = Symbol('LEADERSHIP');

/** Embedded mode: one process, which leads everything. */
export const soleProcess: Leadership = {
  acquire: async () => ({ lost: new Promise<void>(() => undefined), release: async () => undefined }),
};

/** One connection holding a process's advisory locks. */
interface Session {
  client: Client;
  lost: Promise<void>;
  dead: boolean;
  /** The leases it holds, by name, and the attempts under way. */
  names: Set<string>;
  pending: number;
  /** Its queries, one after another (pg does not take a query while one runs on the same client). */
  queue: Promise<unknown>;
}

function query<Row extends object>(session: Session, text: string, values: unknown[] = []) {
  const run = session.queue.then(() => session.client.query<Row>(text, values));
  session.queue = run.catch(() => undefined);
  return run;
}

/**
 * A PostgreSQL session advisory lock per projection or process, all of a process's on one connection
 * of its own: when the worker dies or loses the connection, PostgreSQL releases every lock and a standby
 * worker takes them over (a connection per lock made a worker hold a dozen connections, and two workers
 * and two APIs came near PostgreSQL's 100). A heartbeat notices a silently dead connection. The
 * connection is closed when the process holds no lease any more (at shutdown, or on a standby between
 * its attempts).
 */
export class PostgresLeadership implements Leadership {
  private session: Session | null = null;
  /** Session locks are re-entrant: a name held here is never taken a second time here. */
  private readonly held = new Set<string>();

  constructor(
    private readonly connectionString: string,
    private readonly namespace: string,
    private readonly heartbeatMs = 5_000,
  ) {}

  async acquire(name: string): Promise<Lease | null> {
    if (this.held.has(name)) return null;
    this.held.add(name);
    const session = this.open();
    session.pending++;
    const key = `${this.namespace}:${name}`;
    try {
      await session.ready;
      const { rows } = await query<{ ok: boolean }>(
        session,
        'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
        [key],
      );
      if (!rows[0].ok || session.dead) {
        this.held.delete(name);
        return null;
      }
      session.names.add(name);
    } catch (error) {
      this.held.delete(name);
      throw error;
    } finally {
      session.pending--;
      await this.closeIfIdle(session);
    }
    let released = false;
    return {
      lost: session.lost,
      release: async () => {
        if (released || !session.names.delete(name)) return;
        released = true;
        this.held.delete(name);
        if (!session.dead)
          await query(session, 'SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
        await this.closeIfIdle(session);
      },
    };
  }

  private open(): Session & { ready: Promise<void> } {
    if (this.session && !this.session.dead) return this.session as Session & { ready: Promise<void> };
    // Named, so that pg_stat_activity shows whose connection holds the leases.
    const client = new Client({
      connectionString: this.connectionString,
      application_name: `leadership:${this.namespace}`,
    });
    let lose!: () => void;
    const lost = new Promise<void>((resolve) => (lose = resolve));
    const ready = client.connect().then(() => undefined);
    const session: Session & { ready: Promise<void> } = {
      client,
      lost,
      dead: false,
      names: new Set(),
      pending: 0,
      // Nothing is asked before the connection is made.
      queue: ready.catch(() => undefined),
      ready,
    };
    session.ready.catch(() => lose());
    client.on('error', () => lose());
    client.on('end', () => lose());
    const heartbeat = setInterval(() => query(session, 'SELECT 1').catch(() => lose()), this.heartbeatMs);
    heartbeat.unref();
    void lost.then(() => {
      clearInterval(heartbeat);
      session.dead = true;
      if (this.session === session) this.session = null;
      // Every lock of the connection is gone with it: its names may be taken again.
      for (const name of session.names) this.held.delete(name);
      session.names.clear();
    });
    this.session = session;
    return session;
  }

  private async closeIfIdle(session: Session): Promise<void> {
    if (session.names.size > 0 || session.pending > 0 || session.dead) return;
    session.dead = true;
    if (this.session === session) this.session = null;
    await session.client.end().catch(() => undefined);
  }
}
