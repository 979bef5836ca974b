import { Kysely } from 'kysely';
import { PlatformTables } from '../database/read-model-db';

/** Where a projection or process has read the global log up to (0: nothing yet). */
export async function readCheckpoint(db: Kysely<PlatformTables>, name: string): Promise<number> {
  const row = await db
    .selectFrom('projection_checkpoints')
    .select('position')
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(row?.position ?? 0);
}

/** Upserts the checkpoint; pass the projection's transaction to move it with the read model. */
export async function writeCheckpoint(
  db: Kysely<PlatformTables>,
  name: string,
  position: number,
): Promise<void> {
  await writeCheckpoints(db, [name], position);
}

/** Upserts several checkpoints to one position in one statement. */
export async function writeCheckpoints(
  db: Kysely<PlatformTables>,
  names: string[],
  position: number,
): Promise<void> {
  if (names.length === 0) return;
  const updatedAt = new Date().toISOString();
  await db
    .insertInto('projection_checkpoints')
    .values(names.map((name) => ({ name, position, updated_at: updatedAt })))
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        position: eb.ref('excluded.position'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
