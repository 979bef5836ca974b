import { describe, expect, it } from '@jest/globals';
import { specFor } from '../../testing/decider-spec';
import { DEFAULT_POLICY } from '../shared/policy';
import { ServiceEvent, serviceAction, serviceDecider } from './service.decider';

const spec = specFor(serviceDecider(DEFAULT_POLICY));
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
  data: { serviceId: 's1', orderId, kind, openedAt: now.toISOString() },
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
        .given([activated({ expiresAt: '2026-08-27T10:00:00.000Z' })]) // exactly 90 days before now
        .when({ type: 'OpenRenewalOrder', data: { orderId: 'o1', now, openOrderStatus: null } })
        .thenThrows('SERVICE_PAST_GRACE_PERIOD');
      spec
        .given([activated({ expiresAt: '2026-08-27T10:00:00.001Z' })]) // one millisecond inside the grace
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
