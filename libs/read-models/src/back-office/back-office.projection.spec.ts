import { describe, expect, it } from '@jest/globals';
import { projectionSpec } from '@app/platform/testing';
import { History, testContext } from '@app/renewals/testing';
import { BackOfficeProjection } from './back-office.projection';
import { backOfficeMigrations } from './back-office.tables';

const spec = projectionSpec(new BackOfficeProjection({ context: testContext }), {
  migrations: backOfficeMigrations,
  tables: ['bo_orders', 'bo_open_orders', 'bo_refunds', 'bo_order_figures', 'bo_payment_figures'],
});
const start = new Date('2026-11-25T10:00:00.000Z');
const at = start.toISOString();

/** A confirmed renewal of s1 and the gross amount it asks for. */
function confirmed() {
  const history = new History(start)
    .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z' })
    .confirmedRenewal('s1', 'o1', 'FE-2026-000001');
  const confirmation = history.events.find((e) => e.event.type === 'OrderConfirmed')!.event;
  if (confirmation.type !== 'OrderConfirmed') throw new Error('no confirmation');
  return { history, confirmation: confirmation.data };
}

describe('back-office projection', () => {
  it('lists a confirmed order among those awaiting payment, with its funnel times', async () => {
    const { history, confirmation } = confirmed();
    await spec.given(history.events).thenRows({
      bo_orders: [
        {
          order_id: 'o1',
          status: 'CONFIRMED',
          requested_at: at,
          checkout_at: at,
          confirmed_at: at,
          paid_at: null,
          paid_method: null,
          paid_gross_cents: null,
          paid_taxable_cents: null,
          gross_cents: confirmation.quote.grossCents,
          taxable_cents: confirmation.quote.taxableCents,
          agreement_code: null,
          agreement_discount_cents: 0,
          origin: 'CUSTOMER',
          charge_declined_at: null,
          order_number: 'FE-2026-000001',
          service_id: 's1',
          service_name: 'FE Studio',
          customer_id: 'c1',
          payment_method: 'BANK_TRANSFER',
        },
      ],
      bo_open_orders: [
        {
          order_id: 'o1',
          order_number: 'FE-2026-000001',
          customer_id: 'c1',
          service_id: 's1',
          payment_method: 'BANK_TRANSFER',
          amount_cents: confirmation.quote.grossCents,
          confirmed_at: at,
          pay_by: confirmation.payBy,
        },
      ],
      bo_refunds: [],
    });
  });

  it('takes a paid order off the list and records what was paid, and how', async () => {
    const { history, confirmation } = confirmed();
    history.later(2).paid('s1', 'o1', 'CRO-1');
    await spec.given(history.events).thenCheck(({ bo_orders, bo_open_orders }) => {
      expect(bo_open_orders).toEqual([]);
      expect(bo_orders[0]).toMatchObject({
        status: 'PAID',
        paid_at: history.now.toISOString(),
        paid_method: 'BANK_TRANSFER',
        paid_gross_cents: confirmation.quote.grossCents,
        paid_taxable_cents: confirmation.quote.taxableCents,
      });
    });
  });

  it('lists a payment for a cancelled order as a refund, with the reason as a code', async () => {
    const { history, confirmation } = confirmed();
    history
      .order('o1', { type: 'CancelOrder', data: { reason: null, by: 'CUSTOMER' } })
      .later(1)
      .order('o1', {
        type: 'RegisterPayment',
        data: { transactionId: 'CRO-2', amountCents: confirmation.quote.grossCents, method: 'BANK_TRANSFER' },
      });
    await spec.given(history.events).thenRows({
      bo_open_orders: [],
      bo_refunds: [
        {
          transaction_id: 'CRO-2',
          order_id: 'o1',
          order_number: 'FE-2026-000001',
          amount_cents: confirmation.quote.grossCents,
          method: 'BANK_TRANSFER',
          reason: 'ORDER_CANCELLED',
          refunded_at: null,
          refund_reference: null,
          registered_at: history.now.toISOString(),
        },
      ],
    });
  });

  it("keeps the dashboard's counters: the order leaves each line it moves out of (an empty line goes), and its payment is counted on the day in Rome", async () => {
    const { history, confirmation } = confirmed();
    // Registered at 23:30 UTC: already the next day in Rome.
    history.later(2 + 13.5 / 24).paid('s1', 'o1', 'CRO-1');
    expect(history.now.toISOString()).toBe('2026-11-27T23:30:00.000Z');
    await spec.given(history.events).thenRows({
      // Requested (CART), then at checkout, then confirmed, then paid: only the line it is on is left.
      bo_order_figures: [
        {
          ...{ day: '2026-11-25', status: 'PAID', origin: 'CUSTOMER', agreement_code: '' },
          ...{ checked_out: 1, confirmed: 1, paid: 1, declined: 0, orders: 1, paid_discount_cents: 0 },
        },
      ],
      bo_payment_figures: [
        {
          day: '2026-11-28',
          method: 'BANK_TRANSFER',
          origin: 'CUSTOMER',
          payments: 1,
          gross_cents: confirmation.quote.grossCents,
          taxable_cents: confirmation.quote.taxableCents,
        },
      ],
    });
  });

  it('moves an order checked out straight after it was requested off the CART line (its first change in the batch that made it)', async () => {
    const history = new History(start)
      .activated('s1', { expiresAt: '2026-12-25T10:00:00.000Z' })
      .requestedRenewal('s1', 'o1')
      .order('o1', { type: 'StartCheckout', data: {} });
    await spec.given(history.events).thenRows({
      bo_order_figures: [
        {
          ...{ day: '2026-11-25', status: 'CHECKOUT', origin: 'CUSTOMER', agreement_code: '' },
          ...{ checked_out: 1, confirmed: 0, paid: 0, declined: 0, orders: 1, paid_discount_cents: 0 },
        },
      ],
    });
  });
});
