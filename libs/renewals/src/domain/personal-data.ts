import { PersonalDataPolicy } from '@app/kernel';
import { OrderEventOf } from './order/order.events';
import { ServiceEventOf } from './service/service.events';

/**
 * The personal data in the services' and orders' events (decisions.md #34): the service's name (often
 * the holder's), the holder's email, the stored card's or PayPal account's label, and what a customer
 * wrote when cancelling. A service's or order's later events belong to whom its first event names.
 */
export const renewalsPersonalData: PersonalDataPolicy = {
  ServiceActivated: {
    subject: (data: ServiceEventOf<'ServiceActivated'>['data']) => data.customerId,
    personal: ['name', 'holderEmail', 'autoRenewPayment.label'],
  },
  AutoRenewSwitchedOn: { personal: ['payment.label'] },
  RenewalRequested: {
    subject: (data: OrderEventOf<'RenewalRequested'>['data']) => data.customerId,
    personal: ['serviceName'],
  },
  OrderCancelled: { personal: ['reason'] },
};
