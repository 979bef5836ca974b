import { CommandMeta } from '@app/platform';
import { ConsentType } from '../domain';
import { PaymentDetails } from '../application/payment-gateway';

export class SwitchAutoRenewOnCommand {
  constructor(
    readonly serviceId: string,
    readonly payment: PaymentDetails,
    readonly years: number,
    readonly consents: Partial<Record<ConsentType, string>>,
    readonly meta: CommandMeta,
  ) {}
}

export class SwitchAutoRenewOffCommand {
  constructor(
    readonly serviceId: string,
    readonly meta: CommandMeta,
  ) {}
}

export interface AutoRenewSetting {
  serviceId: string;
  autoRenew: boolean;
  years: number;
  /** The stored card or PayPal account, as the customer recognises it; never its number. */
  paymentMethod: { method: string; label: string } | null;
  position: number | null;
}
