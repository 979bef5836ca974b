import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { describeWhen, engines, freshSchema } from '@app/event-store/testing';
import { invoiceNumber, registerStream } from '../domain/invoice-register';
import { sampleDocument } from '../testing';
import { RegisterHeads, invoiceIdOf, issueInvoice } from './issue-invoice';

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

  it("reads a year's register a page at a time, and finds an order invoiced on any page", async () => {
    // 1,200 invoices already in the register, as after a busy year (stored in blocks, for speed).
    const store = stores[0];
    for (let from = 0; from < 1_200; from += 100)
      await store.append(
        registerStream(2026),
        Array.from({ length: 100 }, (_, k) => {
          const i = from + k;
          const invoiceId = invoiceIdOf(`order-${i}`);
          return {
            id: invoiceId,
            type: 'InvoiceIssued',
            data: {
              invoiceId,
              year: 2026,
              sequence: i + 1,
              number: invoiceNumber(2026, i + 1),
              date: '2026-12-03',
              ...order(i),
              issuedAt: at.toISOString(),
            },
            metadata: { correlationId: 'seed', causationId: null, commandId: invoiceId, actor },
          };
        }),
        from === 0 ? 'no_stream' : from - 1,
      );
    const reads = jest.spyOn(store, 'readStream');
    // A process that has not read the register yet (a restart): an order of the second page has its number.
    const again = await issueInvoice(store, { ...order(700), at, actor, correlationId: randomUUID() });
    expect(again).toMatchObject({ sequence: 701, number: '2026/701' });
    const next = await issueInvoice(store, { ...order(5_000), at, actor, correlationId: randomUUID() });
    expect(next).toMatchObject({ sequence: 1_201, number: '2026/1201' });
    // Never the whole register at once.
    expect(reads.mock.calls.length).toBeGreaterThan(2);
    for (const [, , maxCount] of reads.mock.calls) expect(maxCount).toBeLessThanOrEqual(500);
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
