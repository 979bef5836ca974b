import { Inject, Injectable } from '@nestjs/common';
import { CommandMeta } from '@app/platform';
import { NotFound, OpenOrderStatus, ServiceCommand, ServiceState } from '../domain';
import { CommandRunner, RunResult } from './command-runner';
import { Deciders, RENEWAL_CONTEXT } from './renewal-context';
import { StreamStates } from './stream-states';
import { orderStream, serviceStream } from './streams';

/** A customer acting on another customer's service (or on none) gets a 404. */
function requireOwner(state: ServiceState, serviceId: string, meta: CommandMeta): void {
  const foreign = meta.actor.type === 'customer' && state.customerId !== meta.actor.id;
  if (!state.exists || foreign)
    throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
}

/** Runs service commands for their owner, and tells what became of a service's open order. */
@Injectable()
export class Services {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly states: StreamStates,
  ) {}

  execute(
    serviceId: string,
    meta: CommandMeta,
    commandName: string,
    command: (now: Date, state: ServiceState) => ServiceCommand | Promise<ServiceCommand>,
    /** The time of the decision, when it is not now (a scheduled action decides as of its due time). */
    at?: Date,
  ): Promise<RunResult<ServiceState>> {
    return this.runner.run({
      streamId: serviceStream(serviceId),
      decider: this.deciders.service,
      meta,
      commandName,
      command,
      now: at,
      authorize: (state) => requireOwner(state, serviceId, meta),
    });
  }

  /** The service as it is now, for its owner (before a side effect that must not happen for anyone else). */
  async load(serviceId: string, meta: CommandMeta): Promise<ServiceState> {
    const { state } = await this.states.load(serviceStream(serviceId), this.deciders.service);
    requireOwner(state, serviceId, meta);
    return state;
  }

  /** The status of the service's open order, which the service decider needs; null when none is open. */
  async openOrderStatus(service: ServiceState): Promise<OpenOrderStatus | null> {
    if (!service.openOrderId) return null;
    const { state } = await this.states.load(orderStream(service.openOrderId), this.deciders.order);
    return state.status === 'NONE' ? 'MISSING' : state.status;
  }
}
