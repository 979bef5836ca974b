import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, CommandMeta } from '@app/platform';
import { BusinessRuleViolation, NotFound, OpenOrderStatus, ServiceCommand, ServiceState } from '../domain';
import { CommandRunner, RunResult } from '../application/command-runner';
import { PAYMENT_GATEWAY, PaymentGateway } from '../application/payment-gateway';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StreamStates } from '../application/stream-states';
import { orderStream, serviceStream } from '../application/streams';
import {
  AutoRenewSetting,
  SwitchAutoRenewOffCommand,
  SwitchAutoRenewOnCommand,
} from './switch-auto-renew.command';

function setting(serviceId: string, result: RunResult<ServiceState>): AutoRenewSetting {
  const { state } = result;
  return {
    serviceId,
    autoRenew: state.autoRenew,
    years: state.autoRenewYears,
    paymentMethod: state.autoRenewPayment
      ? { method: state.autoRenewPayment.method, label: state.autoRenewPayment.label }
      : null,
    position: result.position,
  };
}

abstract class ServiceCommandHandler {
  constructor(
    protected readonly runner: CommandRunner,
    protected readonly deciders: Deciders,
    protected readonly states: StreamStates,
  ) {}

  protected run(
    serviceId: string,
    meta: CommandMeta,
    commandName: string,
    command: (now: Date, state: ServiceState) => ServiceCommand | Promise<ServiceCommand>,
  ): Promise<RunResult<ServiceState>> {
    return this.runner.run({
      streamId: serviceStream(serviceId),
      decider: this.deciders.service,
      meta,
      commandName,
      command,
      authorize: (state) => {
        const foreign = meta.actor.type === 'customer' && state.customerId !== meta.actor.id;
        if (!state.exists || foreign)
          throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
      },
    });
  }

  protected async statusOf(orderId: string | null): Promise<OpenOrderStatus | null> {
    if (!orderId) return null;
    const { state } = await this.states.load(orderStream(orderId), this.deciders.order);
    return state.status === 'NONE' ? 'MISSING' : state.status;
  }
}

/**
 * Auto-renew on: the card or PayPal account is stored at the payment provider first (only its token and
 * label are recorded), then the service records the switch with the term and the consents.
 */
@CommandHandler(SwitchAutoRenewOnCommand)
export class SwitchAutoRenewOnHandler
  extends ServiceCommandHandler
  implements ICommandHandler<SwitchAutoRenewOnCommand, AutoRenewSetting>
{
  constructor(
    runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) deciders: Deciders,
    states: StreamStates,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(runner, deciders, states);
  }

  async execute({ serviceId, payment, years, consents, meta }: SwitchAutoRenewOnCommand) {
    // Ownership first: nothing is sent to the provider for a service that is not the caller's.
    const { state: current } = await this.states.load(serviceStream(serviceId), this.deciders.service);
    if (!current.exists || (meta.actor.type === 'customer' && current.customerId !== meta.actor.id))
      throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
    const stored = await this.gateway.storePaymentMethod(current.customerId, payment, this.clock.now());
    if (stored.outcome === 'REFUSED')
      throw new BusinessRuleViolation('PAYMENT_METHOD_REFUSED', stored.reason, stored.field, {
        providerCode: stored.code,
      });
    const result = await this.run(serviceId, meta, 'SwitchAutoRenewOn', async (now, state) => ({
      type: 'SwitchAutoRenewOn',
      data: {
        payment: stored.stored,
        years,
        consents,
        openOrderStatus: await this.statusOf(state.openOrderId),
        now,
      },
    }));
    return setting(serviceId, result);
  }
}

@CommandHandler(SwitchAutoRenewOffCommand)
export class SwitchAutoRenewOffHandler
  extends ServiceCommandHandler
  implements ICommandHandler<SwitchAutoRenewOffCommand, AutoRenewSetting>
{
  constructor(runner: CommandRunner, @Inject(RENEWAL_CONTEXT) deciders: Deciders, states: StreamStates) {
    super(runner, deciders, states);
  }

  async execute({ serviceId, meta }: SwitchAutoRenewOffCommand) {
    const result = await this.run(serviceId, meta, 'SwitchAutoRenewOff', (now) => ({
      type: 'SwitchAutoRenewOff',
      data: { now },
    }));
    return setting(serviceId, result);
  }
}
