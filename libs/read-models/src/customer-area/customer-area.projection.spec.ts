import { describe, expect, it } from '@jest/globals';
import { projectionSpec } from '@app/platform/testing';
import { History } from '@app/renewals/testing';
import { deserializeOrderState } from '@app/renewals/domain';
import { CustomerAreaProjection } from './customer-area.projection';
import { customerAreaMigrations } from './customer-area.tables';

const spec = projectionSpec(new CustomerAreaProjection(), {
  migrations: customerAreaMigrations,
  tables: ['ca_services', 'ca_orders'],
});
const start = new Date('2026-11-25T10:00:00.000Z');
const expiresAt = '2026-12-25T10:00:00.000Z';

describe('customer-area projection', () => {
  it('lists an activated service with its add-ons and no open order', async () => {
    const history = new History(start).activated('s1', { expiresAt, storagePacks: 2, nso: true });
    await spec.given(history.events).thenRows({
      ca_services: [
        {
          service_id: 's1',
          customer_id: 'c1',
          name: 'FE Studio',
          product_code: 'STD',
          promotional: 0,
          holder_email: 'holder@example.it',
          activated_at: start.toISOString(),
          expires_at: expiresAt,
          storage_packs: 2,
          extra_users: 0,
          users_in_use: 1,
          nso: 1,
          auto_renew: 0,
          auto_renew_years: 1,
          auto_renew_method: null,
          auto_renew_label: null,
          open_order_id: null,
          open_order_status: null,
          last_renewed_at: null,
          updated_position: 1,
        },
      ],
      ca_orders: [],
    });
  });

  it('shows a confirmed renewal as the open order, with the order folded to CONFIRMED at its revision', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
    await spec.given(history.events).thenCheck(({ ca_services, ca_orders }) => {
      expect(ca_services[0]).toMatchObject({ open_order_id: 'o1', open_order_status: 'CONFIRMED' });
      expect(ca_orders).toHaveLength(1);
      const [row] = ca_orders;
      const orderEvents = history.events.filter((e) => e.streamId === 'renewalOrder-o1');
      expect(row).toMatchObject({
        order_id: 'o1',
        customer_id: 'c1',
        service_id: 's1',
        service_name: 'FE Studio',
        status: 'CONFIRMED',
        requested_at: start.toISOString(),
        revision: orderEvents.length - 1,
        updated_position: history.events.length,
      });
      const state = deserializeOrderState(row.state as string);
      expect(state).toMatchObject({ status: 'CONFIRMED', orderNumber: 'FE-2026-000001' });
      expect(state.cart.storagePacks).toBe(1);
      expect(state.paymentInstructions).toMatchObject({
        method: 'BANK_TRANSFER',
        reference: 'FE-2026-000001',
      });
    });
  });

  it('renews the service when its order is paid: new expiry and add-ons, the open order closed, the order PAID', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt })
      .confirmedRenewal('s1', 'o1', 'FE-2026-000001')
      .later(1)
      .paid('s1', 'o1', 'CRO-1');
    await spec.given(history.events).thenCheck(({ ca_services, ca_orders }) => {
      expect(ca_services[0]).toMatchObject({
        expires_at: '2027-12-25T10:00:00.000Z',
        storage_packs: 1,
        open_order_id: null,
        open_order_status: null,
        last_renewed_at: history.now.toISOString(),
        updated_position: history.events.length,
      });
      expect(ca_orders[0]).toMatchObject({ status: 'PAID' });
      expect(deserializeOrderState(ca_orders[0].state as string).paidAt).toBe(history.now.toISOString());
    });
  });
});
