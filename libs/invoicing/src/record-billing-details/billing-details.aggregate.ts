import { Inject, Injectable } from '@nestjs/common';
import { NotFound } from '@app/kernel';
import { Actor } from '@app/event-store';
import { Aggregate, Deciders, RENEWAL_CONTEXT, StreamStates } from '@app/renewals';
import {
  BillingDetailsCommand,
  BillingDetailsEvent,
  BillingDetailsState,
  billingDetailsDecider,
  billingDetailsStream,
} from '../domain';

export const billingDetailsAggregate: Aggregate<
  BillingDetailsCommand,
  BillingDetailsEvent,
  BillingDetailsState
> = {
  decider: billingDetailsDecider,
  stream: billingDetailsStream,
  ownerOf: (state) => state.customerId,
  notFound: { code: 'SERVICE_NOT_FOUND', what: 'Service' },
};

/**
 * The billing details of a service, for whoever may see them: the service's customer or the back office.
 * The stream is the source (one short stream per service); a service that does not exist, or is another
 * customer's, is a 404 like every other service route.
 */
@Injectable()
export class ServiceBilling {
  constructor(
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  /** The service's customer, once the caller is known to be allowed to see the service. */
  async ownerFor(serviceId: string, actor: Actor): Promise<string> {
    const service = await this.states.stateOf(this.deciders.services, serviceId);
    if (!service.exists || (actor.type === 'customer' && service.customerId !== actor.id))
      throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
    return service.customerId;
  }

  async current(serviceId: string): Promise<BillingDetailsState> {
    return this.states.stateOf(billingDetailsAggregate, serviceId);
  }
}
