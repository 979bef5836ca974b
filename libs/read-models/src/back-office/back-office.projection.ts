import { Inject, Injectable } from '@nestjs/common';
import { Transaction, sql } from 'kysely';
import { combineDecoders } from '@app/kernel';
import {
  AccountEvent,
  PlatformTables,
  ProjectedEvent,
  Projection,
  PerBatch,
  accountEvents,
  chunks,
  idsIn,
  inserted,
} from '@app/platform';
import { StoredEvent } from '@app/event-store';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { BusinessCalendar, OrderEvent, Quote, calendarOf, orderEvents } from '@app/renewals/domain';
import { BackOfficeTables, ORDER_FIGURES_KEY } from './back-office.tables';
import { TermKind, indexWords, orderNumberDigits } from './search-terms';

type OrderRow = BackOfficeTables['bo_orders'];
type OpenOrderRow = BackOfficeTables['bo_open_orders'];
type Db = Transaction<BackOfficeTables>;

/** The columns of an order that its line in bo_order_figures depends on. */
const FIGURE_COLUMNS = [
  'requested_at',
  'status',
  'origin',
  'agreement_code',
  'checkout_at',
  'confirmed_at',
  'paid_at',
  'charge_declined_at',
  'agreement_discount_cents',
] as const;
type FigureColumns = Pick<OrderRow, (typeof FIGURE_COLUMNS)[number]>;
/** The order as it was before the event: its figures' columns and what a payment takes from it. */
type OrderBefore = FigureColumns & Pick<OrderRow, 'taxable_cents'>;

/**
 * Orders awaiting payment, payments to refund, and the dashboard's figures kept as counters by day
 * (bo_order_figures by the day an order was requested, bo_payment_figures by the day it was paid, both
 * in the calendar's zone), so that the dashboard sums a few rows per day instead of every order.
 */
@Injectable()
export class BackOfficeProjection implements Projection {
  readonly name = 'back-office';
  readonly tables = [
    'bo_orders',
    'bo_open_orders',
    'bo_refunds',
    'bo_order_figures',
    'bo_payment_figures',
    'bo_search_terms',
  ];
  // Orders, and the customers' accounts for the names and emails that orders are found by.
  readonly events = combineDecoders(orderEvents, accountEvents);
  private readonly calendar: BusinessCalendar;

