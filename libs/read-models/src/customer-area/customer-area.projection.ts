import { Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import { PlatformTables, ProjectedEvent, Projection } from '@app/platform';
import {
  OrderEvent,
  RenewalEvent,
  deserializeOrderState,
  evolveOrder,
  initialOrderState,
  renewalEvents,
  serializeOrderState,
} from '@app/renewals/domain';
import { CustomerAreaTables } from './customer-area.tables';

type Trx = Transaction<PlatformTables & CustomerAreaTables>;

/**
 * The customer area: my services and my orders. Rows remember the position of the last event applied,
 * so applying an event twice changes nothing.
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

  async apply(
    trx: Transaction<PlatformTables>,
    { event, position, revision }: ProjectedEvent<RenewalEvent>,
  ): Promise<void> {
    const db = trx.withTables<CustomerAreaTables>() as Trx;
    const service = (serviceId: string) =>
      db
        .updateTable('ca_services')
        .where('service_id', '=', serviceId)
        .where('updated_position', '<', position);

    switch (event.type) {
      case 'ServiceActivated': {
        const d = event.data;
        await db
          .insertInto('ca_services')
          .values({
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
          })
          .onConflict((oc) => oc.column('service_id').doNothing())
          .execute();
        return;
      }
      case 'RenewalOrderOpened': {
        const existing = await db
          .selectFrom('ca_orders')
          .select('status')
          .where('order_id', '=', event.data.orderId)
          .executeTakeFirst();
        await service(event.data.serviceId)
          .set({
            open_order_id: event.data.orderId,
            open_order_status: existing?.status ?? 'CART',
            updated_position: position,
          })
          .execute();
        return;
      }
      case 'RenewalOrderReleased':
        await service(event.data.serviceId)
          .where('open_order_id', '=', event.data.orderId)
          .set({ open_order_id: null, open_order_status: null, updated_position: position })
          .execute();
        return;
      case 'ServiceRenewed':
      case 'ServiceReactivated': {
        const d = event.data;
        const current = await db
          .selectFrom('ca_services')
          .select('open_order_id')
          .where('service_id', '=', d.serviceId)
          .executeTakeFirst();
        const closesOpenOrder = current?.open_order_id === d.orderId;
        await service(d.serviceId)
          .set({
            expires_at: d.expiresAt,
            storage_packs: d.storagePacks,
            extra_users: d.extraUsers,
            nso: d.nso ? 1 : 0,
            auto_renew: d.autoRenew ? 1 : 0,
            ...(d.autoRenew ? { auto_renew_years: d.years } : {}),
            last_renewed_at: d.renewedAt,
            ...(closesOpenOrder ? { open_order_id: null, open_order_status: null } : {}),
            updated_position: position,
          })
          .execute();
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
        return this.applyToOrder(db, event, revision, position);
      case 'AutoRenewSwitchedOn': {
        const d = event.data;
        await service(d.serviceId)
          .set({
            auto_renew: 1,
            auto_renew_years: d.years,
            auto_renew_method: d.payment.method,
            auto_renew_label: d.payment.label,
            updated_position: position,
          })
          .execute();
        return;
      }
      case 'AutoRenewSwitchedOff':
        await service(event.data.serviceId).set({ auto_renew: 0, updated_position: position }).execute();
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
  private async applyToOrder(db: Trx, event: OrderEvent, revision: number, position: number): Promise<void> {
    const orderId = event.data.orderId;
    const row = await db
      .selectFrom('ca_orders')
      .select(['state', 'revision', 'service_id', 'status'])
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (row && row.revision >= revision) return;
    const state = evolveOrder(row ? deserializeOrderState(row.state) : initialOrderState(), event);
    if (!row) {
      const owner = await db
        .selectFrom('ca_services')
        .select('name')
        .where('service_id', '=', state.serviceId)
        .executeTakeFirst();
      await db
        .insertInto('ca_orders')
        .values({
          order_id: orderId,
          customer_id: state.customerId,
          service_id: state.serviceId,
          service_name: state.serviceName || (owner?.name ?? ''),
          status: state.status,
          requested_at: state.requestedAt ?? '',
          revision,
          state: serializeOrderState(state),
          updated_position: position,
        })
        .execute();
    } else
      await db
        .updateTable('ca_orders')
        .set({
          status: state.status,
          revision,
          state: serializeOrderState(state),
          updated_position: position,
        })
        .where('order_id', '=', orderId)
        .execute();
    // The service shows its open order's status (the action it offers depends on it).
    if (row && row.status !== state.status)
      await db
        .updateTable('ca_services')
        .set({ open_order_status: state.status, updated_position: position })
        .where('service_id', '=', state.serviceId)
        .where('open_order_id', '=', orderId)
        .where('updated_position', '<', position)
        .execute();
  }
}
