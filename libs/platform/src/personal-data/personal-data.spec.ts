import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { EventStore, NewEvent, PostgresEventStore, SqliteEventStore, verifyLog } from '@app/event-store';
import { describeWhen, engines, freshSchema } from '@app/event-store/testing';
import { ERASED, PersonalDataPolicy, tenYearsAfter } from '@app/kernel';
import { migrateToLatest, openPostgresDb, openSqliteDb } from '../database/read-model-db';
import { KeyVault, KeyVaultTables, keyVaultMigration } from './key-vault';
import { PersonalDataProtection } from './protected-event-store';

/** A policy shaped like the product's: a subject in the first event, a stream's later events, a fiscal record. */
const policy: PersonalDataPolicy = {
  Registered: {
    subject: (d: { customerId: string }) => d.customerId,
    personal: ['name', 'email', 'card.label', 'holder.firstName'],
  },
  Renamed: { personal: ['name'] },
  Invoiced: {
    subject: (d: { customerId: string }) => d.customerId,
    fiscal: {
      paths: ['buyer.name', 'lines.*.note'],
      retainUntil: (d: { date: string }) => tenYearsAfter(d.date),
    },
  },
  Claimed: { subject: (d: { customerId: string }) => d.customerId, personal: ['username'] },
};

/** seed() appends this many events. */
const SEEDED = 4;

const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    correlationId: 'c',
    causationId: null,
    commandId: randomUUID(),
    actor: { type: 'system', id: 't' },
  },
});

