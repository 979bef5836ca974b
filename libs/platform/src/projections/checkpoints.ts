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
  const updatedAt = new Date().toISOString();
  await db
    .insertInto('projection_checkpoints')
    .values({ name, position, updated_at: updatedAt })
    .onConflict((oc) => oc.column('name').doUpdateSet({ position, updated_at: updatedAt }))
    .execute();
}
