import { combineDecoders } from '@app/kernel';
import { OrderEvent, orderEvents } from './order/order.events';
import { ServiceEvent, serviceEvents } from './service/service.events';

/** Every event of the renewals context (services and their orders), for what reads both. */
export type RenewalEvent = OrderEvent | ServiceEvent;
export const renewalEvents = combineDecoders(orderEvents, serviceEvents);
