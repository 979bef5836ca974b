import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { describeWhen, engines } from '@app/event-store/testing';
import { Lease, PostgresLeadership } from './leadership';

/** Two processes' leaderships over one PostgreSQL: one leader per name, all of a process's on one connection. */
describeWhen(engines.postgresMissing, 'PostgreSQL leadership', () => {
  let namespace: string;
  let admin: Pool;
  const held: Lease[] = [];

  beforeEach(() => {
    namespace = `lead_${randomBytes(4).toString('hex')}`;
    admin = new Pool({ connectionString: engines.postgresUrl, max: 1 });
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((lease) => lease.release()));
    await admin.end();
  });

  const connections = async () =>
    Number(
      (
        await admin.query<{ n: string }>(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
          [`leadership:${namespace}`],
        )
      ).rows[0].n,
    );
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await check()).toBe(true);
  };
  const take = async (leadership: PostgresLeadership, name: string) => {
    const lease = await leadership.acquire(name);
    if (lease) held.push(lease);
    return lease;
  };

  it('gives each name to one process at a time, holds a process’s leases on one connection, and lets go of them all when it dies', async () => {
    const a = new PostgresLeadership(engines.postgresUrl, namespace, 50);
    const b = new PostgresLeadership(engines.postgresUrl, namespace, 50);
    const names = ['customer-area', 'back-office', 'process:renewal', 'email-notifier'];
    const leases = await Promise.all(names.map((name) => take(a, name)));
    expect(leases.every((lease) => lease !== null)).toBe(true);
    expect(await connections()).toBe(1);
    // Not to the other process, and not twice to the same one (session locks are re-entrant).
    for (const name of names) {
      expect(await take(b, name)).toBeNull();
      expect(await take(a, name)).toBeNull();
    }
    // The other process's attempts left no connection open.
    await until(async () => (await connections()) === 1);
    // A lease given back goes to the other process, and comes back.
    await leases[0]!.release();
    const moved = await take(b, names[0]);
    expect(moved).not.toBeNull();
    expect(await connections()).toBe(2);
    await moved!.release();
    await until(async () => (await connections()) === 1);

    // The leading process's connection dies: every lease of it is lost, and the other takes them.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      `leadership:${namespace}`,
    ]);
    await Promise.all(leases.slice(1).map((lease) => lease!.lost));
    for (const name of names.slice(1)) expect(await take(b, name)).not.toBeNull();
    expect(await take(a, names[1])).toBeNull();
    // Once every lease is given back, no connection is left open.
    await Promise.all(held.splice(0).map((lease) => lease.release()));
    await until(async () => (await connections()) === 0);
  });
});
