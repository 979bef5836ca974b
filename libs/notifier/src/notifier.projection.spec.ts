import { describe, expect, it } from '@jest/globals';
import { ERASED } from '@app/kernel';
import { accountStream } from '@app/platform';
import { inStream, projectionSpec } from '@app/platform/testing';
import { History, testContext } from '@app/renewals/testing';
import { NotifierProjection } from './notifier.projection';
import { notifierMigrations } from './notifier.tables';

const spec = projectionSpec(
  new NotifierProjection({ publicUrl: 'https://clienti.example.it' }, { context: testContext }),
  {
    migrations: notifierMigrations,
    tables: ['outbox', 'notifier_services', 'notifier_orders', 'notifier_customers'],
  },
);
const start = new Date('2026-11-25T10:00:00.000Z');

const outboxOf = (rows: Record<string, unknown>[]) =>
  rows.map(({ template, to_address, status, attempts }) => ({ template, to_address, status, attempts }));

describe('email notifier (a durable reactor)', () => {
  it('queues the order confirmation to the holder, once, with the order number and how to pay', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z', holderEmail: 'studio@example.it' })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
    await spec.given(history.events).thenCheck(({ outbox, notifier_orders }) => {
      expect(outboxOf(outbox)).toEqual([
        { template: 'ORDER_CONFIRMED', to_address: 'studio@example.it', status: 'PENDING', attempts: 0 },
      ]);
      const [email] = outbox;
      expect(email.subject).toContain('FE-2026-000001');
      expect(email.text_body).toContain('IT60X0542811101000000123456'); // the payee's IBAN, for a bank transfer
      expect(email.created_at).toBe(start.toISOString());
      expect(notifier_orders).toEqual([{ order_id: 'o1', service_id: 's1', order_number: 'FE-2026-000001' }]);
    });
  });

  it('queues the renewal completed email when the payment renews the service', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z', holderEmail: 'studio@example.it' })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001')
      .later(1)
      .paid('s1', 'o1', 'CRO-1');
    await spec.given(history.events).thenCheck(({ outbox }) => {
      expect(
        outboxOf(outbox)
          .map((row) => row.template)
          .sort(),
      ).toEqual(['ORDER_CONFIRMED', 'RENEWAL_COMPLETED']);
    });
  });

  it('greets the holder by name, links to the pay page and the order, and signs with the provider contacts', async () => {
    const account = inStream(accountStream('c1'), {
      type: 'AccountRegistered' as const,
      data: {
        accountId: 'c1',
        username: 'mario.rossi@example.it',
        role: 'customer' as const,
        displayName: 'Mario Rossi',
        email: 'mario.rossi@example.it',
        passwordHash: 'scrypt$x',
        registeredAt: start.toISOString(),
      },
    });
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z', holderEmail: 'studio@example.it' })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001', 'CREDIT_CARD');
    await spec.given([...account, ...history.events]).thenCheck(({ outbox, notifier_customers }) => {
      expect(notifier_customers).toEqual([{ customer_id: 'c1', name: 'Mario Rossi' }]);
      const [email] = outbox;
      const text = String(email.text_body);
      expect(text.startsWith('Gentile Mario Rossi,')).toBe(true);
      expect(text).toContain("Paga ora l'ordine FE-2026-000001: https://clienti.example.it/#/orders/o1/pay");
      expect(text).toContain("Vedi l'ordine: https://clienti.example.it/#/orders/o1");
      const { contacts } = testContext.payee;
      if (contacts) expect(text).toContain(contacts.email);
      expect(text).toContain('Ricevi questa email perché sei il titolare del servizio "FE Studio".');
      const html = String(email.html_body);
      expect(html).toContain('href="https://clienti.example.it/#/orders/o1/pay"');
      expect(html).toContain('Gentile Mario Rossi,');
    });
  });

  it('reminds with the days really left and a link straight to the renewal cart', async () => {
    const history = new History(start).activated('s1', {
      expiresAt: '2026-12-05T10:00:00.000Z',
      holderEmail: 'studio@example.it',
    });
    const reminder = inStream('service-s1', {
      type: 'ExpiryReminderDue' as const,
      data: {
        serviceId: 's1',
        expiresAt: '2026-12-05T10:00:00.000Z',
        daysBefore: 30,
        daysLeft: 10,
        dueAt: start.toISOString(),
      },
    });
    await spec.given([...history.events, ...reminder]).thenCheck(({ outbox }) => {
      const [email] = outbox;
      expect(email.subject).toBe('Promemoria: FE Studio scade tra 10 giorni');
      expect(String(email.text_body)).toContain('Gentile cliente,'); // no name known
      expect(String(email.text_body)).toContain(
        'Rinnova FE Studio: https://clienti.example.it/#/services/s1/renew',
      );
    });
  });

  it('erases its copies of an erased customer’s name and address and the emails decided for them: one not sent is never sent', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z', holderEmail: 'studio@example.it' })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
    const erased = inStream(accountStream('c1'), {
      type: 'PersonalDataErased' as const,
      data: { accountId: 'c1', reason: 'Richiesta', erasedAt: start.toISOString() },
    });
    await spec.given([...history.events, ...erased]).thenCheck(({ outbox, notifier_services }) => {
      expect(outboxOf(outbox)).toEqual([
        { template: 'ORDER_CONFIRMED', to_address: ERASED, status: 'ERASED', attempts: 0 },
      ]);
      expect([outbox[0].subject, outbox[0].text_body, outbox[0].html_body]).toEqual([ERASED, ERASED, ERASED]);
      expect(notifier_services).toEqual([expect.objectContaining({ name: ERASED, holder_email: ERASED })]);
    });
  });

  it('writes nothing for a service it never saw activated (no address to write to)', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z' })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
    const withoutActivation = history.events.filter((e) => e.event.type !== 'ServiceActivated');
    await spec.given(withoutActivation).thenRows({ outbox: [], notifier_services: [] });
  });
});
