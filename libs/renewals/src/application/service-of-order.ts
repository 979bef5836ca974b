import { Inject, Injectable } from '@nestjs/common';
import { CommandMeta } from '@app/platform';
import { OrderState, ServiceCommand, Untimed } from '../domain';
import { CommandRunner } from './command-runner';
import { Deciders, RENEWAL_CONTEXT } from './renewal-context';
import { StreamStates } from './stream-states';

/**
 * A process's step on the service an order is for (renew it with what was paid, release the open order):
 * the order is read first, then the service decides.
 */
@Injectable()
export class ServiceOfOrder {
  constructor(
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async run(
    orderId: string,
    command: (order: OrderState) => Untimed<ServiceCommand>,
    meta: CommandMeta,
    at: Date,
  ): Promise<void> {
    const { orders, services } = this.deciders;
    const order = await this.states.stateOf(orders, orderId);
    if (order.status === 'NONE') throw new Error(`Order ${orderId} does not exist`);
    await this.runner.run(services, order.serviceId, command(order), meta, { at });
  }
}
