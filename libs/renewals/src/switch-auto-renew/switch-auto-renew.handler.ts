import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@app/platform';
import { BusinessRuleViolation, NotFound, ServiceState } from '../domain';
import { CommandRunner, RunResult } from '../application/command-runner';
import { OpenOrders } from '../application/open-orders';
import { PAYMENT_GATEWAY, PaymentGateway } from '../application/payment-gateway';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
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

/**
 * Auto-renew on: the card or PayPal account is stored at the payment provider first (only its token and
 * label are recorded), then the service records the switch with the term and the consents.
 */
@CommandHandler(SwitchAutoRenewOnCommand)
export class SwitchAutoRenewOnHandler implements ICommandHandler<SwitchAutoRenewOnCommand, AutoRenewSetting> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly openOrders: OpenOrders,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ serviceId, payment, years, consents, meta }: SwitchAutoRenewOnCommand) {
    // Ownership first: nothing is sent to the provider for a service that is not the caller's.
    const { service, order } = await this.openOrders.load(serviceId);
    const owner = this.deciders.services.ownerOf(service);
    if (!owner || (meta.actor.type === 'customer' && owner !== meta.actor.id))
      throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
    const stored = await this.gateway.storePaymentMethod(service.customerId, payment, this.clock.now());
    if (stored.outcome === 'REFUSED')
      throw new BusinessRuleViolation('PAYMENT_METHOD_REFUSED', stored.reason, stored.field, {
        providerCode: stored.code,
      });
    const openOrderStatus =
      service.openOrderId && order ? (order.status === 'NONE' ? 'MISSING' : order.status) : null;
    const result = await this.runner.run(
      this.deciders.services,
      serviceId,
      { type: 'SwitchAutoRenewOn', data: { payment: stored.stored, years, consents, openOrderStatus } },
      meta,
    );
    return setting(serviceId, result);
  }
}

@CommandHandler(SwitchAutoRenewOffCommand)
export class SwitchAutoRenewOffHandler implements ICommandHandler<
  SwitchAutoRenewOffCommand,
  AutoRenewSetting
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ serviceId, meta }: SwitchAutoRenewOffCommand) {
    const result = await this.runner.run(
      this.deciders.services,
      serviceId,
      { type: 'SwitchAutoRenewOff', data: {} },
      meta,
    );
    return setting(serviceId, result);
  }
}
