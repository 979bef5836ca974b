import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { StreamStates } from '../application/stream-states';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { orderStream, serviceStream } from '../application/streams';
import {
  ReleaseRenewalOrderCommand,
  RenewServiceCommand,
  SuspendAutoRenewCommand,
} from './renew-service.command';

async function loadOrder(states: StreamStates, deciders: Deciders, orderId: string) {
  const { state } = await states.load(orderStream(orderId), deciders.order);
  if (state.status === 'NONE') throw new Error(`Order ${orderId} does not exist`);
  return state;
}

/** New expiry = old expiry + years; the add-ons bought in the order apply now. */
@CommandHandler(RenewServiceCommand)
export class RenewServiceHandler implements ICommandHandler<RenewServiceCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly states: StreamStates,
  ) {}

  async execute({ orderId, paidAt, meta }: RenewServiceCommand): Promise<void> {
    const order = await loadOrder(this.states, this.deciders, orderId);
    await this.runner.run({
      streamId: serviceStream(order.serviceId),
      decider: this.deciders.service,
      meta,
      commandName: 'RenewService',
      now: paidAt,
      command: (now) => ({
        type: 'RenewService' as const,
        data: {
          orderId,
          orderNumber: order.orderNumber ?? '',
          years: order.years,
          items: order.cart,
          autoRenew: order.autoRenew,
          now,
        },
      }),
    });
  }
}

@CommandHandler(SuspendAutoRenewCommand)
export class SuspendAutoRenewHandler implements ICommandHandler<SuspendAutoRenewCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ serviceId, orderId, at, meta }: SuspendAutoRenewCommand): Promise<void> {
    await this.runner.run({
      streamId: serviceStream(serviceId),
      decider: this.deciders.service,
      meta,
      commandName: 'SuspendAutoRenew',
      now: at,
      command: (now) => ({ type: 'SuspendAutoRenew' as const, data: { orderId, now } }),
    });
  }
}

@CommandHandler(ReleaseRenewalOrderCommand)
export class ReleaseRenewalOrderHandler implements ICommandHandler<ReleaseRenewalOrderCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly states: StreamStates,
  ) {}

  async execute({ orderId, reason, at, meta }: ReleaseRenewalOrderCommand): Promise<void> {
    const order = await loadOrder(this.states, this.deciders, orderId);
    await this.runner.run({
      streamId: serviceStream(order.serviceId),
      decider: this.deciders.service,
      meta,
      commandName: 'ReleaseRenewalOrder',
      now: at,
      command: (now) => ({ type: 'ReleaseRenewalOrder' as const, data: { orderId, reason, now } }),
    });
  }
}
