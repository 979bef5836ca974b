import { existsSync, rmSync } from 'node:fs';
import { expect } from '@jest/globals';
import { sql } from 'kysely';
import { Pool } from 'pg';
import { engines } from '../../libs/event-store/src/testing/engines';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { TestApp } from './test-app';

/** Every read-model table's rows, in a stable order; checkpoints without the time they were written. */
export async function readModels(t: TestApp): Promise<Record<string, unknown[]>> {
  const db = t.app.get<ReadModelDb>(READ_MODEL_DB);
  const tables =
    t.engine === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db)
        ).rows.map((row) => row.name)
      : (
          await sql<{
            name: string;
          }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${t.config.readModelSchema}`.execute(
            db,
          )
        ).rows.map((row) => row.name);
  const dump: Record<string, unknown[]> = {};
  for (const table of tables.filter((name) => !name.startsWith('kysely_')).sort()) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows.map(
      (row) => {
        const { updated_at: _ignored, ...rest } = row;
        return JSON.stringify(
          Object.fromEntries(
            Object.entries(table === 'projection_checkpoints' ? rest : row).map(([k, v]) => [
              k,
              typeof v === 'bigint' ? Number(v) : v,
            ]),
          ),
        );
      },
    );
    dump[table] = rows.sort();
  }
  return dump;
}

/** Deletes the read models as an operator would: the file, or the schema. */
export async function deleteReadModels(t: TestApp): Promise<void> {
  if (t.engine === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(t.config.readModelsFile + suffix, { force: true });
    expect(existsSync(t.config.readModelsFile)).toBe(false);
    return;
  }
  const pool = new Pool({ connectionString: engines.postgresUrl, max: 1 });
  await pool.query(`DROP SCHEMA ${t.config.readModelSchema} CASCADE`);
  await pool.end();
}
