import { Inject, Injectable } from '@nestjs/common';
import { OpenOrderStatus, OrderState, ServiceState } from '../domain';
import { Deciders, RENEWAL_CONTEXT } from './renewal-context';
import { StreamStates } from './stream-states';

/**
 * What became of a service's open order: the service decider needs it (one open order per service) and it
 * lives in another stream, so it is read before the service's command runs.
 */
@Injectable()
export class OpenOrders {
  constructor(
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  /** The service as it is now, and its open order (null when none). */
  async load(serviceId: string): Promise<{ service: ServiceState; order: OrderState | null }> {
    const { services, orders } = this.deciders;
    const service = await this.states.stateOf(services, serviceId);
    const order = service.openOrderId ? await this.states.stateOf(orders, service.openOrderId) : null;
    return { service, order };
  }

  async statusOf(serviceId: string): Promise<OpenOrderStatus | null> {
    const { service, order } = await this.load(serviceId);
    if (!service.openOrderId || !order) return null;
    return order.status === 'NONE' ? 'MISSING' : order.status;
  }
}
