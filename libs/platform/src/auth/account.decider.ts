import {
  BusinessRuleViolation,
  EventSourcedDecider,
  NotFound,
  PersonalDataPolicy,
  assertNever,
  eventDecoder,
} from '@app/kernel';

/**
 * Accounts live in the log, so that a rebuild of the read models keeps every login. One stream per
 * account holds its registration; one per username holds the claim that keeps usernames unique.
 */
export type Role = 'customer' | 'back-office';

export const accountStream = (accountId: string) => `account-${accountId}`;
/** The stream that claims a username (lower-cased): appended once, so two accounts never share one. */
export const usernameStream = (username: string) => `accountUsername-${normaliseUsername(username)}`;

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export type AccountEvent =
  | {
      type: 'AccountRegistered';
      data: {
        accountId: string;
        username: string;
        role: Role;
        displayName: string;
        email: string;
        /** scrypt$N$r$p$salt$hash: never the password. */
        passwordHash: string;
        registeredAt: string;
      };
    }
  | { type: 'UsernameClaimed'; data: { username: string; accountId: string; claimedAt: string } }
  | {
      /**
       * The person's personal data was erased (decisions.md #34): their key is deleted, so every personal
       * field of their events reads as erased from now on, and the account can no longer log in. It holds
       * no personal data itself.
       */
      type: 'PersonalDataErased';
      data: { accountId: string; reason: string; erasedAt: string };
    };

export type AccountCommand =
  | {
      type: 'RegisterAccount';
      data: Omit<Extract<AccountEvent, { type: 'AccountRegistered' }>['data'], 'registeredAt'> & {
        now: Date;
      };
    }
  | { type: 'ClaimUsername'; data: { username: string; accountId: string; now: Date } }
  | { type: 'ErasePersonalData'; data: { accountId: string; reason: string; now: Date } };

export interface AccountState {
  /** The account registered in this stream, or the account that claimed this username. */
  accountId: string | null;
  role: Role | null;
  erased: boolean;
}

export const accountEvents = eventDecoder<AccountEvent>({
  categories: ['account', 'accountUsername'],
  versions: { AccountRegistered: 1, UsernameClaimed: 1, PersonalDataErased: 1 },
});

export const accountDecider: EventSourcedDecider<AccountCommand, AccountEvent, AccountState> = {
  events: accountEvents,
  initialState: () => ({ accountId: null, role: null, erased: false }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterAccount': {
        if (state.accountId) return [];
        const { now, ...data } = command.data;
        return [
          {
            type: 'AccountRegistered',
            data: { ...data, username: normaliseUsername(data.username), registeredAt: now.toISOString() },
          },
        ];
      }
      case 'ClaimUsername': {
        const { username, accountId, now } = command.data;
        if (state.accountId === accountId) return [];
        if (state.accountId)
          throw new BusinessRuleViolation('USERNAME_TAKEN', `The username ${username} is taken.`, 'username');
        return [
          {
            type: 'UsernameClaimed',
            data: { username: normaliseUsername(username), accountId, claimedAt: now.toISOString() },
          },
        ];
      }
      case 'ErasePersonalData': {
        const { accountId, reason, now } = command.data;
        if (state.role !== 'customer')
          throw new NotFound('CUSTOMER_NOT_FOUND', `There is no customer ${accountId}.`);
        if (state.erased) return [];
        return [{ type: 'PersonalDataErased', data: { accountId, reason, erasedAt: now.toISOString() } }];
      }
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'AccountRegistered':
        return { ...state, accountId: event.data.accountId, role: event.data.role };
      case 'UsernameClaimed':
        return { ...state, accountId: event.data.accountId };
      case 'PersonalDataErased':
        return { ...state, erased: true };
      default:
        return assertNever(event);
    }
  },
};

/** The personal data in the accounts' events: the username (an email), the name shown and the email. */
export const accountPersonalData: PersonalDataPolicy = {
  AccountRegistered: {
    subject: (data: { accountId: string }) => data.accountId,
    personal: ['username', 'displayName', 'email'],
  },
  UsernameClaimed: { subject: (data: { accountId: string }) => data.accountId, personal: ['username'] },
};

/** The streams named by a username: named by a keyed hash of it in the store (decisions.md #34). */
export const ACCOUNT_STREAMS_NAMED_BY_PERSONAL_DATA = ['accountUsername'];
