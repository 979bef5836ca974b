import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@app/platform';
import { BusinessRuleViolation, ServiceState } from '../domain';
import { RunResult } from '../application/command-runner';
import { PAYMENT_GATEWAY, PaymentGateway } from '../application/payment-gateway';
import { Services } from '../application/services';
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
    private readonly services: Services,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ serviceId, payment, years, consents, meta }: SwitchAutoRenewOnCommand) {
    // Ownership first: nothing is sent to the provider for a service that is not the caller's.
    const current = await this.services.load(serviceId, meta);
    const stored = await this.gateway.storePaymentMethod(current.customerId, payment, this.clock.now());
    if (stored.outcome === 'REFUSED')
      throw new BusinessRuleViolation('PAYMENT_METHOD_REFUSED', stored.reason, stored.field, {
        providerCode: stored.code,
      });
    const result = await this.services.execute(serviceId, meta, 'SwitchAutoRenewOn', async (now, state) => ({
      type: 'SwitchAutoRenewOn',
      data: {
        payment: stored.stored,
        years,
        consents,
        openOrderStatus: await this.services.openOrderStatus(state),
        now,
      },
    }));
    return setting(serviceId, result);
  }
}

@CommandHandler(SwitchAutoRenewOffCommand)
export class SwitchAutoRenewOffHandler implements ICommandHandler<
  SwitchAutoRenewOffCommand,
  AutoRenewSetting
> {
  constructor(private readonly services: Services) {}

  async execute({ serviceId, meta }: SwitchAutoRenewOffCommand) {
    const result = await this.services.execute(serviceId, meta, 'SwitchAutoRenewOff', (now) => ({
      type: 'SwitchAutoRenewOff',
      data: { now },
    }));
    return setting(serviceId, result);
  }
}