  constructor(@Inject(RENEWAL_CONTEXT) deciders: Pick<Deciders, 'context'>) {
    this.calendar = calendarOf(deciders.context.policy);
  }

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    const db = trx.withTables<BackOfficeTables>();
    await db.deleteFrom('bo_open_orders').execute();
    await db.deleteFrom('bo_orders').execute();
    await db.deleteFrom('bo_refunds').execute();
    await db.deleteFrom('bo_order_figures').execute();
    await db.deleteFrom('bo_payment_figures').execute();
    await db.deleteFrom('bo_search_terms').execute();
  }

  async apply(
    trx: Transaction<PlatformTables>,
    projected: ProjectedEvent<OrderEvent | AccountEvent>,
  ): Promise<void> {
    const db = trx.withTables<BackOfficeTables>();
    const { event } = projected;
    if (event.type === 'AccountRegistered') {
      if (event.data.role === 'customer')
        this.batches
          .of(trx)
          .file('customer', event.data.accountId, `${event.data.displayName} ${event.data.email}`);
      return;
    }
    if (event.type === 'UsernameClaimed') return;
    const orderId = 'orderId' in event.data ? event.data.orderId : null;
    const batch = this.batches.of(trx);
    // An event that moves an order from one line of the figures to another: the order before it, as
    // this batch left it, else as the table has it.
    const before =
      (orderId !== null && batch.rows.get(orderId)) ||
      (orderId !== null && MOVES_FIGURES.has(event.type)
        ? await batch.stored(
            orderId,
            db
              .selectFrom('bo_orders')
              .select([...FIGURE_COLUMNS, 'taxable_cents'])
              .where('order_id', '=', orderId)
              .executeTakeFirst(),
          )
        : undefined);
    const change = await this.applyToRows(db, projected as ProjectedEvent<OrderEvent>, before, batch);
    if (orderId !== null && before && change) {
      const after = { ...before, ...change };
      this.moveFigures(batch, before, after);
      batch.rows.set(orderId, after);
    }
  }

  /** What the batch read and changed: kept while its events are applied, written once by `flush`. */
  private readonly batches = new PerBatch(() => new BackOfficeBatch());

  /** Reads the batch's orders (their figures' columns) at once, a chunk a statement. */
  async prefetch(trx: Transaction<PlatformTables>, events: readonly StoredEvent[]): Promise<void> {
    const batch = this.batches.of(trx);
    const db = trx.withTables<BackOfficeTables>();
    for (const ids of chunks(idsIn(events, 'orderId').filter((id) => !batch.knows(id)))) {
      const rows = await db
        .selectFrom('bo_orders')
        .select(['order_id', ...FIGURE_COLUMNS, 'taxable_cents'])
        .where('order_id', 'in', ids)
        .execute();
      for (const { order_id, ...row } of rows) batch.rows.set(order_id, row);
      for (const id of ids) if (!batch.rows.has(id)) batch.absent.add(id);
    }
  }

  async flush(trx: Transaction<PlatformTables>): Promise<void> {
    await this.batches.take(trx)?.write(trx.withTables<BackOfficeTables>());
  }

  /** The counters: the order leaves its line (-1) and joins the one its new columns name (+1). */
  private moveFigures(batch: BackOfficeBatch, before: FigureColumns | null, after: FigureColumns): void {
    const from = before && figureLine(this.calendar, before);
    const to = figureLine(this.calendar, after);
    if (from && sameLine(from, to)) return;
    if (from) batch.order(from, -1);
    batch.order(to, 1);
  }

  /** Writes the event into the lists; answers what it changed in the order's row, if anything. */
  private async applyToRows(
    db: Db,
    { event }: ProjectedEvent<OrderEvent>,
    before: OrderBefore | undefined,
    batch: BackOfficeBatch,
  ): Promise<Partial<FigureColumns> | null> {
    const totals = (quote: Quote) => ({
      gross_cents: quote.grossCents,
      taxable_cents: quote.taxableCents,
      agreement_discount_cents: quote.discounts.find((d) => d.code === 'AGREEMENT')?.amountCents ?? 0,
    });
    switch (event.type) {
      case 'RenewalRequested': {
        const row = {
          order_id: event.data.orderId,
          status: 'CART',
          requested_at: event.data.requestedAt,
          checkout_at: null,
          confirmed_at: null,
          paid_at: null,
          paid_method: null,
          paid_gross_cents: null,
          paid_taxable_cents: null,
          agreement_code: null,
          ...totals(event.data.quote),
          origin: event.data.origin ?? 'CUSTOMER',
          charge_declined_at: null,
          order_number: null,
          service_id: event.data.serviceId,
          service_name: event.data.serviceName || null,
          customer_id: event.data.customerId,
          payment_method: null,
        };
        // Known to have no row (prefetched): inserted at the batch's end; else inserted now unless it has one.
        const isNew = batch.absent.has(row.order_id)
          ? batch.insert(row)
          : !batch.rows.has(row.order_id) &&
            (await inserted(
              db
                .insertInto('bo_orders')
                .values(row)
                .onConflict((oc) => oc.column('order_id').doNothing()),
            ));
        if (isNew) {
          this.moveFigures(batch, null, row);
          batch.rows.set(row.order_id, row);
        }
        if (row.service_name) batch.file('service', row.service_id, row.service_name);
        return null;
      }
      case 'CartModified': {
        const change = { agreement_code: event.data.agreementCode, ...totals(event.data.quote) };
        batch.update(event.data.orderId, change);
        return change;
      }
      case 'TermChosen': {
        const change = totals(event.data.quote);
        batch.update(event.data.orderId, change);
        return change;
      }
      case 'CheckoutStarted': {
        const change = { status: 'CHECKOUT', checkout_at: event.data.startedAt, ...totals(event.data.quote) };
        batch.update(event.data.orderId, change);
        return change;
      }
      case 'OrderConfirmed': {
        const change = {
          status: 'CONFIRMED',
          confirmed_at: event.data.confirmedAt,
          agreement_code: event.data.agreementCode,
          ...totals(event.data.quote),
        };
        batch.update(event.data.orderId, {
          ...change,
          order_number: event.data.orderNumber,
          payment_method: event.data.paymentMethod,
        });
        batch.openOrder(event.data.orderId, {
          order_id: event.data.orderId,
          order_number: event.data.orderNumber,
          customer_id: event.data.customerId,
          service_id: event.data.serviceId,
          payment_method: event.data.paymentMethod,
          amount_cents: event.data.quote.grossCents,
          confirmed_at: event.data.confirmedAt,
          pay_by: event.data.payBy,
        });
        batch.file('order', event.data.orderId, orderNumberDigits(event.data.orderNumber) ?? '');
        return change;
      }
      case 'PaymentRegistered': {
        const change = { status: 'PAID', paid_at: event.data.registeredAt };
        batch.update(event.data.orderId, {
          ...change,
          paid_method: event.data.method,
          paid_gross_cents: event.data.amountCents,
          paid_taxable_cents: before?.taxable_cents ?? null,
        });
        batch.openOrder(event.data.orderId, null);
        // Counted once: a redelivered payment finds the order paid already.
        if (before && before.paid_at === null)
          batch.payment({
            day: this.calendar.dateOf(new Date(event.data.registeredAt)),
            method: event.data.method,
            origin: before.origin,
            payments: 1,
            gross_cents: event.data.amountCents,
            taxable_cents: before.taxable_cents,
          });
        return change;
      }
      case 'OrderCancelled':
      case 'OrderExpired': {
        const change = { status: event.type === 'OrderCancelled' ? 'CANCELLED' : 'EXPIRED' };
        batch.update(event.data.orderId, change);
        batch.openOrder(event.data.orderId, null);
        return change;
      }
      case 'AutoRenewalChargeDeclined': {
        const change = { charge_declined_at: event.data.declinedAt };
        batch.update(event.data.orderId, change);
        return change;
      }
      case 'PaymentRefundDue':
        await db
          .insertInto('bo_refunds')
          .values({
            transaction_id: event.data.transactionId,
            order_id: event.data.orderId,
            order_number: event.data.orderNumber,
            amount_cents: event.data.amountCents,
            method: event.data.method,
            reason: event.data.reason,
            registered_at: event.data.registeredAt,
            refunded_at: null,
            refund_reference: null,
          })
          .onConflict((oc) => oc.column('transaction_id').doNothing())
          .execute();
        return null;
      case 'PaymentRefunded':
        await db
          .updateTable('bo_refunds')
          .set({ refunded_at: event.data.refundedAt, refund_reference: event.data.reference })
          .where('transaction_id', '=', event.data.transactionId)
          .execute();
        return null;
      case 'PaymentMethodChosen':
        batch.update(event.data.orderId, { payment_method: event.data.method });
        return null;
      default:
        return null; // other events change nothing the back office lists
    }
  }
}

