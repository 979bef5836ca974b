import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { describeWhen, engines, freshSchema } from '@app/event-store/testing';
import { registerStream } from '../domain/invoice-register';
import { sampleDocument } from '../testing';
import { RegisterHeads, issueInvoice } from './issue-invoice';

const actor = { type: 'system' as const, id: 'invoicing' };
const at = new Date('2026-12-03T10:00:00Z');
const order = (i: number) => ({
  orderId: `order-${i}`,
  orderNumber: `2026-${String(i).padStart(6, '0')}`,
  customerId: 'c1',
  serviceId: 's1',
  document: sampleDocument,
});

function suite(engine: 'sqlite' | 'postgres') {
  /** Two stores on one log: on PostgreSQL two pools, as two processes would have. */
  let stores: EventStore[];
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    if (engine === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'invoices-'));
      const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 10 });
      stores = [store, store];
      cleanup = async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      };
    } else {
      const schema = await freshSchema('invoices');
      const open = () =>
        PostgresEventStore.open({ connectionString: engines.postgresUrl, schema: schema.schema });
      stores = [await open(), await open()];
      cleanup = async () => {
        for (const store of stores) await store.close();
        await schema.drop();
      };
    }
  });
  afterEach(() => cleanup());

  it('numbers 60 invoices issued at once from two processes 1 to 60, without a gap or a repeat', async () => {
    const issued = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        issueInvoice(stores[i % 2], { ...order(i), at, actor, correlationId: randomUUID() }),
      ),
    );
    expect(issued.map((invoice) => invoice.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    expect(new Set(issued.map((invoice) => invoice.orderId)).size).toBe(60);
    // The register holds exactly those invoices, each at the revision its number says.
    const register = await stores[0].readStream(registerStream(2026));
    expect(
      register.map((event) => [event.revision + 1, (event.data as { sequence: number }).sequence]),
    ).toEqual(register.map((_, i) => [i + 1, i + 1]));
    expect(register.map((event) => (event.data as { number: string }).number)).toContain('2026/60');
  }, 60_000);

  it('numbers from what each process last read of the register, and still invoices an order once', async () => {
    // Two processes, each with its own heads: they read only the register's tail, and lose rounds to each other.
    const heads = [new RegisterHeads(), new RegisterHeads()];
    const issue = (i: number, p: number) =>
      issueInvoice(stores[p], { ...order(i), at, actor, correlationId: randomUUID() }, heads[p]);
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => issue(i, i % 2)));
    const more = await Promise.all(Array.from({ length: 20 }, (_, i) => issue(20 + i, i % 2)));
    expect([...first, ...more].map((invoice) => invoice.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    // An order invoiced long ago, issued again by a process whose head is past it: the number it had.
    const again = await issue(3, 1);
    expect(again).toEqual(first[3]);
    expect(await stores[0].readStream(registerStream(2026))).toHaveLength(40);
  });

  it('invoices an order once, however many processes and retries issue it at once', async () => {
    const tries = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        issueInvoice(stores[i % 2], { ...order(7), at, actor, correlationId: randomUUID() }),
      ),
    );
    expect(new Set(tries.map((invoice) => invoice.number))).toEqual(new Set(['2026/1']));
    await issueInvoice(stores[0], { ...order(8), at, actor, correlationId: randomUUID() });
    expect(
      await issueInvoice(stores[1], { ...order(7), at, actor, correlationId: randomUUID() }),
    ).toMatchObject({
      number: '2026/1',
    });
    expect((await stores[0].readStream(registerStream(2026))).length).toBe(2);
  }, 60_000);

  it('starts a new year at 1, by Italian time (00:30 in Rome on 1 January is the new year)', async () => {
    await issueInvoice(stores[0], { ...order(1), at, actor, correlationId: randomUUID() });
    const newYear = await issueInvoice(stores[1], {
      ...order(2),
      at: new Date('2026-12-31T23:30:00Z'),
      actor,
      correlationId: randomUUID(),
    });
    expect(newYear).toMatchObject({ year: 2027, sequence: 1, number: '2027/1' });
  }, 60_000);
}

describeWhen('', 'invoice numbering [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'invoice numbering [postgres]', () => suite('postgres'));
