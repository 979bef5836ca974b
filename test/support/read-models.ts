import { sql } from 'kysely';
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
