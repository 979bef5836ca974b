import { describe, expect, it } from '@jest/globals';
import { specFor } from '../../testing/decider-spec';
import { DEFAULT_POLICY } from '../shared/policy';
import { testDocuments } from '../../testing/fixtures';
import { fold } from '@app/kernel';
import { ServiceCommand, serviceAction, serviceDecider } from './service.decider';
import { ServiceEvent } from './service.events';

const decider = serviceDecider(DEFAULT_POLICY, testDocuments);
const spec = specFor(decider);
const now = new Date('2026-11-25T10:00:00.000Z');

const activated = (
  overrides: Partial<Extract<ServiceEvent, { type: 'ServiceActivated' }>['data']> = {},
): ServiceEvent => ({
  type: 'ServiceActivated',
  data: {
    serviceId: 's1',
    customerId: 'c1',
    name: 'FE Rossi',
    holderEmail: 'rossi@example.it',
    productCode: 'STD',
    promotional: false,
    activatedAt: '2025-12-10T00:00:00.000Z',
    expiresAt: '2026-12-10T00:00:00.000Z',
    storagePacks: 1,
    extraUsers: 2,
    usersInUse: 3,
    nso: false,
    autoRenew: false,
    ...overrides,
  },
});
const opened = (orderId: string, kind: 'RENEW' | 'REACTIVATE' = 'RENEW'): ServiceEvent => ({
  type: 'RenewalOrderOpened',
  data: { serviceId: 's1', orderId, kind, openedAt: now.toISOString(), origin: 'CUSTOMER' },
});

