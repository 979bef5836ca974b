import { Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables, Projection } from '@app/platform';
import { OrderEvent, ServiceEvent } from '@app/renewals/domain';
import { CustomerAreaTables } from './customer-area.tables';

type Trx = Transaction<PlatformTables & CustomerAreaTables>;

/**
 * The customer area: my services and my orders. Rows remember the position of the last event applied,
 * so applying an event twice changes nothing.
 */
@Injectable()
export class CustomerAreaProjection implements Projection {
  readonly name = 'customer-area';

  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    const db = trx.withTables<CustomerAreaTables>();
    await db.deleteFrom('ca_orders').execute();
    await db.deleteFrom('ca_services').execute();
  }

  async apply(trx: Transaction<PlatformTables>, stored: StoredEvent): Promise<void> {
    const db = trx.withTables<CustomerAreaTables>() as Trx;
    const event = { type: stored.type, data: stored.data } as OrderEvent | ServiceEvent;
    const position = stored.position;
    const service = (serviceId: string) =>
      db
        .updateTable('ca_services')
        .where('service_id', '=', serviceId)
        .where('updated_position', '<', position);
    const order = (orderId: string) =>
      db.updateTable('ca_orders').where('order_id', '=', orderId).where('updated_position', '<', position);
    const openOrderStatus = async (orderId: string, status: string) =>
      service((await this.serviceOf(db, orderId)) ?? '')
        .where('open_order_id', '=', orderId)
        .set({ open_order_status: status, updated_position: position })
        .execute();

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
      case 'RenewalRequested': {
        const d = event.data;
        const owner = await db
          .selectFrom('ca_services')
          .select('name')
          .where('service_id', '=', d.serviceId)
          .executeTakeFirst();
        await db
          .insertInto('ca_orders')
          .values({
            order_id: d.orderId,
            customer_id: d.customerId,
            service_id: d.serviceId,
            service_name: d.serviceName ?? owner?.name ?? '',
            kind: d.kind,
            status: 'CART',
            order_number: null,
            cart: JSON.stringify({ ...d.current, agreementCode: null }),
            min_extra_users: d.minExtraUsers,
            agreement_code: null,
            years: d.years,
            payment_method: null,
            payment_warnings: '[]',
            auto_renew: 0,
            quote: JSON.stringify(d.quote),
            consents: '[]',
            payment_instructions: null,
            pay_by: null,
            requested_at: d.requestedAt,
            confirmed_at: null,
            paid_at: null,
            paid_method: null,
            cancelled_at: null,
            cancel_reason: null,
            origin: d.origin ?? 'CUSTOMER',
            charge_declined: null,
            updated_position: position,
          })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .execute();
        return;
      }
      case 'CartModified': {
        const d = event.data;
        await order(d.orderId)
          .set({
            cart: JSON.stringify({ ...d.cart, agreementCode: d.agreementCode }),
            agreement_code: d.agreementCode,
            quote: JSON.stringify(d.quote),
            updated_position: position,
          })
          .execute();
        return;
      }
      case 'CheckoutStarted':
        await order(event.data.orderId)
          .set({ status: 'CHECKOUT', quote: JSON.stringify(event.data.quote), updated_position: position })
          .execute();
        await openOrderStatus(event.data.orderId, 'CHECKOUT');
        return;
      case 'PaymentMethodChosen':
        await order(event.data.orderId)
          .set({
            payment_method: event.data.method,
            payment_warnings: JSON.stringify(event.data.warnings),
            updated_position: position,
          })
          .execute();
        return;
      case 'TermChosen':
        await order(event.data.orderId)
          .set({
            years: event.data.years,
            quote: JSON.stringify(event.data.quote),
            updated_position: position,
          })
          .execute();
        return;
      case 'AutoRenewChosen':
        await order(event.data.orderId)
          .set({ auto_renew: event.data.enabled ? 1 : 0, updated_position: position })
          .execute();
        return;
      case 'ConsentsRecorded':
        await order(event.data.orderId)
          .set({ consents: JSON.stringify(event.data.consents), updated_position: position })
          .execute();
        return;
      case 'OrderConfirmed': {
        const d = event.data;
        await order(d.orderId)
          .set({
            status: 'CONFIRMED',
            order_number: d.orderNumber,
            payment_method: d.paymentMethod,
            auto_renew: d.autoRenew ? 1 : 0,
            years: d.years,
            quote: JSON.stringify(d.quote),
            payment_instructions: JSON.stringify(d.paymentInstructions),
            pay_by: d.payBy,
            confirmed_at: d.confirmedAt,
            updated_position: position,
          })
          .execute();
        await openOrderStatus(d.orderId, 'CONFIRMED');
        return;
      }
      case 'OrderCancelled':
        await order(event.data.orderId)
          .set({
            status: 'CANCELLED',
            cancelled_at: event.data.cancelledAt,
            cancel_reason: event.data.reason,
            updated_position: position,
          })
          .execute();
        await openOrderStatus(event.data.orderId, 'CANCELLED');
        return;
      case 'PaymentRegistered':
        await order(event.data.orderId)
          .set({
            status: 'PAID',
            paid_at: event.data.registeredAt,
            paid_method: event.data.method,
            updated_position: position,
          })
          .execute();
        await openOrderStatus(event.data.orderId, 'PAID');
        return;
      case 'OrderExpired':
        await order(event.data.orderId).set({ status: 'EXPIRED', updated_position: position }).execute();
        await openOrderStatus(event.data.orderId, 'EXPIRED');
        return;
      case 'AutoRenewalChargeDeclined': {
        const d = event.data;
        await order(d.orderId)
          .set({
            charge_declined: JSON.stringify({ code: d.code, reason: d.reason, declinedAt: d.declinedAt }),
            updated_position: position,
          })
          .execute();
        return;
      }
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
      case 'PaymentRefundDue':
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

  private async serviceOf(db: Trx, orderId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('ca_orders')
      .select('service_id')
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    return row?.service_id;
  }
}
