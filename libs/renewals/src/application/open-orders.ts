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
    const { state: service } = await this.states.load(services.stream(serviceId), services.decider);
    const order = service.openOrderId
      ? (await this.states.load(orders.stream(service.openOrderId), orders.decider)).state
      : null;
    return { service, order };
  }

  async statusOf(serviceId: string): Promise<OpenOrderStatus | null> {
    const { service, order } = await this.load(serviceId);
    if (!service.openOrderId || !order) return null;
    return order.status === 'NONE' ? 'MISSING' : order.status;
  }
}
