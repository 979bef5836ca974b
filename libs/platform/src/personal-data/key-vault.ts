import { randomBytes } from 'node:crypto';
import { Kysely, Migration, sql } from 'kysely';

/**
 * The keys that personal data in the log is encrypted with, one per person and purpose, kept in the
 * durable state beside the log and never in it (decisions.md #34). Deleting a key is the erasure: the
 * events keep their bytes (and their hash chain), but what was sealed with it can no longer be read.
 * An erased key leaves a tombstone, so that nothing is sealed for that person again with a new key.
 *
 * Kinds: `personal` (erased on request), `fiscal:<YYYY-12-31>` (an invoice's buyer, erased by the
 * retention sweep once that day is past), `system:stream-names` (the key that names the streams whose
 * name would otherwise be personal, e.g. a username's claim).
 */
export interface KeyVaultTables {
  personal_data_keys: {
    subject: string;
    kind: string;
    /** 32 bytes, base64; null once erased. */
    key: string | null;
    created_at: string;
    /** YYYY-MM-DD: the retention sweep erases the key once this day is past (fiscal keys). */
    erase_after: string | null;
    erased_at: string | null;
  };
}

export const PERSONAL_KIND = 'personal';
export const fiscalKind = (retainUntil: string) => `fiscal:${retainUntil}`;
export const SYSTEM_SUBJECT = '$system';

export interface KeyState {
  key: Buffer | null;
  erased: boolean;
}

export const keyVaultMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('personal_data_keys')
      .ifNotExists()
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('erase_after', 'text')
      .addColumn('erased_at', 'text')
      .addPrimaryKeyConstraint('personal_data_keys_pk', ['subject', 'kind'])
      .execute();
  },
};

const keyState = (row: { key: string | null; erased_at: string | null } | undefined): KeyState => ({
  key: row?.key ? Buffer.from(row.key, 'base64') : null,
  erased: !!row?.erased_at,
});

export class KeyVault {
  constructor(private readonly db: Kysely<KeyVaultTables>) {}

  /** The key, created on first use; null when this subject's key of this kind was erased. */
  async keyFor(subject: string, kind: string, eraseAfter?: string): Promise<Buffer | null> {
    await this.db
      .insertInto('personal_data_keys')
      .values({
        subject,
        kind,
        key: randomBytes(32).toString('base64'),
        created_at: new Date().toISOString(),
        erase_after: eraseAfter ?? null,
        erased_at: null,
      })
      .onConflict((oc) => oc.columns(['subject', 'kind']).doNothing())
      .execute();
    // A later document may be kept longer than the first sealed with the same key: the later day wins.
    if (eraseAfter)
      await this.db
        .updateTable('personal_data_keys')
        .set({ erase_after: eraseAfter })
        .where('subject', '=', subject)
        .where('kind', '=', kind)
        .where((eb) => eb.or([eb('erase_after', 'is', null), eb('erase_after', '<', eraseAfter)]))
        .execute();
    return (await this.state(subject, kind)).key;
  }

  async state(subject: string, kind: string): Promise<KeyState> {
    const row = await this.db
      .selectFrom('personal_data_keys')
      .select(['key', 'erased_at'])
      .where('subject', '=', subject)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return keyState(row);
  }

  /** Every key of these subjects, of every kind (a subject with none has no row). */
  async statesOf(subjects: string[]): Promise<(KeyState & { subject: string; kind: string })[]> {
    if (subjects.length === 0) return [];
    const rows = await this.db
      .selectFrom('personal_data_keys')
      .select(['subject', 'kind', 'key', 'erased_at'])
      .where('subject', 'in', subjects)
      .execute();
    return rows.map((row) => ({ subject: row.subject, kind: row.kind, ...keyState(row) }));
  }

  /** Deletes the key (or records that none may be made), once: the first erasure's time is kept. */
  async erase(subject: string, kind: string, now: Date): Promise<void> {
    await this.db
      .insertInto('personal_data_keys')
      .values({
        subject,
        kind,
        key: null,
        created_at: now.toISOString(),
        erase_after: null,
        erased_at: now.toISOString(),
      })
      .onConflict((oc) =>
        oc.columns(['subject', 'kind']).doUpdateSet({
          key: null,
          erased_at: sql`coalesce(personal_data_keys.erased_at, ${now.toISOString()})`,
        }),
      )
      .execute();
  }

  /** The keys whose retention ended before `today` (YYYY-MM-DD) and that are not erased yet. */
  async dueForErasure(today: string): Promise<{ subject: string; kind: string }[]> {
    return this.db
      .selectFrom('personal_data_keys')
      .select(['subject', 'kind'])
      .where('erase_after', '<', today)
      .where('erased_at', 'is', null)
      .orderBy('erase_after')
      .execute();
  }
}
