import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { EventStore, withSchemaLock } from '@app/event-store';
import { AppConfig, DurableDb, NewAccount, Role, registerAccount } from '@app/platform';

/** What a data folder or schema of the November 2026 layout kept beside the read models, and moves now. */
const REACTORS = ['email-notifier', 'process:renewal'];
const NOTIFIER_TABLES = ['notifier_services', 'notifier_orders', 'outbox'] as const;

interface LegacyAccount {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  display_name: string;
  email: string;
  created_at: string;
}

const toAccount = (row: LegacyAccount): NewAccount => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  displayName: row.display_name,
  email: row.email,
});
/** An imported account is recorded as registered when it was created, not when it was moved. */
const createdAt = (row: LegacyAccount) => new Date(row.created_at);

/**
 * Before the durable state, accounts, the email outbox and the processes' checkpoints lived with the read
 * models, so a rebuild lost logins and sent every email again. This moves a folder or schema of that layout
 * to today's, once, before the read models open: accounts become events (their password hashes kept), the
 * outbox and the checkpoints go to the durable state. The old read models are set aside and rebuilt from the
 * log. Returns what it did, for the start-up log; nothing when there is nothing to move.
 */
export async function upgradeLegacyLayout(
  config: AppConfig,
  store: EventStore,
  durable: DurableDb,
): Promise<string[]> {
  return config.databaseUrl ? upgradePostgres(config, store) : upgradeSqlite(config, store, durable);
}

async function upgradeSqlite(config: AppConfig, store: EventStore, durable: DurableDb): Promise<string[]> {
  const file = config.readModelsFile;
  if (!existsSync(file)) return [];
  const legacy = new Database(file, { fileMustExist: true });
  let accounts: LegacyAccount[];
  try {
    const tables = new Set(
      legacy
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name),
    );
    // Today's read models have an accounts table too (the accounts projection's, with its checkpoint):
    // the old layout is the one with the outbox there, or accounts that no projection wrote.
    const projectedAccounts =
      tables.has('projection_checkpoints') &&
      legacy.prepare("SELECT 1 FROM projection_checkpoints WHERE name = 'accounts'").get() !== undefined;
    if (!tables.has('outbox') && (!tables.has('accounts') || projectedAccounts)) return [];
    const db = durable.withTables<Record<string, Record<string, unknown>>>();
    for (const table of NOTIFIER_TABLES) {
      if (!tables.has(table)) continue;
      const rows = legacy.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      for (let i = 0; i < rows.length; i += 200)
        await db
          .insertInto(table)
          .values(rows.slice(i, i + 200))
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
    if (tables.has('projection_checkpoints')) {
      const checkpoints = legacy
        .prepare(
          `SELECT name, position, updated_at FROM projection_checkpoints WHERE name IN (${REACTORS.map(() => '?').join(', ')})`,
        )
        .all(...REACTORS) as Array<{ name: string; position: number; updated_at: string }>;
      if (checkpoints.length > 0)
        await durable
          .insertInto('projection_checkpoints')
          .values(checkpoints)
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
    }
    accounts = tables.has('accounts')
      ? (legacy.prepare('SELECT * FROM accounts ORDER BY created_at, id').all() as LegacyAccount[])
      : [];
  } finally {
    legacy.close();
  }
  for (const account of accounts) await registerAccount(store, toAccount(account), createdAt(account));
  const aside = file.replace(/\.db$/, '') + `.legacy-${new Date().toISOString().replace(/[:.]/g, '-')}.db`;
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  return [
    `upgraded ${file} from the November 2026 layout: ${accounts.length} accounts into the log, the email outbox and the processes' checkpoints into ${config.stateFile}; the old read models are in ${aside} and are rebuilt from the log`,
  ];
}

async function upgradePostgres(config: AppConfig, store: EventStore): Promise<string[]> {
  const schema = config.databaseSchema;
  const pool = new Pool({ connectionString: config.databaseUrl!, max: 1 });
  const lines: string[] = [];
  try {
    // The outbox, the notifier's tables and the checkpoints are already in the events' schema: the durable
    // state adopts them as they are. Only the accounts move into the log.
    await withSchemaLock(pool, schema, async (client) => {
      const found = await client.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [
        `${schema}.accounts`,
      ]);
      if (!found.rows[0].table) return;
      const { rows } = await client.query<LegacyAccount>(
        `SELECT * FROM ${schema}.accounts ORDER BY created_at, id`,
      );
      for (const row of rows) await registerAccount(store, toAccount(row), createdAt(row));
      await client.query(`ALTER TABLE ${schema}.accounts RENAME TO legacy_accounts`);
      lines.push(
        `upgraded schema ${schema} from the November 2026 layout: ${rows.length} accounts into the log (the old table is ${schema}.legacy_accounts); the read models are rebuilt in ${config.readModelSchema}. The old read-model tables in ${schema} (ca_*, bo_*, sched_*, kysely_migration) are no longer used and may be dropped.`,
      );
    });
  } finally {
    await pool.end();
  }
  return lines;
}