describe('service decider', () => {
  describe('opening a renewal order', () => {
    it('opens a RENEW order for an active service with auto-renew off', () => {
      spec
        .given([activated()])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .then([opened('o1')]);
    });

    it('opens a REACTIVATE order within the grace period after expiry', () => {
      spec
        .given([activated({ expiresAt: '2026-10-01T00:00:00.000Z' })])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .then([opened('o1', 'REACTIVATE')]);
    });

    it('refuses when auto-renew is on', () => {
      spec
        .given([activated({ autoRenew: true })])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .thenThrows('AUTO_RENEW_ACTIVE');
    });

    it('refuses past the grace period (90 days after expiry, boundary included)', () => {
      spec
        .given([activated({ expiresAt: '2026-08-27T09:00:00.000Z' })]) // 90 days before now in Rome (11:00 CEST, then 11:00 CET)
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .thenThrows('SERVICE_PAST_GRACE_PERIOD');
      spec
        .given([activated({ expiresAt: '2026-08-27T09:00:00.001Z' })]) // one millisecond inside the grace
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .then([opened('o1', 'REACTIVATE')]);
    });

    it('refuses a second order while one is confirmed and awaiting payment', () => {
      spec
        .given([activated(), opened('o1')])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o2', now, openOrderStatus: 'CONFIRMED' } })
        .thenThrows('ORDER_AWAITING_PAYMENT');
    });

    it('resumes the open cart instead of opening another', () => {
      spec
        .given([activated(), opened('o1')])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o2', now, openOrderStatus: 'CHECKOUT' } })
        .then([]);
    });

    it('is idempotent for the same order id', () => {
      spec
        .given([activated(), opened('o1')])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: 'MISSING' } })
        .then([]);
    });

    it('releases a cancelled order it had not heard of yet, then opens the new one', () => {
      spec
        .given([activated(), opened('o1')])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o2', now, openOrderStatus: 'CANCELLED' } })
        .then([
          {
            type: 'RenewalOrderReleased',
            data: { serviceId: 's1', orderId: 'o1', reason: 'CANCELLED', releasedAt: now.toISOString() },
          },
          opened('o2'),
        ]);
    });

    it('reports a paid order being completed as a conflict', () => {
      spec
        .given([activated(), opened('o1')])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o2', now, openOrderStatus: 'PAID' } })
        .thenThrows('RENEWAL_BEING_COMPLETED');
    });

    it('refuses an unknown service', () => {
      spec
        .given([])
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .thenThrows('SERVICE_NOT_FOUND');
    });
  });

  describe('renewing on payment', () => {
    const items = { storagePacks: 3, extraUsers: 2, nso: true };
    const renew = {
      type: 'RenewService' as const,
      data: { orderId: 'o1', orderNumber: 'FE-2026-000001', years: 2, items, autoRenew: false, now },
    };

    it('extends the expiry by the years from the old expiry and applies the add-ons', () => {
      spec
        .given([activated(), opened('o1')])
        .when(renew)
        .then([
          {
            type: 'ServiceRenewed',
            data: {
              serviceId: 's1',
              orderId: 'o1',
              orderNumber: 'FE-2026-000001',
              years: 2,
              previousExpiresAt: '2026-12-10T00:00:00.000Z',
              expiresAt: '2028-12-10T00:00:00.000Z',
              ...items,
              autoRenew: false,
              renewedAt: now.toISOString(),
            },
          },
        ]);
    });

    it('reactivates an expired service from its old expiry, not from today', () => {
      spec
        .given([activated({ expiresAt: '2026-10-01T00:00:00.000Z' }), opened('o1', 'REACTIVATE')])
        .when(renew)
        .thenEmits((events) => {
          expect(events).toHaveLength(1);
          expect(events[0].type).toBe('ServiceReactivated');
          expect((events[0].data as { expiresAt: string }).expiresAt).toBe('2028-10-01T00:00:00.000Z');
        });
    });

    it('renews once per order', () => {
      const renewed: ServiceEvent = {
        type: 'ServiceRenewed',
        data: {
          serviceId: 's1',
          orderId: 'o1',
          orderNumber: 'n',
          years: 2,
          previousExpiresAt: '',
          expiresAt: '2028-12-10T00:00:00.000Z',
          ...items,
          autoRenew: false,
          renewedAt: '',
        },
      };
      spec
        .given([activated(), opened('o1'), renewed])
        .when(renew)
        .then([]);
    });

    it('refuses to renew a service past its grace period', () => {
      spec
        .given([activated({ expiresAt: '2026-01-01T00:00:00.000Z' })])
        .when(renew)
        .thenThrows('SERVICE_PAST_GRACE_PERIOD');
    });
  });

  describe('releasing an order', () => {
    it('releases the open order when it is cancelled', () => {
      spec
        .given([activated(), opened('o1')])
        .when({ type: 'ReleaseRenewalOrder', data: { orderId: 'o1', reason: 'CANCELLED', now } })
        .then([
          {
            type: 'RenewalOrderReleased',
            data: { serviceId: 's1', orderId: 'o1', reason: 'CANCELLED', releasedAt: now.toISOString() },
          },
        ]);
    });

    it('ignores an order that is not the open one', () => {
      spec
        .given([activated(), opened('o2')])
        .when({ type: 'ReleaseRenewalOrder', data: { orderId: 'o1', reason: 'CANCELLED', now } })
        .then([]);
    });
  });

  describe('milestones on the clock (scheduler)', () => {
    // Expires 2026-12-10T00:00Z (01:00 in Rome). Counted on Rome's calendar: the 90-day reminder is due at
    // 01:00 on 11 September in Rome (summer time: 2026-09-10T23:00Z), the 30-day one at 2026-11-10T00:00Z,
    // the 7-day one at 2026-12-03T00:00Z; the grace ends 2027-03-10T00:00Z, the deletion warning 2027-02-23.
    const due = (
      when: string,
      openOrder: Extract<ServiceCommand, { type: 'RecordDueMilestones' }>['data']['openOrder'] = null,
    ): ServiceCommand => ({
      type: 'RecordDueMilestones',
      data: { openOrder, now: new Date(when) },
    });
    const recorded = (events: ServiceEvent[], when: string) =>
      events.concat(decider.decide(due(when), fold(decider, events)));
    const types = (events: ServiceEvent[]) =>
      events.map((event) => {
        const data = event.data as {
          daysBefore?: number;
          daysLeft?: number;
          overtakenBy?: string;
          notify?: boolean;
        };
        return [event.type, data.daysBefore ?? data.notify, data.daysLeft ?? data.overtakenBy];
      });

    it('reminds 90 days before expiry on the calendar in Rome, to the millisecond, once', () => {
      spec.given([activated()]).when(due('2026-09-10T22:59:59.999Z')).then([]);
      spec
        .given([activated()])
        .when(due('2026-09-10T23:00:00.000Z'))
        .then([
          {
            type: 'ExpiryReminderDue',
            data: {
              serviceId: 's1',
              expiresAt: '2026-12-10T00:00:00.000Z',
              daysBefore: 90,
              dueAt: '2026-09-10T23:00:00.000Z',
              daysLeft: 90,
            },
          },
        ]);
      spec
        .given(recorded([activated()], '2026-09-11T00:00:00.000Z'))
        .when(due('2026-10-01T00:00:00.000Z'))
        .then([]);
    });

    it('states the days really left when it is recorded late: 60, not 90', () => {
      spec
        .given([activated()])
        .when(due('2026-10-11T09:00:00.000Z'))
        .thenEmits((events) => expect(types(events)).toEqual([['ExpiryReminderDue', 90, 60]]));
    });

    it('records an overtaken reminder as skipped, and sends only the nearest one with its real days', () => {
      const after90 = recorded([activated()], '2026-09-11T00:00:00.000Z');
      spec
        .given(after90)
        .when(due('2026-11-10T00:00:00.000Z'))
        .thenEmits((events) => expect(types(events)).toEqual([['ExpiryReminderDue', 30, 30]]));
      spec
        .given([activated()])
        .when(due('2026-11-20T00:00:00.000Z'))
        .thenEmits((events) =>
          expect(types(events)).toEqual([
            ['ExpiryReminderSkipped', 90, 'REMINDER'],
            ['ExpiryReminderDue', 30, 20],
          ]),
        );
      const after30 = recorded(after90, '2026-11-10T00:00:00.000Z');
      spec
        .given(after30)
        .when(due('2026-12-03T00:00:00.000Z'))
        .thenEmits((events) => expect(types(events)).toEqual([['ExpiryReminderDue', 7, 7]]));
    });

    it('records the expiry on the day, warns 15 days before the grace end, deletes at the grace end', () => {
      const reminded = recorded([activated()], '2026-12-09T00:00:00.000Z');
      spec
        .given(reminded)
        .when(due('2026-12-10T00:00:00.000Z'))
        .thenEmits((events) => expect(types(events)).toEqual([['ServiceExpired', true, undefined]]));
      const expired = recorded(reminded, '2026-12-10T00:00:00.000Z');
      spec.given(expired).when(due('2027-02-22T23:59:59.999Z')).then([]);
      spec
        .given(expired)
        .when(due('2027-02-23T00:00:00.000Z'))
        .thenEmits((events) =>
          expect(types(events)).toEqual([['ServiceDeletionWarningDue', undefined, undefined]]),
        );
      const warned = recorded(expired, '2027-02-23T00:00:00.000Z');
      spec
        .given(warned)
        .when(due('2027-03-10T00:00:00.000Z'))
        .then([
          {
            type: 'ServiceDeleted',
            data: {
              serviceId: 's1',
              expiresAt: '2026-12-10T00:00:00.000Z',
              deletedAt: '2027-03-10T00:00:00.000Z',
            },
          },
        ]);
      spec.given(recorded(warned, '2027-03-10T00:00:00.000Z')).when(due('2027-06-01T00:00:00.000Z')).then([]);
    });

    it('sends nothing untrue after a long downtime: every notice a later milestone overtook is skipped', () => {
      // First run a month after the grace end: the service is deleted, and no notice says "renew" or "reactivate".
      spec
        .given([activated()])
        .when(due('2027-04-10T00:00:00.000Z'))
        .thenEmits((events) =>
          expect(types(events)).toEqual([
            ['ExpiryReminderSkipped', 90, 'REMINDER'],
            ['ExpiryReminderSkipped', 30, 'REMINDER'],
            ['ExpiryReminderSkipped', 7, 'EXPIRY'],
            ['ServiceExpired', false, 'DELETION_WARNING'],
            ['ServiceDeletionWarningSkipped', undefined, 'DELETION'],
            ['ServiceDeleted', undefined, undefined],
          ]),
        );
      // Back 20 days after the expiry: the expiry notice is still true (reactivate until the grace end).
      spec
        .given(recorded([activated()], '2026-12-09T00:00:00.000Z'))
        .when(due('2026-12-30T00:00:00.000Z'))
        .thenEmits((events) => expect(types(events)).toEqual([['ServiceExpired', true, undefined]]));
    });

    it('stops before another due action: a charge, a renewal or an unpaid order comes first', () => {
      const autoRenew: ServiceEvent = {
        type: 'AutoRenewSwitchedOn',
        data: {
          serviceId: 's1',
          payment: { method: 'CREDIT_CARD', paymentToken: 'tok', label: 'Visa' },
          years: 1,
          consents: [],
          switchedAt: '2026-01-01T00:00:00.000Z',
        },
      };
      const reminded = recorded([activated(), autoRenew], '2026-11-10T00:00:00.000Z');
      // The 7-day reminder and the charge fall at the same time: the charge makes the reminder stale, and runs next.
      spec
        .given(reminded)
        .when(due('2026-12-20T00:00:00.000Z'))
        .thenEmits((events) =>
          expect(types(events)).toEqual([['ExpiryReminderSkipped', 7, 'AUTO_RENEW_CHARGE']]),
        );
      // Paid before the 7-day reminder came due: the renewal runs first, and the reminder is never owed.
      const paid = { status: 'PAID' as const, payBy: null, paidAt: new Date('2026-12-01T00:00:00.000Z') };
      spec
        .given(recorded([activated()], '2026-11-10T00:00:00.000Z').concat(opened('o1')))
        .when(due('2026-12-20T00:00:00.000Z', paid))
        .then([]);
    });

    it('starts the milestones afresh after a renewal', () => {
      const reminded = recorded(
        recorded([activated()], '2026-09-11T00:00:00.000Z'),
        '2026-11-10T00:00:00.000Z',
      );
      const renewed = reminded.concat(
        decider.decide(
          {
            type: 'RenewService',
            data: {
              orderId: 'o9',
              orderNumber: 'n',
              years: 1,
              items: { storagePacks: 1, extraUsers: 2, nso: false },
              autoRenew: false,
              now,
            },
          },
          fold(decider, reminded),
        ),
      );
      spec
        .given(renewed)
        .when(due('2027-09-11T00:00:00.000Z'))
        .thenEmits((events) => expect(types(events)).toEqual([['ExpiryReminderDue', 90, 90]]));
    });
  });

  describe('auto-renew', () => {
    const card = { method: 'CREDIT_CARD' as const, paymentToken: 'tok_1', label: 'Visa •••• 4242' };
    const consents = { GENERAL_TERMS: 'GT-3', ONEROUS_CLAUSES: 'OC-3', PRIVACY_NOTICE: 'PN-2' };
    const switchOn = (
      overrides: Partial<Extract<ServiceCommand, { type: 'SwitchAutoRenewOn' }>['data']> = {},
    ): ServiceCommand => ({
      type: 'SwitchAutoRenewOn',
      data: { payment: card, years: 2, consents, openOrderStatus: null, now, ...overrides },
    });
    const switchedOn: ServiceEvent = {
      type: 'AutoRenewSwitchedOn',
      data: {
        serviceId: 's1',
        payment: card,
        years: 2,
        consents: [
          { type: 'GENERAL_TERMS', documentVersion: 'GT-3', acceptedAt: now.toISOString() },
          { type: 'ONEROUS_CLAUSES', documentVersion: 'OC-3', acceptedAt: now.toISOString() },
          { type: 'PRIVACY_NOTICE', documentVersion: 'PN-2', acceptedAt: now.toISOString() },
        ],
        switchedAt: now.toISOString(),
      },
    };

    it('switches on with a card, a term and the consents (tacit renewal among the onerous clauses)', () => {
      spec.given([activated()]).when(switchOn()).then([switchedOn]);
    });

    it('switching on again with the same card and term records nothing', () => {
      spec.given([activated(), switchedOn]).when(switchOn()).then([]);
    });

    it('refuses a method other than card or PayPal', () => {
      spec
        .given([activated()])
        .when(switchOn({ payment: { ...card, method: 'BANK_TRANSFER' as never } }))
        .thenThrows('AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL', 'method');
    });

    it('refuses without the onerous clauses (the tacit-renewal clause), naming the consent', () => {
      spec
        .given([activated()])
        .when(switchOn({ consents: { ...consents, ONEROUS_CLAUSES: undefined } }))
        .thenThrows('CONSENT_REQUIRED', 'consents.ONEROUS_CLAUSES');
    });

    it('refuses a term above 2 years for a promotional product, and above 10 otherwise', () => {
      spec
        .given([activated({ promotional: true, productCode: 'PROMO' })])
        .when(switchOn({ years: 3 }))
        .thenThrows('TERM_OUT_OF_RANGE', 'years');
      spec
        .given([activated()])
        .when(switchOn({ years: 11 }))
        .thenThrows('TERM_OUT_OF_RANGE', 'years');
    });

    it('refuses while a renewal order is open or awaiting payment', () => {
      spec
        .given([activated(), opened('o1')])
        .when(switchOn({ openOrderStatus: 'CART' }))
        .thenThrows('RENEWAL_ORDER_OPEN');
      spec
        .given([activated(), opened('o1')])
        .when(switchOn({ openOrderStatus: 'CONFIRMED' }))
        .thenThrows('ORDER_AWAITING_PAYMENT');
    });

    it('refuses past the grace period', () => {
      spec
        .given([activated({ expiresAt: '2026-08-01T00:00:00.000Z' })])
        .when(switchOn())
        .thenThrows('SERVICE_PAST_GRACE_PERIOD');
    });

    it('switches off, once', () => {
      const off: ServiceEvent = {
        type: 'AutoRenewSwitchedOff',
        data: { serviceId: 's1', reason: 'CUSTOMER', switchedAt: now.toISOString() },
      };
      spec.given([activated(), switchedOn]).when({ type: 'SwitchAutoRenewOff', data: { now } }).then([off]);
      spec.given([activated(), switchedOn, off]).when({ type: 'SwitchAutoRenewOff', data: { now } }).then([]);
    });

    describe('the charge, autoRenewChargeDays (7) before expiry', () => {
      // expiry 2026-12-10T00:00Z: the charge is due from 2026-12-03T00:00Z
      const openAuto = (at: string, openOrderStatus: 'CART' | 'CONFIRMED' | null = null): ServiceCommand => ({
        type: 'OpenAutoRenewalOrder',
        data: { orderId: 'auto-1', openOrderStatus, now: new Date(at) },
      });
      const autoOpened = (at: string, kind: 'RENEW' | 'REACTIVATE' = 'RENEW'): ServiceEvent => ({
        type: 'RenewalOrderOpened',
        data: {
          serviceId: 's1',
          orderId: 'auto-1',
          kind,
          openedAt: new Date(at).toISOString(),
          origin: 'AUTO_RENEW',
        },
      });

      it('is not due one millisecond before the day, and due at its start', () => {
        spec.given([activated(), switchedOn]).when(openAuto('2026-12-02T23:59:59.999Z')).then([]);
        spec
          .given([activated(), switchedOn])
          .when(openAuto('2026-12-03T00:00:00.000Z'))
          .then([autoOpened('2026-12-03T00:00:00.000Z')]);
      });

      it('opens the order once per expiry, even after it is released', () => {
        const released: ServiceEvent = {
          type: 'RenewalOrderReleased',
          data: {
            serviceId: 's1',
            orderId: 'auto-1',
            reason: 'EXPIRED',
            releasedAt: '2026-12-05T00:00:00.000Z',
          },
        };
        spec
          .given([activated(), switchedOn, autoOpened('2026-12-03T00:00:00.000Z'), released])
          .when(openAuto('2026-12-06T00:00:00.000Z'))
          .then([]);
      });

      it('charges again at the next expiry once renewed', () => {
        const renewed: ServiceEvent = {
          type: 'ServiceRenewed',
          data: {
            serviceId: 's1',
            orderId: 'auto-1',
            orderNumber: 'FE-2026-000001',
            years: 2,
            previousExpiresAt: '2026-12-10T00:00:00.000Z',
            expiresAt: '2028-12-10T00:00:00.000Z',
            storagePacks: 1,
            extraUsers: 2,
            nso: false,
            autoRenew: true,
            renewedAt: '2026-12-03T00:00:00.000Z',
          },
        };
        const history = [activated(), switchedOn, autoOpened('2026-12-03T00:00:00.000Z'), renewed];
        spec.given(history).when(openAuto('2028-12-02T23:59:59.999Z')).then([]);
        spec
          .given(history)
          .when(openAuto('2028-12-03T00:00:00.000Z'))
          .thenEmits((events) => expect(events).toHaveLength(1));
      });

      it('does nothing with auto-renew off', () => {
        spec.given([activated()]).when(openAuto('2026-12-05T00:00:00.000Z')).then([]);
      });

      it('lets a confirmed order the customer is paying stand in for the charge, and abandons an open cart', () => {
        spec
          .given([activated(), opened('o1'), switchedOn])
          .when(openAuto('2026-12-05T00:00:00.000Z', 'CONFIRMED'))
          .then([]);
        spec
          .given([activated(), opened('o1'), switchedOn])
          .when(openAuto('2026-12-05T00:00:00.000Z', 'CART'))
          .then([
            {
              type: 'RenewalOrderReleased',
              data: {
                serviceId: 's1',
                orderId: 'o1',
                reason: 'ABANDONED',
                releasedAt: '2026-12-05T00:00:00.000Z',
              },
            },
            autoOpened('2026-12-05T00:00:00.000Z'),
          ]);
      });

      it('after expiry (switched on late, inside the grace) opens a reactivation; at grace end nothing', () => {
        spec
          .given([activated(), switchedOn])
          .when(openAuto('2026-12-20T00:00:00.000Z'))
          .then([autoOpened('2026-12-20T00:00:00.000Z', 'REACTIVATE')]);
        spec.given([activated(), switchedOn]).when(openAuto('2027-03-10T00:00:00.000Z')).then([]);
      });

      it('a declined charge suspends auto-renew, once', () => {
        const suspended: ServiceEvent = {
          type: 'AutoRenewSwitchedOff',
          data: {
            serviceId: 's1',
            reason: 'CHARGE_DECLINED',
            orderId: 'auto-1',
            switchedAt: now.toISOString(),
          },
        };
        const history = [activated(), switchedOn, autoOpened('2026-12-03T00:00:00.000Z')];
        spec
          .given(history)
          .when({ type: 'SuspendAutoRenew', data: { orderId: 'auto-1', now } })
          .then([suspended]);
        spec
          .given([...history, suspended])
          .when({ type: 'SuspendAutoRenew', data: { orderId: 'auto-1', now } })
          .then([]);
      });

      it('the action shown is then PAY_OPEN_ORDER', () => {
        const state = fold(decider, [activated(), switchedOn, autoOpened('2026-12-03T00:00:00.000Z')]);
        expect(
          serviceAction(
            { expiresAt: state.expiresAt, autoRenew: false, openOrderStatus: 'CONFIRMED' },
            new Date('2026-12-04T00:00:00.000Z'),
            DEFAULT_POLICY,
          ),
        ).toBe('PAY_OPEN_ORDER');
        expect(state).toMatchObject({
          openOrderId: 'auto-1',
          openOrderOrigin: 'AUTO_RENEW',
          autoRenewYears: 2,
        });
      });
    });
  });

  describe('the one action shown', () => {
    const expiresAt = new Date('2026-12-10T00:00:00.000Z');
    const at = (iso: string) => new Date(iso);
    it.each([
      ['RENEW', { expiresAt, autoRenew: false, openOrderStatus: null }, '2026-11-25T00:00:00Z'],
      ['RENEW', { expiresAt, autoRenew: false, openOrderStatus: 'CART' as const }, '2026-11-25T00:00:00Z'],
      ['REACTIVATE', { expiresAt, autoRenew: false, openOrderStatus: null }, '2026-12-10T00:00:00Z'],
      ['REACTIVATE', { expiresAt, autoRenew: false, openOrderStatus: null }, '2027-03-09T23:59:59Z'],
      ['NONE_DELETED', { expiresAt, autoRenew: false, openOrderStatus: null }, '2027-03-10T00:00:00Z'],
      [
        'PAY_OPEN_ORDER',
        { expiresAt, autoRenew: false, openOrderStatus: 'CONFIRMED' as const },
        '2026-11-25T00:00:00Z',
      ],
      [
        'PAY_OPEN_ORDER',
        { expiresAt, autoRenew: true, openOrderStatus: 'CONFIRMED' as const },
        '2026-11-25T00:00:00Z',
      ],
      ['NONE_AUTO_RENEW', { expiresAt, autoRenew: true, openOrderStatus: null }, '2026-11-25T00:00:00Z'],
      [
        'NONE_DELETED',
        { expiresAt, autoRenew: true, openOrderStatus: 'CONFIRMED' as const },
        '2027-06-01T00:00:00Z',
      ],
    ])('is %s for %j at %s', (expected, service, when) => {
      expect(serviceAction(service, at(when), DEFAULT_POLICY)).toBe(expected);
    });
  });
});