/** The events that can move an order to another line of bo_order_figures. */
const MOVES_FIGURES = new Set<string>([
  'CartModified',
  'CheckoutStarted',
  'OrderConfirmed',
  'PaymentRegistered',
  'OrderCancelled',
  'OrderExpired',
  'AutoRenewalChargeDeclined',
]);

const FIGURE_KEY = ORDER_FIGURES_KEY;

/** The line of bo_order_figures that counts this order. */
function figureLine(calendar: BusinessCalendar, order: FigureColumns) {
  return {
    day: calendar.dateOf(new Date(order.requested_at)),
    status: order.status,
    origin: order.origin,
    agreement_code: order.agreement_code ?? '',
    checked_out: order.checkout_at === null ? 0 : 1,
    confirmed: order.confirmed_at === null ? 0 : 1,
    paid: order.paid_at === null ? 0 : 1,
    declined: order.charge_declined_at === null ? 0 : 1,
    paidDiscountCents: order.paid_at === null ? 0 : order.agreement_discount_cents,
  };
}

type FigureLine = ReturnType<typeof figureLine>;

const sameLine = (a: FigureLine, b: FigureLine) =>
  FIGURE_KEY.every((column) => a[column] === b[column]) && a.paidDiscountCents === b.paidDiscountCents;

type PaymentLine = BackOfficeTables['bo_payment_figures'];

/**
 * What a batch writes, kept until its end: the counters' changes summed by line (one statement per line),
 * the orders' changed columns (one update per order), the words to file (a few multi-row inserts); and
 * the orders it touched, so that an order's next event in the batch finds its columns without a query.
 */
class BackOfficeBatch {
  /** The orders this batch read or wrote, as it left them: their next events need not read them again. */
  readonly rows = new Map<string, OrderBefore>();
  /** Orders read (prefetched) and not found: they have no row. */
  readonly absent = new Set<string>();
  private readonly orders = new Map<string, FigureLine & { orders: number }>();
  private readonly payments = new Map<string, PaymentLine>();
  /** The orders new in this batch, whole, inserted at its end. */
  private readonly inserts = new Map<string, OrderRow>();
  /** Each order's columns changed by the batch, merged in the order of its events. */
  private readonly updates = new Map<string, Partial<OrderRow>>();
  /** The awaited payments' rows as the batch leaves them (null: none, deleted). */
  private readonly openOrders = new Map<string, OpenOrderRow | null>();
  /** The words to file, once each (a word filed again, in this batch or before, is passed over). */
  private readonly terms = new Map<string, { kind: TermKind; term: string; ref: string }>();

  knows(orderId: string): boolean {
    return this.rows.has(orderId) || this.absent.has(orderId);
  }