function suite(engine: 'sqlite' | 'postgres') {
  let raw: EventStore;
  let vaultDb: Kysely<KeyVaultTables>;
  let vault: KeyVault;
  let protection: PersonalDataProtection;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    if (engine === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'personal-'));
      raw = new SqliteEventStore(join(dir, 'events.db'));
      vaultDb = openSqliteDb<KeyVaultTables>(join(dir, 'state.db'));
      await migrateToLatest(vaultDb, { '0004': keyVaultMigration });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = await freshSchema('personal');
      raw = await PostgresEventStore.open({ connectionString: engines.postgresUrl, schema: schema.schema });
      vaultDb = await openPostgresDb<KeyVaultTables>(engines.postgresUrl, schema.schema);
      await migrateToLatest(vaultDb, { '0004': keyVaultMigration }, schema.schema);
      cleanup = () => schema.drop();
    }
    // keyTtlMs 0: every read asks the vault, as another process would after the cache's time.
    vault = new KeyVault(vaultDb);
    protection = new PersonalDataProtection(vault, {
      policy,
      hashedCategories: ['claim'],
      keyTtlMs: 0,
    });
  });
  afterEach(async () => {
    await raw.close();
    await vaultDb.destroy();
    await cleanup();
  });

  const customerId = '6d5c5d1e-0a4b-4c1e-9d3e-2f6f0c1a7b10';
  const registered = {
    customerId,
    name: 'Giulia Bianchi',
    email: 'giulia@example.it',
    card: { label: 'Visa •••• 4242', token: 'tok_1' },
    holder: { kind: 'person', firstName: 'Giulia' },
    storagePacks: 2,
    pec: null,
  };
  const invoiced = {
    customerId,
    date: '2026-12-03',
    number: '2026/1',
    buyer: { name: 'Giulia Bianchi', country: 'IT' },
    lines: [{ note: 'per Giulia', totalCents: 100 }, { totalCents: 5 }],
  };

  /**
   * The whole stored log once every seeded event is visible to readers (PostgreSQL's readers see an event
   * once no earlier transaction is still open, which may be a moment after its append returned).
   */
  async function storedEvents(count = SEEDED) {
    for (let i = 0; i < 100; i++) {
      const events = await raw.readAll(0, 100);
      if (events.length >= count) return events;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`fewer than ${count} events visible`);
  }

  async function seed(store: EventStore) {
    await store.append(
      'service-1',
      [event('Registered', registered), event('Renamed', { name: 'Studio Bianchi' })],
      'no_stream',
    );
    await store.append('register-2026', [event('Invoiced', invoiced)], 'no_stream');
    await store.append(
      'claim-giulia@example.it',
      [event('Claimed', { customerId, username: 'giulia@example.it' })],
      'no_stream',
    );
  }

  it('stores no personal value in clear, and reads every one back', async () => {
    const store = protection.view(raw);
    await seed(store);
    const stored = JSON.stringify(await storedEvents());
    // The card label's digits with their dots: four digits alone turn up by chance in a hash or a ciphertext.
    for (const secret of ['Giulia', 'Bianchi', 'giulia@example.it', '•••• 4242', 'Studio'])
      expect(stored).not.toContain(secret);
    // What is not personal stays readable in clear (and the shape stays: numbers, nulls, other strings).
    expect(stored).toContain('tok_1');
    expect(stored).toContain('2026/1');
    const [first, renamed] = await store.readStream('service-1');
    expect(first.data).toEqual(registered);
    expect(renamed.data).toEqual({ name: 'Studio Bianchi' });
    expect((await store.readStream('register-2026'))[0].data).toEqual(invoiced);
    expect((await store.readAll(0, 100)).map((e) => e.data)).toContainEqual(invoiced);
  });

  it("reads the keys a read's events need from the vault at once, not once per event", async () => {
    const store = protection.view(raw);
    await seed(store);
    const other = '0b7f3c52-9a61-4d8e-8f0e-5c2a4e1d9b33';
    await store.append(
      'service-2',
      [event('Registered', { ...registered, customerId: other, name: 'Luca Verdi' })],
      'no_stream',
    );
    await storedEvents(SEEDED + 1);
    const one = jest.spyOn(vault, 'state');
    const many = jest.spyOn(vault, 'statesOf');
    const events = await store.readAll(0, 100);
    // Two owners, five sealed events (one fiscal, whose personal key also says whether it is hidden).
    expect(one).not.toHaveBeenCalled();
    expect(many).toHaveBeenCalledTimes(1);
    expect(many.mock.calls[0][0].sort()).toEqual([customerId, other].sort());
    expect(events.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        registered,
        invoiced,
        { ...registered, customerId: other, name: 'Luca Verdi' },
      ]),
    );
  });

  it('names a claim stream by a keyed hash, and still finds a claim stored under its old name', async () => {
    const store = protection.view(raw);
    await seed(store);
    const streams = (await storedEvents()).map((e) => e.streamId);
    expect(streams.some((s) => s.includes('giulia'))).toBe(false);
    expect(streams).toContainEqual(expect.stringMatching(/^claim-h[0-9a-f]{40}$/));
    expect((await store.readStream('claim-giulia@example.it'))[0].data).toMatchObject({ customerId });
    // A log from before: the old name is read when the hashed one is empty.
    await raw.append(
      'claim-old@example.it',
      [event('Claimed', { customerId, username: 'old' })],
      'no_stream',
    );
    expect(await store.readStream('claim-old@example.it')).toHaveLength(1);
  });

  it('after an erasure reads every personal field as erased, keeps the fiscal record for the fiscal view, and the chain verifies', async () => {
    const store = protection.view(raw);
    const fiscal = protection.view(raw, 'fiscal');
    await seed(store);
    const before = await storedEvents();
    await protection.erase(customerId, new Date());

    const [first, renamed] = await store.readStream('service-1');
    expect(first.data).toEqual({
      ...registered,
      name: ERASED,
      email: ERASED,
      card: { label: ERASED, token: 'tok_1' },
      holder: { kind: 'person', firstName: ERASED },
    });
    expect(renamed.data).toEqual({ name: ERASED });
    const hidden = {
      ...invoiced,
      buyer: { name: ERASED, country: 'IT' },
      lines: [{ note: ERASED, totalCents: 100 }, { totalCents: 5 }],
    };
    expect((await store.readStream('register-2026'))[0].data).toEqual(hidden);
    expect((await fiscal.readStream('register-2026'))[0].data).toEqual(invoiced);
    // Through a subscription too (what projections read).
    const seen: unknown[] = [];
    const subscription = store.subscribeToAll({
      fromPosition: 0,
      onEvents: async (events) => void seen.push(...events.map((e) => e.data)),
    });
    for (let i = 0; i < 100 && seen.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    await subscription.stop();
    expect(JSON.stringify(seen)).not.toContain('Giulia');

    // Nothing stored changed: the same bytes, and every hash chain intact.
    expect(await storedEvents()).toEqual(before);
    expect((await verifyLog(raw)).brokenLink).toBeNull();
    // Appending for an erased person seals nothing with a new key: the fields are stored erased.
    await store.append('service-1', [event('Renamed', { name: 'Di nuovo Giulia' })], 1);
    expect(JSON.stringify(await raw.readStream('service-1', 2))).not.toContain('Giulia');
    expect((await store.readStream('service-1', 2))[0].data).toEqual({ name: ERASED });
  });

  it('erases a fiscal record once its retention ends, for every reader', async () => {
    const store = protection.view(raw);
    const fiscal = protection.view(raw, 'fiscal');
    await seed(store);
    expect(await protection.vault.dueForErasure('2036-12-31')).toEqual([]);
    const due = await protection.vault.dueForErasure('2037-01-01');
    expect(due).toEqual([{ subject: customerId, kind: 'fiscal:2036-12-31' }]);
    await protection.vault.erase(due[0].subject, due[0].kind, new Date());
    expect((await fiscal.readStream('register-2026'))[0].data).toMatchObject({ buyer: { name: ERASED } });
    // The person's own data is untouched by the fiscal retention.
    expect((await store.readStream('service-1'))[0].data).toEqual(registered);
  });
}

