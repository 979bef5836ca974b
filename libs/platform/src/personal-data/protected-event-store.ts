import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '@app/event-store';
import { DataPath, ERASED, PersonalDataPolicy } from '@app/kernel';
import { chunks } from '../projections/batch-reads';
import { KeyState, KeyVault, PERSONAL_KIND, SYSTEM_SUBJECT, fiscalKind } from './key-vault';

/**
 * The event store seen through the personal-data policy (decisions.md #34). On append, every string
 * under a declared path is replaced by ERASED in the stored data and sealed (AES-256-GCM) with its
 * owner's key in one envelope per event: `$pd` for the personal fields, `$fd` for the fiscal ones. On
 * read the envelopes are opened and the values put back; an erased key leaves the ERASED placeholders.
 * The hash chain is over the stored bytes, so an erasure never breaks it.
 *
 * Two views: `personal` (read models, the audit trail, commands) hides a fiscal record once its owner
 * is erased; `fiscal` (the invoices' documents and the processes that send them) reads it until its
 * retention ends.
 */
export interface ProtectionOptions {
  policy: PersonalDataPolicy;
  /** Stream categories whose names would hold personal data: named by a keyed hash of the rest instead. */
  hashedCategories?: string[];
  /** How long a key read from the vault is trusted before it is read again (another process may erase it). */
  keyTtlMs?: number;
}

interface Envelope {
  /** The owner. */
  s: string;
  /** The key's kind (fiscal only; personal is implied). */
  k?: string;
  /** base64 of iv (12) | tag (16) | ciphertext of JSON [[path, value], ...]. */
  c: string;
}

type Leaf = { at: (string | number)[]; value: string };
const MAX_CACHED = 10_000;

interface Opened {
  event: StoredEvent;
  until: number;
}

/** The keys an event's envelopes are opened with in `view` (the personal one also says whether a fiscal record is hidden). */
function keysOf(event: StoredEvent, view: 'personal' | 'fiscal'): { subject: string; kind: string }[] {
  const data = event.data as { $pd?: Envelope; $fd?: Envelope } | null;
  if (!data || typeof data !== 'object') return [];
  const keys: { subject: string; kind: string }[] = [];
  if (data.$pd) keys.push({ subject: data.$pd.s, kind: PERSONAL_KIND });
  if (data.$fd?.k) {
    if (view === 'personal') keys.push({ subject: data.$fd.s, kind: PERSONAL_KIND });
    keys.push({ subject: data.$fd.s, kind: data.$fd.k });
  }
  return keys;
}

export class PersonalDataProtection {
  private readonly keys = new Map<string, { key: Buffer | null; erased: boolean; until: number }>();
  /**
   * Events opened here, by the stored event they were opened from, while the keys they were opened with
   * are fresh: the embedded store hands all its live subscribers the same stored events, and each sealed
   * one was decrypted and copied again for every subscriber. An erasure here forgets them all.
   */
  private opened = new WeakMap<StoredEvent, Partial<Record<'personal' | 'fiscal', Opened>>>();
  private readonly owners = new Map<string, string>();
  private streamNameKey: Buffer | null = null;
  private readonly ttl: number;
  private readonly hashed: Set<string>;

  constructor(
    readonly vault: KeyVault,
    private readonly options: ProtectionOptions,
  ) {
    this.ttl = options.keyTtlMs ?? 30_000;
    this.hashed = new Set(options.hashedCategories ?? []);
  }

  /** The store seen through this protection: `fiscal` reads fiscal records of erased people (until their retention ends). */
  view(store: EventStore, view: 'personal' | 'fiscal' = 'personal'): EventStore {
    return new ProtectedEventStore(store, this, view);
  }

  /** Deletes a person's key (by default their personal one), and forgets what was cached of it here. */
  async erase(subject: string, at: Date, kind = PERSONAL_KIND): Promise<void> {
    await this.vault.erase(subject, kind, at);
    this.keys.delete(`${subject}|${kind}`);
    this.opened = new WeakMap();
  }

