import { expect, it } from '@jest/globals';
import { Kysely } from 'kysely';
import { describeWhen, engines } from '@app/event-store/testing';
import { AppConfig, Leadership, Metrics, Projections, migrateToLatest } from '@app/platform';
import { specEnginePerTest } from '@app/platform/testing';
import { ERASED } from '@app/kernel';
import { OutboxSender } from './outbox-sender';
import { MailTransport, OutgoingEmail } from './mail-transport';
import { NotifierTables, notifierMigrations } from './notifier.tables';

type Row = NotifierTables['outbox'];

/** Records what it sends; `onSend` may fail a send or change the outbox meanwhile (as an erasure would). */
class RecordingTransport implements MailTransport {
  readonly description = 'recording';
  readonly sent: OutgoingEmail[] = [];
  onSend: (email: OutgoingEmail) => Promise<void> = async () => undefined;
  async send(email: OutgoingEmail): Promise<void> {
    await this.onSend(email);
    this.sent.push(email);
  }
  async close(): Promise<void> {}
}

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function pending(n: number, changes: Partial<Row> = {}): Row {
  return {
    id: `email-${String(n).padStart(3, '0')}`,
    event_id: `event-${n}`,
    template: 'ORDER_CONFIRMED',
    to_address: `customer${n}@example.it`,
    subject: `Conferma ordine n. FE-2026-${String(n).padStart(6, '0')}`,
    text_body: 'Gentile cliente, ...',
    html_body: '<p>Gentile cliente, ...</p>',
    // Decided one second apart, in order: the sender sends the oldest first.
    created_at: new Date(Date.parse('2026-12-01T10:00:00.000Z') + n * 1000).toISOString(),
    status: 'PENDING',
    attempts: 0,
    next_attempt_at: minutesFromNow(-1),
    last_error: null,
    sent_at: null,
    ...changes,
  };
}

function suite(engine: 'sqlite' | 'postgres') {
  const spec = specEnginePerTest(engine, 'outbox', ({ db }) =>
    migrateToLatest(db, notifierMigrations, undefined, 'notifier_migrations'),
  );
  const outbox = () => (spec.current.db as unknown as Kysely<NotifierTables>).withTables<NotifierTables>();

  /** A sender on the spec's database; `drain` sends what is due (the lease and its timer are not used). */
  function sender(transport: MailTransport): OutboxSender {
    return new OutboxSender(
      outbox() as never,
      transport,
      {} as Projections,
      { role: 'api' } as AppConfig,
      {} as Leadership,
      { gauge: () => undefined } as unknown as Metrics,
    );
  }
  const rows = async () => await outbox().selectFrom('outbox').selectAll().orderBy('id').execute();
  const row = async (id: string) =>
    await outbox().selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends every due email once, the oldest first, over several batches, and marks each sent', async () => {
    const due = Array.from({ length: 45 }, (_, i) => pending(45 - i)); // inserted newest first
    await outbox()
      .insertInto('outbox')
      .values([
        ...due,
        pending(100, { next_attempt_at: minutesFromNow(10) }), // a retry not due yet
        pending(101, { status: 'FAILED', attempts: 10 }),
        pending(102, { status: 'ERASED', to_address: ERASED }),
        pending(103, { status: 'SENT', attempts: 1 }),
      ])
      .execute();
    const transport = new RecordingTransport();
    const before = new Date().toISOString();
    await sender(transport).drain();

    expect(transport.sent.map((email) => email.id)).toEqual(
      Array.from({ length: 45 }, (_, i) => pending(i + 1).id),
    );
    expect(transport.sent[0]).toEqual({
      id: 'email-001',
      to: 'customer1@example.it',
      subject: 'Conferma ordine n. FE-2026-000001',
      text: 'Gentile cliente, ...',
      html: '<p>Gentile cliente, ...</p>',
    });
    const after = await rows();
    for (const email of after.slice(0, 45)) {
      expect(email).toMatchObject({ status: 'SENT', attempts: 1, last_error: null });
      expect(email.sent_at! >= before).toBe(true);
    }
    expect(after.slice(45).map(({ status, attempts }) => ({ status, attempts }))).toEqual([
      { status: 'PENDING', attempts: 0 },
      { status: 'FAILED', attempts: 10 },
      { status: 'ERASED', attempts: 0 },
      { status: 'SENT', attempts: 1 },
    ]);

    await sender(transport).drain();
    expect(transport.sent).toHaveLength(45);
  });

  it('retries a failed send later, with backoff, without holding back the rest of its batch; after ten attempts it gives up', async () => {
    await outbox()
      .insertInto('outbox')
      .values([pending(1), pending(2), pending(3)])
      .execute();
    const transport = new RecordingTransport();
    transport.onSend = async (email) => {
      if (email.id === 'email-002') throw new Error('451 try again later');
    };
    const before = Date.now();
    await sender(transport).drain();

    expect(transport.sent.map((email) => email.id)).toEqual(['email-001', 'email-003']);
    const failed = await row('email-002');
    expect(failed).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      last_error: '451 try again later',
      sent_at: null,
    });
    // The first retry 5 s later, then twice as long each time.
    const wait = Date.parse(failed.next_attempt_at) - before;
    expect(wait).toBeGreaterThanOrEqual(5_000);
    expect(wait).toBeLessThan(15_000);
    expect((await row('email-001')).status).toBe('SENT');
    expect((await row('email-003')).status).toBe('SENT');

    await outbox()
      .updateTable('outbox')
      .set({ attempts: 9, next_attempt_at: minutesFromNow(-1) })
      .where('id', '=', 'email-002')
      .execute();
    await sender(transport).drain();
    expect(await row('email-002')).toMatchObject({ status: 'FAILED', attempts: 10 });
    await sender(transport).drain();
    expect(transport.sent).toHaveLength(2);
  });

  it('an email erased while it is being sent stays erased: neither marked sent nor, if the send fails, sent again', async () => {
    await outbox()
      .insertInto('outbox')
      .values([pending(1), pending(2), pending(3)])
      .execute();
    const transport = new RecordingTransport();
    // The erasure (the notifier projection, maybe in another process) lands while 1 and 2 are on their way;
    // 2's send then fails. 3 is erased before its turn.
    const erase = (id: string) =>
      outbox()
        .updateTable('outbox')
        .set({ status: 'ERASED', to_address: ERASED, subject: ERASED, text_body: ERASED, html_body: ERASED })
        .where('id', '=', id)
        .where('status', '!=', 'SENT')
        .execute();
    transport.onSend = async (email) => {
      if (email.id === 'email-001') {
        await erase('email-001');
        await erase('email-003');
      }
      if (email.id === 'email-002') {
        await erase('email-002');
        throw new Error('connection reset');
      }
    };
    await sender(transport).drain();
    await outbox()
      .updateTable('outbox')
      .set({ next_attempt_at: minutesFromNow(-1) })
      .execute();
    await sender(transport).drain();

    expect(transport.sent.map((email) => email.to)).not.toContain(ERASED);
    expect(transport.sent.map((email) => email.id)).not.toContain('email-003');
    for (const id of ['email-001', 'email-002', 'email-003'])
      expect(await row(id)).toMatchObject({ status: 'ERASED', to_address: ERASED, sent_at: null });
  });
}

describeWhen('', 'outbox sender [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'outbox sender [postgres]', () => suite('postgres'));
