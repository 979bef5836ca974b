import { EventSourcedDecider } from '@app/kernel';
import {
  OrderCommand,
  OrderContext,
  OrderEvent,
  OrderState,
  ServiceCommand,
  ServiceEvent,
  ServiceState,
  orderDecider,
  orderStream,
  serviceDecider,
  serviceStream,
} from '../domain';

/**
 * An event-sourced aggregate as the command runner uses it: its decider (with its decoder), its stream
 * name, who owns an instance (a customer acting on another's gets a 404) and the code of that 404.
 */
export interface Aggregate<Command, Event extends { type: string; data: unknown }, State> {
  decider: EventSourcedDecider<Command, Event, State>;
  stream(id: string): string;
  /** The customer an instance belongs to; null when it does not exist. */
  ownerOf(state: State): string | null;
  notFound: { code: string; what: string };
}

/** The configuration the deciders need (catalog, policy, documents, payee), and the aggregates built from it. */
export const RENEWAL_CONTEXT = Symbol('RENEWAL_CONTEXT');

export class Deciders {
  readonly order;
  readonly service;
  readonly orders: Aggregate<OrderCommand, OrderEvent, OrderState>;
  readonly services: Aggregate<ServiceCommand, ServiceEvent, ServiceState>;

  constructor(readonly context: OrderContext) {
    this.order = orderDecider(context);
    this.service = serviceDecider(context.policy, context.documents);
    this.orders = {
      decider: this.order,
      stream: orderStream,
      ownerOf: (state) => (state.status === 'NONE' ? null : state.customerId),
      notFound: { code: 'ORDER_NOT_FOUND', what: 'Order' },
    };
    this.services = {
      decider: this.service,
      stream: serviceStream,
      ownerOf: (state) => (state.exists ? state.customerId : null),
      notFound: { code: 'SERVICE_NOT_FOUND', what: 'Service' },
    };
  }
}