  async streamName(streamId: string): Promise<string> {
    const dash = streamId.indexOf('-');
    if (dash < 0 || !this.hashed.has(streamId.slice(0, dash))) return streamId;
    this.streamNameKey ??= await this.vault.keyFor(SYSTEM_SUBJECT, 'system:stream-names');
    if (!this.streamNameKey) throw new Error('The key that names personal streams was erased');
    const digest = createHmac('sha256', this.streamNameKey)
      .update(streamId.slice(dash + 1))
      .digest('hex');
    return `${streamId.slice(0, dash)}-h${digest.slice(0, 40)}`;
  }

  /** `batch`: the events appended with it (a new stream's first event names its owner before it is stored). */
  async seal(
    store: EventStore,
    streamId: string,
    event: NewEvent,
    batch: NewEvent[] = [],
  ): Promise<NewEvent> {
    const rule = this.options.policy[event.type];
    if (!rule || !event.data || typeof event.data !== 'object') return event;
    const data = structuredClone(event.data) as Record<string, unknown>;
    const personal = takeLeaves(data, rule.personal ?? []);
    const fiscal = rule.fiscal ? takeLeaves(data, rule.fiscal.paths) : [];
    if (personal.length === 0 && fiscal.length === 0) return event;
    const subject =
      rule.subject?.(event.data) ?? (await this.ownerOf(store, streamId)) ?? this.ownerIn(batch);
    if (!subject) throw new Error(`${event.type} in ${streamId} holds personal data but no owner is known`);
    if (personal.length > 0) {
      const key = await this.keyFor(subject, PERSONAL_KIND);
      // An erased person: the fields stay erased, nothing is sealed with a new key.
      if (key) data.$pd = envelope(key, subject, PERSONAL_KIND, personal);
    }
    if (fiscal.length > 0) {
      const retainUntil = rule.fiscal!.retainUntil(event.data);
      const kind = fiscalKind(retainUntil);
      const key = await this.vault.keyFor(subject, kind, retainUntil);
      if (key) data.$fd = { ...envelope(key, subject, kind, fiscal), k: kind };
    }
    return { ...event, data };
  }

  /**
   * Opens a read's events. The keys they need and this process does not hold fresh are read from the
   * vault at once, 500 subjects a statement (a catch-up's batch of 2,000 events would otherwise ask for
   * its owners' keys one by one, and again for each event of an owner whose key is still being read).
   */
  async openAll<E extends StoredEvent>(events: E[], view: 'personal' | 'fiscal'): Promise<E[]> {
    const stale = new Map<string, { subject: string; kind: string }>();
    for (const event of events)
      for (const key of keysOf(event, view))
        if (!this.fresh(key.subject, key.kind)) stale.set(`${key.subject}|${key.kind}`, key);
    const rows = new Map<string, KeyState>();
    for (const subjects of chunks([...new Set([...stale.values()].map((key) => key.subject))]))
      for (const row of await this.vault.statesOf(subjects)) rows.set(`${row.subject}|${row.kind}`, row);
    // Each key read here once, remembered once; a subject with no key of a kind has none (as `state` says).
    const read = new Map<string, KeyState>();
    for (const [id, { subject, kind }] of stale) {
      const state = rows.get(id) ?? { key: null, erased: false };
      this.remember(subject, kind, state);
      read.set(id, state);
    }
    return Promise.all(
      events.map((event) => this.open(event, view, (subject, kind) => read.get(`${subject}|${kind}`))),
    );
  }

