import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Transaction } from 'kysely';
import { Actor, EVENT_STORE, EventMetadata, EventStore } from '@app/event-store';
import { isErased, replay } from '@app/kernel';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { READ_MODEL_DB, PlatformTables, ReadModelDb } from '../database/read-model-db';
import { CLOCK, Clock, deterministicUuid } from '../clock';
import { ProjectedEvent, Projection } from '../projections/projection';
import { PerBatch, chunks } from '../projections/batch-reads';
import { hashPassword, verifyPassword } from './passwords';
import {
  AccountCommand,
  AccountEvent,
  Role,
  accountDecider,
  accountEvents,
  accountStream,
  normaliseUsername,
  usernameStream,
} from './account.decider';

type AccountRow = PlatformTables['accounts'];

export type { Role };

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
}

export function actorOf(user: AuthenticatedUser): Actor {
  return { type: user.role === 'customer' ? 'customer' : 'back-office', id: user.id };
}

export class InvalidCredentials extends Error {}

/** Who issues the tokens and for whom: a token from anywhere else, or without an expiry, is refused. */
export const TOKEN_ISSUER = 'rinnovo-fe';
export const TOKEN_AUDIENCE = 'rinnovo-fe-api';

export interface NewAccount {
  id: string;
  username: string;
  password?: string;
  /** Recorded as given: accounts imported from an older layout keep their password. */
  passwordHash?: string;
  role: Role;
  displayName: string;
  email: string;
}

/**
 * Registers an account in the log: first the username's claim (so two accounts never share one), then
 * the account itself. Registering the same account again changes nothing (two processes seeding at once).
 * Returns the position of the registration, which is recorded as made at `now`.
 */
export async function registerAccount(store: EventStore, account: NewAccount, now: Date): Promise<number> {
  const meta: EventMetadata = {
    correlationId: `account:${account.id}`,
    causationId: null,
    commandId: deterministicUuid(`register-account|${account.id}`),
    actor: { type: 'system', id: 'accounts' },
    command: 'RegisterAccount',
  };
  await decideAndAppend(store, usernameStream(account.username), meta, {
    type: 'ClaimUsername',
    data: { username: account.username, accountId: account.id, now },
  });
  const passwordHash = account.passwordHash ?? (await hashPassword(account.password ?? ''));
  return decideAndAppend(store, accountStream(account.id), meta, {
    type: 'RegisterAccount',
    data: {
      accountId: account.id,
      username: account.username,
      role: account.role,
      displayName: account.displayName,
      email: account.email,
      passwordHash,
      now,
    },
  });
}

/**
 * Records that a customer's personal data is erased (decisions.md #34): `PersonalDataErased` on their
 * account's stream, once (erasing again changes nothing and answers the first erasure). The key itself
 * is deleted by the caller and again by the erasure process, which also rebuilds the read models.
 */
export async function recordErasure(
  store: EventStore,
  erasure: { accountId: string; reason: string },
  meta: EventMetadata,
  now: Date,
): Promise<{ position: number; erasedAt: string }> {
  const streamId = accountStream(erasure.accountId);
  const position = await decideAndAppend(store, streamId, meta, {
    type: 'ErasePersonalData',
    data: { ...erasure, now },
  });
  const erased = (await store.readStream(streamId)).find((event) => event.type === 'PersonalDataErased');
  return { position, erasedAt: (erased?.data as { erasedAt: string }).erasedAt };
}

/** Load, decide, append at the expected revision; event ids come from the command, so a retry appends nothing. */
async function decideAndAppend(
  store: EventStore,
  streamId: string,
  meta: EventMetadata,
  command: AccountCommand,
): Promise<number> {
  const stored = await store.readStream(streamId);
  const events = accountDecider.decide(command, replay(accountDecider, stored));
  if (events.length === 0) return stored.at(-1)?.position ?? 0;
  const result = await store.append(
    streamId,
    events.map((event, index) => ({
      id: deterministicUuid(`${meta.commandId}|${streamId}|${index}`),
      type: event.type,
      data: event.data,
      metadata: { ...meta, schemaVersion: accountEvents.versions[event.type] },
    })),
    stored.length === 0 ? 'no_stream' : stored.length - 1,
  );
  return result.position;
}

// A fixed hash to compare against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

@Injectable()
export class Accounts {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Registers an account in the log (see registerAccount), now. */
  create(account: NewAccount): Promise<number> {
    return registerAccount(this.store, account, this.clock.now());
  }

  async login(username: string, password: string) {
    const account = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', normaliseUsername(username))
      .executeTakeFirst();
    const valid = await verifyPassword(password, account?.password_hash ?? DUMMY_HASH);
    if (!account || !valid) throw new InvalidCredentials();
    const accessToken = await this.jwt.signAsync(
      { sub: account.id, username: account.username, role: account.role },
      { expiresIn: this.config.tokenTtlSeconds },
    );
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: this.config.tokenTtlSeconds,
      user: {
        id: account.id,
        username: account.username,
        role: account.role,
        displayName: account.display_name,
      },
    };
  }

  /** Verified tokens are remembered until they expire (bounded), so each is checked cryptographically once. */
  private readonly verified = new Map<string, { user: AuthenticatedUser; expiresAtMs: number }>();

  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.user;
    const payload = await this.jwt.verifyAsync<{
      sub?: unknown;
      username?: unknown;
      role?: unknown;
      exp?: unknown;
    }>(token);
    // jsonwebtoken accepts a token that never expires; we do not.
    if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string')
      throw new Error('The token has no expiry or no subject');
    if (payload.role !== 'customer' && payload.role !== 'back-office')
      throw new Error('The token has no role');
    const user = { id: payload.sub, username: String(payload.username ?? ''), role: payload.role as Role };
    if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user, expiresAtMs: payload.exp * 1000 });
    return user;
  }
}

/** The accounts read model that logins read: rebuilt from the log like any other. */
@Injectable()
export class AccountsProjection implements Projection {
  readonly name = 'accounts';
  readonly tables = ['accounts'];

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    await trx.deleteFrom('accounts').execute();
  }

  readonly events = accountEvents;
  readonly canHandle = ['AccountRegistered', 'PersonalDataErased'] as const;

  /** The batch's accounts as it leaves them (null: erased, no row), written by `flush`. */
  private readonly batches = new PerBatch(() => new Map<string, AccountRow | null>());

  async apply(trx: Transaction<PlatformTables>, { event }: ProjectedEvent<AccountEvent>): Promise<void> {
    const accounts = this.batches.of(trx);
    // An erased person logs in no more: their row goes, and a rebuild (their username now erased) makes none.
    if (event.type === 'PersonalDataErased') {
      accounts.set(event.data.accountId, null);
      return;
    }
    if (event.type !== 'AccountRegistered' || isErased(event.data.username)) return;
    const { data } = event;
    accounts.set(data.accountId, {
      id: data.accountId,
      username: data.username,
      password_hash: data.passwordHash,
      role: data.role,
      display_name: data.displayName,
      email: data.email,
      created_at: data.registeredAt,
    });
  }

  /** The erased accounts' rows deleted, the registered ones inserted (a row already there stays), a chunk a statement. */
  async flush(trx: Transaction<PlatformTables>): Promise<void> {
    const accounts = [...(this.batches.take(trx) ?? [])];
    for (const ids of chunks(accounts.filter(([, row]) => row === null).map(([id]) => id)))
      await trx.deleteFrom('accounts').where('id', 'in', ids).execute();
    for (const rows of chunks(accounts.flatMap(([, row]) => (row ? [row] : []))))
      await trx
        .insertInto('accounts')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
  }
}
