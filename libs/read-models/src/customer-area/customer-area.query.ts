import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import {
  NotFound,
  OpenOrderStatus,
  autoRenewChargeAt,
  graceEndsAt,
  deserializeOrderState,
  calendarOf,
  serviceAction,
} from '@app/renewals/domain';
import { orderView } from '@app/renewals';
import { CustomerAreaTables } from './customer-area.tables';

type ServiceRow = CustomerAreaTables['ca_services'];
type OrderRow = CustomerAreaTables['ca_orders'];

/** Reads the customer area: always scoped to the customer asking. */
/** A service is shown "in scadenza" from this many days before its expiry. */
export const EXPIRING_SOON_DAYS = 60;

@Injectable()
export class CustomerAreaQuery {
  private readonly db;

  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {
    this.db = db.withTables<CustomerAreaTables>();
  }

  async services(customerId: string, now: Date) {
    const rows = await this.db
      .selectFrom('ca_services')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('expires_at')
      .execute();
    return rows.map((row) => this.serviceView(row, now));
  }

  async service(customerId: string, serviceId: string, now: Date) {
    const row = await this.db
      .selectFrom('ca_services')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!row) throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
    return this.serviceView(row, now);
  }

  async orders(customerId: string) {
    const rows = await this.db
      .selectFrom('ca_orders')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('requested_at', 'desc')
      .execute();
    return rows.map((row) => this.orderView(row));
  }

  async order(customerId: string, orderId: string) {
    const row = await this.db
      .selectFrom('ca_orders')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!row) throw new NotFound('ORDER_NOT_FOUND', `Order ${orderId} was not found.`);
    return this.orderView(row);
  }

  private serviceView(row: ServiceRow, now: Date) {
    const expiresAt = new Date(row.expires_at);
    const autoRenew = row.auto_renew === 1;
    const openOrderStatus = row.open_order_status as OpenOrderStatus | null;
    const { policy, catalog } = this.deciders.context;
    const product = catalog.products.find((p) => p.code === row.product_code);
    const daysToExpiry = calendarOf(policy).daysBetween(now, expiresAt);
    return {
      serviceId: row.service_id,
      name: row.name,
      productCode: row.product_code,
      promotional: row.promotional === 1,
      holderEmail: row.holder_email,
      expiresAt: row.expires_at,
      // Days left, as the calendar in Europe/Rome counts them; "in scadenza" within EXPIRING_SOON_DAYS.
      daysToExpiry: daysToExpiry,
      expiringSoon: daysToExpiry >= 0 && daysToExpiry <= EXPIRING_SOON_DAYS,
      graceEndsAt: graceEndsAt(expiresAt, policy).toISOString(),
      action: serviceAction({ expiresAt, autoRenew, openOrderStatus }, now, policy),
      autoRenew,
      autoRenewal: {
        years: row.auto_renew_years,
        paymentMethod: row.auto_renew_method
          ? { method: row.auto_renew_method, label: row.auto_renew_label }
          : null,
        chargesAt: autoRenewChargeAt(expiresAt, policy).toISOString(),
      },
      addOns: {
        storageGb: (product?.includedStorageGb ?? 0) + row.storage_packs * policy.storagePackGb,
        storagePacks: row.storage_packs,
        extraUsers: row.extra_users,
        usersInUse: row.users_in_use,
        nso: row.nso === 1,
      },
      openOrder: row.open_order_id ? { orderId: row.open_order_id, status: openOrderStatus } : null,
      lastRenewedAt: row.last_renewed_at,
    };
  }

  /** The same view a command answers, of the state the row keeps; with the order's revision (its ETag). */
  private orderView(row: OrderRow) {
    const view = orderView(deserializeOrderState(row.state), this.deciders.context);
    return { ...view, serviceName: view.serviceName || row.service_name, revision: row.revision };
  }
}
