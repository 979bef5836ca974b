import { describe, expect, it } from '@jest/globals';
import { projectionSpec } from '@app/platform/testing';
import { Deciders } from '../application/renewal-context';
import { History, testContext } from '../testing';
import { SchedulerAgendaProjection, schedulerMigrations } from './scheduler-agenda.projection';

const spec = projectionSpec(new SchedulerAgendaProjection(new Deciders(testContext)), {
  migrations: schedulerMigrations,
  tables: ['sched_services'],
});
const start = new Date('2026-11-25T10:00:00.000Z');
const expiresAt = '2027-03-01T10:00:00.000Z';

describe('scheduler-agenda projection', () => {
  it('keeps a service with the facts of its schedule and its next due time: the 90-day reminder', async () => {
    await spec.given(new History(start).activated('s1', { expiresAt }).events).thenRows({
      sched_services: [
        {
          service_id: 's1',
          expires_at: expiresAt,
          auto_renew: 0,
          auto_renew_since: null,
          auto_renewal_opened_for: null,
          reminded_days_before: null,
          expired: 0,
          deletion_warned: 0,
          open_order_id: null,
          open_order_status: null,
          open_order_pay_by: null,
          open_order_paid_at: null,
          next_due_at: '2026-12-01T10:00:00.000Z',
        },
      ],
    });
  });

  it('moves the next due time on once the reminder is recorded: 30 days before expiry', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt })
      .later(6)
      .service('s1', { type: 'RecordDueMilestones', data: { openOrder: null } });
    expect(history.events.map((e) => e.event.type)).toEqual(['ServiceActivated', 'ExpiryReminderDue']);
    await spec.given(history.events).thenCheck(({ sched_services }) => {
      expect(sched_services[0]).toMatchObject({
        reminded_days_before: 90,
        next_due_at: '2027-01-30T10:00:00.000Z',
      });
    });
  });

  it('follows the open order: confirmed with its pay-by date, then closed by the renewal it paid for', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
    const confirmation = history.events.find((e) => e.event.type === 'OrderConfirmed')!.event;
    await spec.given(history.events).thenCheck(({ sched_services }) => {
      expect(sched_services[0]).toMatchObject({
        open_order_id: 'o1',
        open_order_status: 'CONFIRMED',
        open_order_pay_by: (confirmation.data as { payBy: string }).payBy,
      });
    });
    history.later(1).paid('s1', 'o1', 'CRO-1');
    await spec.given(history.events).thenCheck(({ sched_services }) => {
      expect(sched_services[0]).toMatchObject({
        expires_at: '2028-03-01T10:00:00.000Z',
        open_order_id: null,
        open_order_status: null,
        reminded_days_before: null,
      });
    });
  });

  it('forgets a deleted service: nothing is due for it any more', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt })
      .later(200)
      .service('s1', { type: 'RecordDueMilestones', data: { openOrder: null } });
    expect(history.events.at(-1)?.event.type).toBe('ServiceDeleted');
    await spec.given(history.events).thenRows({ sched_services: [] });
  });
});