/** The embedded store hands its live subscribers the same stored events: each sealed one is opened once for all. */
describeWhen('', 'personal data protection: live subscribers of the embedded store', () => {
  let dir: string;
  let raw: SqliteEventStore;
  let vaultDb: Kysely<KeyVaultTables>;
  let protection: PersonalDataProtection;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'personal-live-'));
    raw = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 20 });
    vaultDb = openSqliteDb<KeyVaultTables>(join(dir, 'state.db'));
    await migrateToLatest(vaultDb, { '0004': keyVaultMigration });
    // The keys stay cached (as in the service), so what was opened may be kept as long.
    protection = new PersonalDataProtection(new KeyVault(vaultDb), { policy, keyTtlMs: 60_000 });
  });
  afterEach(async () => {
    await raw.close();
    await vaultDb.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const customerId = '3f1c9a0e-5b2d-4e8f-9c7a-1d2e3f4a5b6c';
  /** Every event's data as one subscriber from the start sees it, once it has seen `count`. */
  async function subscriberSees(count: number) {
    const seen: { data: unknown }[] = [];
    const subscription = protection.view(raw).subscribeToAll({
      fromPosition: 0,
      onEvents: async (events) => void seen.push(...events),
    });
    for (let i = 0; i < 200 && seen.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    return seen;
  }

  it('opens a sealed event once for every subscriber, and never again once its owner is erased', async () => {
    const store = protection.view(raw);
    const data = {
      customerId,
      name: 'Anna Neri',
      email: 'anna@example.it',
      card: { label: 'Visa •••• 4242', token: 'tok_9' },
    };
    await store.append(
      'service-9',
      [event('Registered', data), event('Renamed', { name: 'Neri' })],
      'no_stream',
    );
    const first = await subscriberSees(2);
    const second = await subscriberSees(2);
    expect(first.map((e) => e.data)).toEqual([data, { name: 'Neri' }]);
    // The same opened event, not a copy decrypted again.
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);

    await protection.erase(customerId, new Date());
    const after = await subscriberSees(2);
    // The stored events the subscribers share were never written by opening them, nested fields included.
    expect(after.map((e) => e.data)).toEqual([
      { customerId, name: ERASED, email: ERASED, card: { label: ERASED, token: 'tok_9' } },
      { name: ERASED },
    ]);
  });
});

describeWhen('', 'personal data protection [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'personal data protection [postgres]', () => suite('postgres'));
