/**
 * The dashboard's order figures, folded from the order counters grouped by everything but the day: one
 * read of `bo_order_figures` answers the orders by status, the funnel, the auto-renewals and the agreement
 * codes (it was four reads of the same rows). Pure: the rows in, the figures out.
 */

/** A line of `bo_order_figures` summed over the days asked (sums come back as text from PostgreSQL). */
export interface OrderFiguresRow {
  status: string;
  origin: string;
  agreement_code: string;
  checked_out: number | string;
  confirmed: number | string;
  paid: number | string;
  declined: number | string;
  orders: number | string | null;
  paid_discount_cents: number | string | null;
}

export interface OrderFigures {
  /** Orders by status, statuses in alphabetical order; a status with no order is left out. */
  ordersByStatus: Record<string, number>;
  /** The customers' own orders (auto-renewals skip the cart and checkout). */
  funnel: { requested: number; checkedOut: number; confirmed: number; paid: number };
  autoRenewals: { orders: number; charged: number; declined: number; paidAfterDecline: number };
  /** In the order the rows came in: the caller reads them ordered by code (the database's collation). */
  agreementCodes: {
    code: string;
    orders: number;
    confirmed: number;
    paid: number;
    paidDiscountCents: number;
  }[];
}

const n = (value: unknown) => Number(value ?? 0);

export function foldOrderFigures(rows: readonly OrderFiguresRow[]): OrderFigures {
  const byStatus = new Map<string, number>();
  const funnel = { requested: 0, checkedOut: 0, confirmed: 0, paid: 0 };
  const autoRenewals = { orders: 0, charged: 0, declined: 0, paidAfterDecline: 0 };
  const codes = new Map<string, OrderFigures['agreementCodes'][number]>();
  for (const row of rows) {
    const orders = n(row.orders);
    const [checkedOut, confirmed, paid, declined] = [
      row.checked_out,
      row.confirmed,
      row.paid,
      row.declined,
    ].map(n);
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + orders);
    if (row.origin === 'CUSTOMER') {
      funnel.requested += orders;
      funnel.checkedOut += orders * checkedOut;
      funnel.confirmed += orders * confirmed;
      funnel.paid += orders * paid;
    } else if (row.origin === 'AUTO_RENEW') {
      autoRenewals.orders += orders;
      autoRenewals.charged += orders * paid * (1 - declined);
      autoRenewals.declined += orders * declined;
      autoRenewals.paidAfterDecline += orders * declined * paid;
    }
    if (row.agreement_code !== '') {
      const code = codes.get(row.agreement_code) ?? {
        code: row.agreement_code,
        orders: 0,
        confirmed: 0,
        paid: 0,
        paidDiscountCents: 0,
      };
      code.orders += orders;
      code.confirmed += orders * confirmed;
      code.paid += orders * paid;
      code.paidDiscountCents += n(row.paid_discount_cents);
      codes.set(row.agreement_code, code);
    }
  }
  return {
    ordersByStatus: Object.fromEntries(
      [...byStatus].filter(([, orders]) => orders > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    funnel,
    autoRenewals,
    agreementCodes: [...codes.values()].filter((code) => code.orders > 0),
  };
}

/** A line of `bo_payment_figures` summed by method and origin over the days asked. */
export interface PaymentFiguresRow {
  method: string;
  origin: string;
  payments: number | string | null;
  gross_cents: number | string | null;
}

export interface PaymentSplit {
  /** In the order the rows came in (the caller reads them ordered by method). */
  revenueByMethod: { method: string; payments: number; grossCents: number }[];
  /** Origins in alphabetical order. */
  revenueByOrigin: { origin: string; payments: number; grossCents: number }[];
}

/** Revenue by payment method and by origin, from one read of the payment counters grouped by both. */
export function foldPaymentSplit(rows: readonly PaymentFiguresRow[]): PaymentSplit {
  const byMethod = new Map<string, PaymentSplit['revenueByMethod'][number]>();
  const byOrigin = new Map<string, PaymentSplit['revenueByOrigin'][number]>();
  for (const row of rows) {
    const method = byMethod.get(row.method) ?? { method: row.method, payments: 0, grossCents: 0 };
    const origin = byOrigin.get(row.origin) ?? { origin: row.origin, payments: 0, grossCents: 0 };
    for (const line of [method, origin]) {
      line.payments += n(row.payments);
      line.grossCents += n(row.gross_cents);
    }
    byMethod.set(row.method, method);
    byOrigin.set(row.origin, origin);
  }
  return {
    revenueByMethod: [...byMethod.values()],
    revenueByOrigin: [...byOrigin.values()].sort((a, b) =>
      a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0,
    ),
  };
}