  /** A new order's row, written at the batch's end; true (it is new). */
  insert(row: OrderRow): true {
    this.absent.delete(row.order_id);
    this.inserts.set(row.order_id, { ...row });
    return true;
  }

  update(orderId: string, change: Partial<OrderRow>): void {
    const inserted = this.inserts.get(orderId);
    if (inserted) Object.assign(inserted, change);
    else this.updates.set(orderId, { ...this.updates.get(orderId), ...change });
  }

  openOrder(orderId: string, row: OpenOrderRow | null): void {
    this.openOrders.set(orderId, row);
  }

  /** An order's row read from the table, with what this batch has changed in it since. */
  async stored<Row extends object>(orderId: string, row: Promise<Row | undefined>): Promise<Row | undefined> {
    const read = await row;
    return read && { ...read, ...this.updates.get(orderId) };
  }

  /** Files `ref` under the words of `text`. */
  file(kind: TermKind, ref: string, text: string): void {
    for (const term of indexWords(text))
      this.terms.set(`${kind}\u0000${term}\u0000${ref}`, { kind, term, ref });
  }

  order(line: FigureLine, sign: 1 | -1): void {
    const id = FIGURE_KEY.map((column) => line[column]).join('\u0000');
    const sum = this.orders.get(id) ?? { ...line, orders: 0, paidDiscountCents: 0 };
    sum.orders += sign;
    sum.paidDiscountCents += sign * line.paidDiscountCents;
    this.orders.set(id, sum);
  }

  payment(line: PaymentLine): void {
    const id = [line.day, line.method, line.origin].join('\u0000');
    const sum = this.payments.get(id);
    if (!sum) this.payments.set(id, { ...line });
    else {
      sum.payments += line.payments;
      sum.gross_cents += line.gross_cents;
      sum.taxable_cents += line.taxable_cents;
    }
  }

  /** Adds the sums to their lines; a line that counts no order any more is deleted (as a rebuild would). */
  async write(db: Db): Promise<void> {
    for (const rows of chunks([...this.inserts.values()]))
      await db
        .insertInto('bo_orders')
        .values(rows)
        .onConflict((oc) => oc.column('order_id').doNothing())
        .execute();
    for (const [orderId, change] of this.updates)
      await db.updateTable('bo_orders').set(change).where('order_id', '=', orderId).execute();
    const open = [...this.openOrders];
    for (const ids of chunks(open.filter(([, row]) => row === null).map(([id]) => id)))
      await db.deleteFrom('bo_open_orders').where('order_id', 'in', ids).execute();
    for (const rows of chunks(open.flatMap(([, row]) => (row ? [row] : []))))
      await db
        .insertInto('bo_open_orders')
        .values(rows)
        .onConflict((oc) => oc.column('order_id').doNothing())
        .execute();
    for (const terms of chunks([...this.terms.values()]))
      await db
        .insertInto('bo_search_terms')
        .values(terms)
        .onConflict((oc) => oc.columns(['kind', 'term', 'ref']).doNothing())
        .execute();
    const lines = [...this.orders.values()].filter((l) => l.orders !== 0 || l.paidDiscountCents !== 0);
    const keyOf = (line: FigureLine) =>
      Object.fromEntries(FIGURE_KEY.map((column) => [column, line[column]])) as Omit<
        FigureLine,
        'paidDiscountCents'
      >;
    for (const chunk of chunks(lines))
      await db
        .insertInto('bo_order_figures')
        .values(
          chunk.map((line) => ({
            ...keyOf(line),
            orders: line.orders,
            paid_discount_cents: line.paidDiscountCents,
          })),
        )
        .onConflict((oc) =>
          oc.columns(FIGURE_KEY).doUpdateSet({
            orders: sql`bo_order_figures.orders + excluded.orders`,
            paid_discount_cents: sql`bo_order_figures.paid_discount_cents + excluded.paid_discount_cents`,
          }),
        )
        .execute();
    for (const line of lines.filter((l) => l.orders < 0)) {
      const key = keyOf(line);
      await db
        .deleteFrom('bo_order_figures')
        .where((eb) =>
          eb.and([...FIGURE_KEY.map((column) => eb(column, '=', key[column])), eb('orders', '<=', 0)]),
        )
        .execute();
    }
    for (const chunk of chunks([...this.payments.values()]))
      await db
        .insertInto('bo_payment_figures')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['day', 'method', 'origin']).doUpdateSet({
            payments: sql`bo_payment_figures.payments + excluded.payments`,
            gross_cents: sql`bo_payment_figures.gross_cents + excluded.gross_cents`,
            taxable_cents: sql`bo_payment_figures.taxable_cents + excluded.taxable_cents`,
          }),
        )
        .execute();
  }
}
