import { RenewalStart } from './order/order.decider';
import { RenewalKind } from './order/order.events';
import { ServiceState } from './service/service.events';

/** What a renewal order of the service starts from: its name, product and expiry, the add-ons active so far. */
export function renewalStartOf(
  service: ServiceState,
  orderId: string,
  kind: RenewalKind,
): Omit<RenewalStart, 'now'> {
  return {
    orderId,
    serviceId: service.serviceId,
    serviceName: service.name,
    customerId: service.customerId,
    kind,
    productCode: service.productCode,
    serviceExpiresAt: service.expiresAt,
    current: service.items,
    usersInUse: service.usersInUse,
  };
}
