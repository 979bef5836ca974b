import { describe, expect, it } from '@jest/globals';
import { projectionSpec } from '@app/platform/testing';
import { History } from '@app/renewals/testing';
import { NotifierProjection } from './notifier.projection';
import { notifierMigrations } from './notifier.tables';

const spec = projectionSpec(new NotifierProjection(), {
  migrations: notifierMigrations,
  tables: ['outbox', 'notifier_services', 'notifier_orders'],
});
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

  it('writes nothing for a service it never saw activated (no address to write to)', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z' })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
    const withoutActivation = history.events.filter((e) => e.event.type !== 'ServiceActivated');
    await spec.given(withoutActivation).thenRows({ outbox: [], notifier_services: [] });
  });
});
