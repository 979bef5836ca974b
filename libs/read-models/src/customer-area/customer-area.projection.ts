import { Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PerBatch, PlatformTables, ProjectedEvent, Projection, chunks, idsIn } from '@app/platform';
import {
  OrderEvent,
  OrderState,
  RenewalEvent,
  deserializeOrderState,
  evolveOrder,
  initialOrderState,
  renewalEvents,
  serializeOrderState,
} from '@app/renewals/domain';
import { CustomerAreaTables } from './customer-area.tables';

type Trx = Transaction<PlatformTables & CustomerAreaTables>;
type ServiceRow = CustomerAreaTables['ca_services'];

/**
 * The customer area: my services and my orders. Rows remember the position of the last event applied,
 * so applying an event twice changes nothing. A batch's rows are read at most once each, changed in
 * memory and written once by `flush` (an order's events, and its service's, mostly fall in one batch).
 */
@Injectable()
export class CustomerAreaProjection implements Projection {
  readonly name = 'customer-area';
  readonly tables = ['ca_services', 'ca_orders'];
  readonly events = renewalEvents;

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    const db = trx.withTables<CustomerAreaTables>();
    await db.deleteFrom('ca_orders').execute();
    await db.deleteFrom('ca_services').execute();
  }

  private readonly batches = new PerBatch(
    (trx) => new CustomerAreaBatch(trx.withTables<CustomerAreaTables>()),
  );

  async prefetch(trx: Transaction<PlatformTables>, events: readonly StoredEvent[]): Promise<void> {
    await this.batches.of(trx).prefetch(idsIn(events, 'serviceId'), idsIn(events, 'orderId'));
  }

  async flush(trx: Transaction<PlatformTables>): Promise<void> {
    await this.batches.take(trx)?.write();
  }

  async apply(
    trx: Transaction<PlatformTables>,
    { event, position, revision }: ProjectedEvent<RenewalEvent>,
  ): Promise<void> {
    const batch = this.batches.of(trx);
    switch (event.type) {
      case 'ServiceActivated': {
        const d = event.data;
        await batch.activate({
          service_id: d.serviceId,
          customer_id: d.customerId,
          name: d.name,
          product_code: d.productCode,
          promotional: d.promotional ? 1 : 0,
          holder_email: d.holderEmail,
          activated_at: d.activatedAt,
          expires_at: d.expiresAt,
          storage_packs: d.storagePacks,
          extra_users: d.extraUsers,
          users_in_use: d.usersInUse,
          nso: d.nso ? 1 : 0,
          auto_renew: d.autoRenew ? 1 : 0,
          auto_renew_years: d.autoRenewYears ?? 1,
          auto_renew_method: d.autoRenewPayment?.method ?? null,
          auto_renew_label: d.autoRenewPayment?.label ?? null,
          open_order_id: null,
          open_order_status: null,
          last_renewed_at: null,
          updated_position: position,
        });
        return;
      }
      case 'RenewalOrderOpened': {
        const existing = await batch.order(event.data.orderId);
        await batch.changeService(event.data.serviceId, position, () => ({
          open_order_id: event.data.orderId,
          open_order_status: existing?.state.status ?? 'CART',
        }));
        return;
      }
      case 'RenewalOrderReleased':
        await batch.changeService(event.data.serviceId, position, (row) =>
          row.open_order_id === event.data.orderId ? { open_order_id: null, open_order_status: null } : null,
        );
        return;
      case 'ServiceRenewed':
      case 'ServiceReactivated': {
        const d = event.data;
        await batch.changeService(d.serviceId, position, (row) => ({
          expires_at: d.expiresAt,
          storage_packs: d.storagePacks,
          extra_users: d.extraUsers,
          nso: d.nso ? 1 : 0,
          auto_renew: d.autoRenew ? 1 : 0,
          ...(d.autoRenew ? { auto_renew_years: d.years } : {}),
          last_renewed_at: d.renewedAt,
          ...(row.open_order_id === d.orderId ? { open_order_id: null, open_order_status: null } : {}),
        }));
        return;
      }
      case 'RenewalRequested':
      case 'CartModified':
      case 'CheckoutStarted':
      case 'PaymentMethodChosen':
      case 'TermChosen':
      case 'AutoRenewChosen':
      case 'ConsentsRecorded':
      case 'OrderConfirmed':
      case 'OrderCancelled':
      case 'PaymentRegistered':
      case 'OrderExpired':
      case 'AutoRenewalChargeDeclined':
      case 'OnlinePaymentDeclined':
      case 'PaymentRefundDue':
      case 'PaymentRefunded':
      case 'PaidOrderRefunded':
        return this.applyToOrder(batch, event, revision, position);
      case 'AutoRenewSwitchedOn': {
        const d = event.data;
        await batch.changeService(d.serviceId, position, () => ({
          auto_renew: 1,
          auto_renew_years: d.years,
          auto_renew_method: d.payment.method,
          auto_renew_label: d.payment.label,
        }));
        return;
      }
      case 'AutoRenewSwitchedOff':
        await batch.changeService(event.data.serviceId, position, () => ({ auto_renew: 0 }));
        return;
      // The action shown for a service is computed from its expiry and the time, so the milestones change no row.
      case 'ExpiryReminderDue':
      case 'ExpiryReminderSkipped':
      case 'ServiceDeletionWarningSkipped':
      case 'ServiceExpired':
      case 'ServiceDeletionWarningDue':
      case 'ServiceDeleted':
        return;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  /**
   * An order's row holds its state, folded with the order's own evolve: the page reads exactly what a
   * command answers (orderView of the same state). Idempotent by the stream's revision.
   */
  private async applyToOrder(
    batch: CustomerAreaBatch,
    event: OrderEvent,
    revision: number,
    position: number,
  ): Promise<void> {
    const orderId = event.data.orderId;
    const before = await batch.order(orderId);
    if (before && before.revision >= revision) return;
    const state = evolveOrder(before ? before.state : initialOrderState(), event);
    const statusBefore = before?.state.status;
    if (before) Object.assign(before, { state, revision, position });
    else {
      const owner = await batch.service(state.serviceId);
      batch.addOrder(orderId, { state, revision, position, serviceName: owner?.name ?? '' });
    }
    // The service shows its open order's status (the action it offers depends on it).
    if (before && statusBefore !== state.status)
      await batch.changeService(state.serviceId, position, (row) =>
        row.open_order_id === orderId ? { open_order_status: state.status } : null,
      );
  }
}

/** An order of the batch: its state folded so far, and whether (and at which revision) its row has it. */
interface BatchOrder {
  state: OrderState;
  revision: number;
  /** The position of the last event folded in. */
  position: number;
  /** The revision the table's row holds; null when it has no row yet (written by an insert). */
  written: number | null;
  /** The service's name when the order was opened, for an order whose events do not name it. */
  serviceName: string;
}

/** A service of the batch: its row as the batch left it (null: none), and whether the table has it. */
interface BatchService {
  row: ServiceRow | null;
  stored: boolean;
  changed: boolean;
}

/**
 * One batch's rows of the customer area: each read from its table at most once (most of them at once, by
 * `prefetch`), each written once.
 */
class CustomerAreaBatch {
  private readonly orders = new Map<string, BatchOrder>();
  /** Orders read and not found: no row yet. */
  private readonly noOrder = new Set<string>();
  private readonly services = new Map<string, BatchService>();

  constructor(private readonly db: Trx) {}

  /** Reads the rows of these services and orders that the batch has not read yet, a chunk a statement. */
  async prefetch(serviceIds: string[], orderIds: string[]): Promise<void> {
    for (const ids of chunks(serviceIds.filter((id) => !this.services.has(id)))) {
      const rows = await this.db
        .selectFrom('ca_services')
        .selectAll()
        .where('service_id', 'in', ids)
        .execute();
      for (const row of rows) this.keepService(row.service_id, row);
      for (const id of ids) if (!this.services.has(id)) this.keepService(id, undefined);
    }
    for (const ids of chunks(orderIds.filter((id) => !this.orders.has(id) && !this.noOrder.has(id)))) {
      const rows = await this.db
        .selectFrom('ca_orders')
        .select(['order_id', 'state', 'revision', 'updated_position'])
        .where('order_id', 'in', ids)
        .execute();
      for (const row of rows) this.keepOrder(row.order_id, row);
      for (const id of ids) if (!this.orders.has(id)) this.noOrder.add(id);
    }
  }

  /** The order as this batch left it, else as its row has it; undefined when it has no row yet. */
  async order(orderId: string): Promise<BatchOrder | undefined> {
    const kept = this.orders.get(orderId);
    if (kept || this.noOrder.has(orderId)) return kept;
    const row = await this.db
      .selectFrom('ca_orders')
      .select(['state', 'revision', 'updated_position'])
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (row) return this.keepOrder(orderId, row);
    this.noOrder.add(orderId);
    return undefined;
  }

  private keepOrder(
    orderId: string,
    row: { state: string; revision: number; updated_position: number | string },
  ): BatchOrder {
    const order: BatchOrder = {
      state: deserializeOrderState(row.state),
      revision: row.revision,
      position: Number(row.updated_position),
      written: row.revision,
      serviceName: '',
    };
    this.orders.set(orderId, order);
    return order;
  }

  addOrder(
    orderId: string,
    order: Pick<BatchOrder, 'state' | 'revision' | 'position' | 'serviceName'>,
  ): void {
    this.noOrder.delete(orderId);
    this.orders.set(orderId, { ...order, written: null });
  }

  /** The service's row as this batch left it, else as the table has it; null when there is none. */
  async service(serviceId: string): Promise<ServiceRow | null> {
    return (await this.serviceEntry(serviceId)).row;
  }

  /** A service activated: its row, unless it has one already (a redelivery). */
  async activate(row: ServiceRow): Promise<void> {
    const entry = await this.serviceEntry(row.service_id);
    if (entry.row) return;
    entry.row = row;
    entry.changed = true;
  }

  /**
   * Changes the service's row with what `change` answers for it (null: nothing), unless the row has seen
   * this event already (its position is not before the event's).
   */
  async changeService(
    serviceId: string,
    position: number,
    change: (row: ServiceRow) => Partial<ServiceRow> | null,
  ): Promise<void> {
    const entry = await this.serviceEntry(serviceId);
    if (!entry.row || entry.row.updated_position >= position) return;
    const columns = change(entry.row);
    if (!columns) return;
    entry.row = { ...entry.row, ...columns, updated_position: position };
    entry.changed = true;
  }

  private async serviceEntry(serviceId: string): Promise<BatchService> {
    return (
      this.services.get(serviceId) ??
      this.keepService(
        serviceId,
        await this.db
          .selectFrom('ca_services')
          .selectAll()
          .where('service_id', '=', serviceId)
          .executeTakeFirst(),
      )
    );
  }

  private keepService(serviceId: string, row: ServiceRow | undefined): BatchService {
    const stored = row ? { ...row, updated_position: Number(row.updated_position) } : null;
    const entry = { row: stored, stored: stored !== null, changed: false };
    this.services.set(serviceId, entry);
    return entry;
  }

  /** Writes what the batch changed: services before orders, each row once (new rows a chunk a statement). */
  async write(): Promise<void> {
    const newServices: ServiceRow[] = [];
    for (const { row, stored, changed } of this.services.values()) {
      if (!changed || !row) continue;
      if (!stored) newServices.push(row);
      else {
        const { service_id, ...columns } = row;
        await this.db.updateTable('ca_services').set(columns).where('service_id', '=', service_id).execute();
      }
    }
    for (const rows of chunks(newServices)) await this.db.insertInto('ca_services').values(rows).execute();
    const newOrders: CustomerAreaTables['ca_orders'][] = [];
    for (const [orderId, order] of this.orders) {
      if (order.written === order.revision) continue;
      const changed = {
        status: order.state.status,
        revision: order.revision,
        state: serializeOrderState(order.state),
        updated_position: order.position,
      };
      if (order.written !== null)
        await this.db.updateTable('ca_orders').set(changed).where('order_id', '=', orderId).execute();
      else
        newOrders.push({
          order_id: orderId,
          customer_id: order.state.customerId,
          service_id: order.state.serviceId,
          service_name: order.state.serviceName || order.serviceName,
          requested_at: order.state.requestedAt ?? '',
          ...changed,
        });
    }
    for (const rows of chunks(newOrders)) await this.db.insertInto('ca_orders').values(rows).execute();
  }
}
