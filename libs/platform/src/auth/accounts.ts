import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { READ_MODEL_DB, ReadModelDb } from '../database/read-model-db';
import { hashPassword, verifyPassword } from './passwords';

export type Role = 'customer' | 'back-office';

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
}

export function actorOf(user: AuthenticatedUser): Actor {
  return { type: user.role === 'customer' ? 'customer' : 'back-office', id: user.id };
}

export class InvalidCredentials extends Error {}

// A fixed hash to compare against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

@Injectable()
export class Accounts {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `ifAbsent`: an existing account (same id or username) is kept, e.g. when two processes seed at once. */
  async create(
    account: {
      id: string;
      username: string;
      password: string;
      role: Role;
      displayName: string;
      email: string;
    },
    options: { ifAbsent?: boolean } = {},
  ): Promise<void> {
    const insert = this.db.insertInto('accounts').values({
      id: account.id,
      username: account.username.trim().toLowerCase(),
      password_hash: await hashPassword(account.password),
      role: account.role,
      display_name: account.displayName,
      email: account.email,
      created_at: new Date().toISOString(),
    });
    await (options.ifAbsent ? insert.onConflict((oc) => oc.doNothing()) : insert).execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async login(username: string, password: string) {
    const account = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', username.trim().toLowerCase())
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
    const payload = await this.jwt.verifyAsync<{ sub: string; username: string; role: Role; exp: number }>(
      token,
    );
    const user = { id: payload.sub, username: payload.username, role: payload.role };
    if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user, expiresAtMs: payload.exp * 1000 });
    return user;
  }
}
