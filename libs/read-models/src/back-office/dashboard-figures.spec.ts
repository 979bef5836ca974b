import { describe, expect, it } from '@jest/globals';
import { OrderFiguresRow, foldOrderFigures, foldPaymentSplit } from './dashboard-figures';

const line = (
  fields: Partial<OrderFiguresRow> & Pick<OrderFiguresRow, 'status' | 'orders'>,
): OrderFiguresRow => ({
  origin: 'CUSTOMER',
  agreement_code: '',
  checked_out: 0,
  confirmed: 0,
  paid: 0,
  declined: 0,
  paid_discount_cents: 0,
  ...fields,
});

describe('the dashboard figures folded from the counters', () => {
  it('given no counters, every figure is zero and every list empty', () => {
    expect(foldOrderFigures([])).toEqual({
      ordersByStatus: {},
      funnel: { requested: 0, checkedOut: 0, confirmed: 0, paid: 0 },
      autoRenewals: { orders: 0, charged: 0, declined: 0, paidAfterDecline: 0 },
      agreementCodes: [],
    });
    expect(foldPaymentSplit([])).toEqual({ revenueByMethod: [], revenueByOrigin: [] });
  });

  it('counts the customers orders by the steps they reached and the auto-renewals by their charge', () => {
    const figures = foldOrderFigures([
      line({ status: 'CART', orders: 3 }),
      line({ status: 'CHECKOUT', orders: 2, checked_out: 1 }),
      line({ status: 'CONFIRMED', orders: 1, checked_out: 1, confirmed: 1 }),
      line({ status: 'PAID', orders: '4', checked_out: 1, confirmed: 1, paid: 1 }),
      line({ status: 'PAID', origin: 'AUTO_RENEW', orders: 5, confirmed: 1, paid: 1 }),
      line({ status: 'PAID', origin: 'AUTO_RENEW', orders: 2, confirmed: 1, paid: 1, declined: 1 }),
      line({ status: 'CONFIRMED', origin: 'AUTO_RENEW', orders: 1, confirmed: 1, declined: 1 }),
    ]);
    expect(figures.funnel).toEqual({ requested: 10, checkedOut: 7, confirmed: 5, paid: 4 });
    expect(figures.autoRenewals).toEqual({ orders: 8, charged: 5, declined: 3, paidAfterDecline: 2 });
    expect(figures.ordersByStatus).toEqual({ CART: 3, CHECKOUT: 2, CONFIRMED: 2, PAID: 11 });
    expect(Object.keys(figures.ordersByStatus)).toEqual(['CART', 'CHECKOUT', 'CONFIRMED', 'PAID']);
  });

  it('leaves out a status whose counters have gone back to zero, and sorts the statuses', () => {
    // An order's move from CART to CHECKOUT is a -1 on one line and a +1 on another of the same day.
    const figures = foldOrderFigures([
      line({ status: 'PAID', orders: 1, checked_out: 1, confirmed: 1, paid: 1 }),
      line({ status: 'CART', orders: 0 }),
      line({ status: 'CHECKOUT', orders: 2, checked_out: 1 }),
      line({ status: 'CHECKOUT', orders: -2, checked_out: 1 }),
      line({ status: 'CANCELLED', orders: '1' }),
    ]);
    expect(Object.entries(figures.ordersByStatus)).toEqual([
      ['CANCELLED', 1],
      ['PAID', 1],
    ]);
  });

  it('sums each agreement code over its lines, in the order the codes came, and drops a code with no orders', () => {
    const figures = foldOrderFigures([
      line({ status: 'CART', orders: 1 }),
      line({
        status: 'PAID',
        agreement_code: 'ZETA',
        orders: 1,
        confirmed: 1,
        paid: 1,
        paid_discount_cents: '500',
      }),
      line({ status: 'CONFIRMED', agreement_code: 'ALFA', orders: 2, confirmed: 1 }),
      line({
        status: 'PAID',
        agreement_code: 'ALFA',
        orders: 1,
        confirmed: 1,
        paid: 1,
        paid_discount_cents: 250,
      }),
      line({ status: 'CART', agreement_code: 'GONE', orders: 0 }),
    ]);
    expect(figures.agreementCodes).toEqual([
      { code: 'ZETA', orders: 1, confirmed: 1, paid: 1, paidDiscountCents: 500 },
      { code: 'ALFA', orders: 3, confirmed: 3, paid: 1, paidDiscountCents: 250 },
    ]);
  });

  it('splits the revenue by method in the order the methods came and by origin in alphabetical order', () => {
    expect(
      foldPaymentSplit([
        { method: 'BANK_TRANSFER', origin: 'CUSTOMER', payments: '2', gross_cents: '6100' },
        { method: 'CREDIT_CARD', origin: 'AUTO_RENEW', payments: 3, gross_cents: 9150 },
        { method: 'CREDIT_CARD', origin: 'CUSTOMER', payments: 1, gross_cents: 3050 },
      ]),
    ).toEqual({
      revenueByMethod: [
        { method: 'BANK_TRANSFER', payments: 2, grossCents: 6100 },
        { method: 'CREDIT_CARD', payments: 4, grossCents: 12200 },
      ],
      revenueByOrigin: [
        { origin: 'AUTO_RENEW', payments: 3, grossCents: 9150 },
        { origin: 'CUSTOMER', payments: 3, grossCents: 9150 },
      ],
    });
  });
});
