import { BusinessRuleViolation, EventSourcedDecider, assertNever, eventDecoder } from '@app/kernel';

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
  | { type: 'UsernameClaimed'; data: { username: string; accountId: string; claimedAt: string } };

export type AccountCommand =
  | {
      type: 'RegisterAccount';
      data: Omit<Extract<AccountEvent, { type: 'AccountRegistered' }>['data'], 'registeredAt'> & {
        now: Date;
      };
    }
  | { type: 'ClaimUsername'; data: { username: string; accountId: string; now: Date } };

export interface AccountState {
  /** The account registered in this stream, or the account that claimed this username. */
  accountId: string | null;
}

export const accountEvents = eventDecoder<AccountEvent>({
  categories: ['account', 'accountUsername'],
  versions: { AccountRegistered: 1, UsernameClaimed: 1 },
});

export const accountDecider: EventSourcedDecider<AccountCommand, AccountEvent, AccountState> = {
  events: accountEvents,
  initialState: () => ({ accountId: null }),
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
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'AccountRegistered':
      case 'UsernameClaimed':
        return { accountId: event.data.accountId };
      default:
        return assertNever(event);
    }
  },
};