  /** `known`: a key's state just read for the whole read, else the cache's (or the vault's) answer. */
  async open<E extends StoredEvent>(
    event: E,
    view: 'personal' | 'fiscal',
    known: (subject: string, kind: string) => KeyState | undefined = () => undefined,
  ): Promise<E> {
    const data = event.data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object' || (data.$pd === undefined && data.$fd === undefined)) return event;
    const memo = this.opened.get(event)?.[view];
    if (memo && memo.until > Date.now()) return memo.event as E;
    const { $pd, $fd, ...rest } = data as { $pd?: Envelope; $fd?: Envelope };
    // A copy of the objects on the leaves' paths only: the rest is shared with the stored event, read-only
    // as every event read from the store is (a deep copy of each sealed event was a tenth of a rebuild's CPU).
    const opened = rest as Record<string, unknown>;
    const copied = new Set<object>([opened]);
    const state = async (subject: string, kind: string) =>
      known(subject, kind) ?? (await this.cachedKey(subject, kind));
    if ($pd) {
      const { key } = await state($pd.s, PERSONAL_KIND);
      if (key) putLeaves(opened, unseal(key, $pd.s, PERSONAL_KIND, $pd.c), copied);
    }
    if ($fd?.k) {
      const hidden = view === 'personal' && (await state($fd.s, PERSONAL_KIND)).erased;
      const { key } = hidden ? { key: null } : await state($fd.s, $fd.k);
      if (key) putLeaves(opened, unseal(key, $fd.s, $fd.k, $fd.c), copied);
    }
    const result = { ...event, data: opened };
    // Kept as long as every key it was opened with is cached (and so would open it the same way).
    const used = [
      $pd && `${$pd.s}|${PERSONAL_KIND}`,
      $fd?.k && `${$fd.s}|${PERSONAL_KIND}`,
      $fd?.k && `${$fd.s}|${$fd.k}`,
    ];
    const until = Math.min(...used.map((id) => (id ? (this.keys.get(id)?.until ?? 0) : Infinity)));
    if (until > Date.now())
      this.opened.set(event, { ...this.opened.get(event), [view]: { event: result, until } });
    return result;
  }

  private fresh(subject: string, kind: string): boolean {
    const cached = this.keys.get(`${subject}|${kind}`);
    return cached !== undefined && cached.until > Date.now();
  }

  private async keyFor(subject: string, kind: string): Promise<Buffer | null> {
    const cached = this.keys.get(`${subject}|${kind}`);
    if (cached && cached.until > Date.now() && (cached.key || cached.erased)) return cached.key;
    const key = await this.vault.keyFor(subject, kind);
    this.remember(subject, kind, { key, erased: key === null });
    return key;
  }

  private async cachedKey(subject: string, kind: string): Promise<{ key: Buffer | null; erased: boolean }> {
    const cached = this.keys.get(`${subject}|${kind}`);
    if (cached && cached.until > Date.now()) return cached;
    const state = await this.vault.state(subject, kind);
    this.remember(subject, kind, state);
    return state;
  }

  private remember(subject: string, kind: string, state: { key: Buffer | null; erased: boolean }): void {
    if (this.keys.size >= MAX_CACHED) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(`${subject}|${kind}`, { ...state, until: Date.now() + this.ttl });
  }

  private ownerIn(batch: NewEvent[]): string | undefined {
    for (const event of batch) {
      const owner = this.options.policy[event.type]?.subject?.(event.data);
      if (owner) return owner;
    }
    return undefined;
  }

  /** The owner of a stream: the subject its first event names. */
  private async ownerOf(store: EventStore, streamId: string): Promise<string | undefined> {
    const known = this.owners.get(streamId);
    if (known) return known;
    const [first] = await store.readStream(streamId, 0, 1);
    const owner = first && this.options.policy[first.type]?.subject?.(first.data);
    if (owner) {
      if (this.owners.size >= MAX_CACHED) this.owners.delete(this.owners.keys().next().value!);
      this.owners.set(streamId, owner);
    }
    return owner;
  }
}

class ProtectedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly protection: PersonalDataProtection,
    private readonly mode: 'personal' | 'fiscal',
  ) {}

  async append(
    streamId: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const name = await this.protection.streamName(streamId);
    const sealed = await Promise.all(
      events.map((event) => this.protection.seal(this.inner, name, event, events)),
    );
    return this.inner.append(name, sealed, expectedRevision);
  }

  async readStream(streamId: string, fromRevision?: number, maxCount?: number): Promise<StoredEvent[]> {
    const name = await this.protection.streamName(streamId);
    let events = await this.inner.readStream(name, fromRevision, maxCount);
    // A log from before the names were hashed: its claim is still honoured under its old name.
    if (events.length === 0 && name !== streamId)
      events = await this.inner.readStream(streamId, fromRevision, maxCount);
    return this.openAll(events);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    return this.openAll(await this.inner.readAll(fromPosition, limit));
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll({
      ...options,
      onEvents: async (events) => options.onEvents(await this.openAll(events)),
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private openAll(events: StoredEvent[]): Promise<StoredEvent[]> {
    return this.protection.openAll(events, this.mode);
  }
}

function envelope(key: Buffer, subject: string, kind: string, leaves: Leaf[]): Envelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${subject}|${kind}`));
  const body = Buffer.concat([
    cipher.update(JSON.stringify(leaves.map((l) => [l.at, l.value]))),
    cipher.final(),
  ]);
  return { s: subject, c: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
}

function unseal(key: Buffer, subject: string, kind: string, sealed: string): Leaf[] {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(`${subject}|${kind}`));
  decipher.setAuthTag(bytes.subarray(12, 28));
  const json = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  return (JSON.parse(json) as [(string | number)[], string][]).map(([at, value]) => ({ at, value }));
}

/** Every non-empty string under the paths, each replaced by ERASED in `data`. */
function takeLeaves(data: Record<string, unknown>, paths: DataPath[]): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (holder: Record<string | number, unknown>, key: string | number, at: (string | number)[]) => {
    const value = holder[key];
    if (typeof value === 'string') {
      if (value !== '' && value !== ERASED) {
        leaves.push({ at, value });
        holder[key] = ERASED;
      }
    } else if (Array.isArray(value)) value.forEach((_v, i) => visit(value as never, i, [...at, i]));
    else if (value && typeof value === 'object')
      for (const k of Object.keys(value)) visit(value as never, k, [...at, k]);
  };
  for (const path of paths) {
    const walk = (holder: unknown, parts: string[], at: (string | number)[]) => {
      if (!holder || typeof holder !== 'object') return;
      const [part, ...more] = parts;
      const keys: (string | number)[] =
        part === '*' ? (Array.isArray(holder) ? holder.map((_v, i) => i) : []) : [part];
      for (const key of keys) {
        if (!(key in holder)) continue;
        if (more.length === 0) visit(holder as never, key, [...at, key]);
        else walk((holder as never)[key], more, [...at, key]);
      }
    };
    walk(data, path.split('.'), []);
  }
  return leaves;
}

/**
 * Puts the leaves back in `data`, copying each object or array on their paths once (`copied`: those already
 * copies, `data` among them), so that what `data` shares with a stored event is never written.
 */
function putLeaves(data: Record<string, unknown>, leaves: Leaf[], copied: Set<object>): void {
  for (const { at, value } of leaves) {
    let holder: Record<string | number, unknown> = data;
    for (const key of at.slice(0, -1)) {
      let next = holder[key] as Record<string | number, unknown>;
      if (!copied.has(next)) {
        next = (Array.isArray(next) ? [...next] : { ...next }) as never;
        holder[key] = next;
        copied.add(next);
      }
      holder = next;
    }
    holder[at.at(-1)!] = value;
  }
}

export const PERSONAL_DATA = Symbol('PERSONAL_DATA');
/** The event store read as the invoices' documents must be: fiscal records of erased people readable until their retention ends. */
export const FISCAL_EVENT_STORE = Symbol('FISCAL_EVENT_STORE');
/** The store as the engine holds it, personal fields sealed: for `audit:verify`, the views and the tests that look at stored bytes. */
export const RAW_EVENT_STORE = Symbol('RAW_EVENT_STORE');
