import { describe } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** What the global setup found: a reason when an engine is missing, '' when it answered. */
export const engines = {
  postgresUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  postgresMissing: process.env.TEST_POSTGRES_UNAVAILABLE ?? 'the jest global setup did not run',
  containersMissing: process.env.TEST_CONTAINERS_UNAVAILABLE ?? 'the jest global setup did not run',
  chromiumMissing: process.env.TEST_CHROMIUM_UNAVAILABLE ?? 'the jest global setup did not run',
  chromiumPath: process.env.TEST_CHROMIUM_PATH ?? '/usr/bin/chromium',
};

/** describe, or describe.skip with the reason in the title, so the report says why. */
export function describeWhen(missing: string, name: string, body: () => void): void {
  if (missing) describe.skip(`${name} [skipped: ${missing}]`, body);
  else describe(name, body);
}

/** A fresh schema in the test database, dropped by the returned function. */
export async function freshSchema(prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Pool({ connectionString: engines.postgresUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    schema,
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_read CASCADE`);
      await admin.end();
    },
  };
}
