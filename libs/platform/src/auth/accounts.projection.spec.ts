import { describe, expect, it } from '@jest/globals';
import { ERASED, fold } from '@app/kernel';
import { GivenEvent, projectionSpec } from '../testing';
import {
  AccountCommand,
  AccountEvent,
  accountDecider,
  accountStream,
  usernameStream,
} from './account.decider';
import { AccountsProjection } from './accounts';

const spec = projectionSpec(new AccountsProjection(), { migrations: {}, tables: ['accounts'] });
const now = new Date('2026-11-25T10:00:00.000Z');

/** The events a registration appends, as registerAccount decides them: the username's claim, then the account. */
function registered(accountId: string, username: string, role: 'customer' | 'back-office') {
  const decide = (streamId: string, command: AccountCommand): GivenEvent<AccountEvent>[] =>
    accountDecider.decide(command, fold(accountDecider, [])).map((event) => ({ streamId, event }));
  return [
    ...decide(usernameStream(username), { type: 'ClaimUsername', data: { username, accountId, now } }),
    ...decide(accountStream(accountId), {
      type: 'RegisterAccount',
      data: {
        accountId,
        username,
        role,
        displayName: username.split('@')[0],
        email: username,
        passwordHash: `scrypt$16384$8$1$salt-${accountId}$hash`,
        now,
      },
    }),
  ];
}

describe('accounts projection', () => {
  it('holds one login row per registered account, with its role and password hash, never a password', async () => {
    await spec
      .given([
        ...registered('a1', 'mario@example.it', 'customer'),
        ...registered('a2', 'ufficio@example.it', 'back-office'),
      ])
      .thenRows({
        accounts: [
          {
            id: 'a1',
            username: 'mario@example.it',
            password_hash: 'scrypt$16384$8$1$salt-a1$hash',
            role: 'customer',
            display_name: 'mario',
            email: 'mario@example.it',
            created_at: now.toISOString(),
          },
          {
            id: 'a2',
            username: 'ufficio@example.it',
            password_hash: 'scrypt$16384$8$1$salt-a2$hash',
            role: 'back-office',
            display_name: 'ufficio',
            email: 'ufficio@example.it',
            created_at: now.toISOString(),
          },
        ],
      });
  });

  it('passes over the username claims: they decide uniqueness, they are not logins', async () => {
    const [claim] = registered('a1', 'mario@example.it', 'customer');
    await spec.given([claim]).thenRows({ accounts: [] });
  });

  it('drops an erased customer’s login, and a rebuild (their username read as erased) makes none', async () => {
    const erased: GivenEvent<AccountEvent> = {
      streamId: accountStream('a1'),
      event: {
        type: 'PersonalDataErased',
        data: { accountId: 'a1', reason: 'Richiesta', erasedAt: now.toISOString() },
      },
    };
    const mario = registered('a1', 'mario@example.it', 'customer');
    await spec
      .given([...mario, ...registered('a2', 'ufficio@example.it', 'back-office'), erased])
      .thenRows({ accounts: [expect.objectContaining({ id: 'a2' })] });
    // As the log reads after the erasure: the registration's personal fields are erased.
    const asRead = mario.map((given) =>
      given.event.type === 'AccountRegistered'
        ? {
            ...given,
            event: {
              ...given.event,
              data: { ...given.event.data, username: ERASED, displayName: ERASED, email: ERASED },
            },
          }
        : given,
    );
    await spec.given([...asRead, erased]).thenRows({ accounts: [] });
  });
});

describe('account decider: erasure', () => {
  const registration = registered('a1', 'mario@example.it', 'customer').map((given) => given.event);
  const erase = {
    type: 'ErasePersonalData' as const,
    data: { accountId: 'a1', reason: 'Richiesta via PEC', now },
  };

  it('given a customer, when their data is erased, then PersonalDataErased with no personal data', () => {
    expect(accountDecider.decide(erase, fold(accountDecider, registration))).toEqual([
      {
        type: 'PersonalDataErased',
        data: { accountId: 'a1', reason: 'Richiesta via PEC', erasedAt: now.toISOString() },
      },
    ]);
  });

  it('given an erased customer, when erased again, then nothing', () => {
    const erased = accountDecider.decide(erase, fold(accountDecider, registration));
    expect(accountDecider.decide(erase, fold(accountDecider, [...registration, ...erased]))).toEqual([]);
  });

  it('given a back-office account or none, when erased, then CUSTOMER_NOT_FOUND', () => {
    const staff = registered('a1', 'ufficio@example.it', 'back-office').map((given) => given.event);
    for (const history of [staff, []])
      expect(() => accountDecider.decide(erase, fold(accountDecider, history))).toThrow(
        expect.objectContaining({ code: 'CUSTOMER_NOT_FOUND' }),
      );
  });
});
