import { OrderContext, orderDecider, serviceDecider } from '../domain';

/** The configuration the deciders need (catalog, policy, documents, payee), and the deciders built from it. */
export const RENEWAL_CONTEXT = Symbol('RENEWAL_CONTEXT');

export class Deciders {
  readonly order;
  readonly service;
  constructor(readonly context: OrderContext) {
    this.order = orderDecider(context);
    this.service = serviceDecider(context.policy, context.documents);
  }
}
