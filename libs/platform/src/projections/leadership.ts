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

/**
 * A PostgreSQL session advisory lock per projection, held on a connection of its own: when the worker
 * dies or loses the connection, PostgreSQL releases the lock and a standby worker takes it over.
 * A heartbeat notices a silently dead connection.
 */
export class PostgresLeadership implements Leadership {
  constructor(
    private readonly connectionString: string,
    private readonly namespace: string,
    private readonly heartbeatMs = 5_000,
  ) {}

  async acquire(name: string): Promise<Lease | null> {
    const client = new Client({ connectionString: this.connectionString });
    let lose!: () => void;
    const lost = new Promise<void>((resolve) => (lose = resolve));
    client.on('error', () => lose());
    client.on('end', () => lose());
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      `${this.namespace}:${name}`,
    ]);
    if (!rows[0].ok) {
      await client.end();
      return null;
    }
    const heartbeat = setInterval(() => client.query('SELECT 1').catch(() => lose()), this.heartbeatMs);
    heartbeat.unref();
    void lost.then(() => clearInterval(heartbeat));
    return {
      lost,
      release: async () => {
        clearInterval(heartbeat);
        await client.end().catch(() => undefined);
      },
    };
  }
}
