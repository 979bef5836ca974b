import { afterAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { loadConfig } from '../apps/api/src/config';
import { createApp } from '../apps/api/src/create-app';
import { seedDemoData } from '../apps/api/src/demo-data';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';

/** Any number of processes starting together on a schema that does not exist yet must all start. */
describeWhen(engines.postgresMissing, 'starting together on a fresh PostgreSQL schema (e2e)', () => {
  const schemas: string[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    const admin = new Pool({ connectionString: engines.postgresUrl, max: 1 });
    for (const schema of schemas) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_read CASCADE`);
    }
    await admin.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('starts six processes at once on a schema no one created, three times over, and seeds once', async () => {
    for (let round = 0; round < 3; round++) {
      const schema = `fresh_${randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      const starts = Array.from({ length: 6 }, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'renewals-start-'));
        dirs.push(dir);
        const config = loadConfig({
          DATA_DIR: dir,
          DATABASE_URL: engines.postgresUrl,
          DATABASE_SCHEMA: schema,
          AUTH_SECRET: 'startup',
          LOG_LEVEL: 'error',
          ROLE: 'api',
        });
        const app = await createApp(config, { logger: false });
        await seedDemoData(app);
        return app;
      });
      const outcomes = await Promise.allSettled(starts);
      const failures = outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => String((o as PromiseRejectedResult).reason));
      for (const outcome of outcomes) if (outcome.status === 'fulfilled') await outcome.value.close();
      expect(failures).toEqual([]);
      const pool = new Pool({ connectionString: engines.postgresUrl, max: 1 });
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM ${schema}.events WHERE type = 'ServiceActivated'`,
      );
      await pool.end();
      expect(rows[0].n).toBe(7);
    }
  }, 120_000);
});
