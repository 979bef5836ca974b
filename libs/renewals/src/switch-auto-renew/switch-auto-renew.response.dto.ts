import { Field } from '@app/platform';
import { AutoRenewSetting } from './switch-auto-renew.command';

export class StoredPaymentMethodDto {
  @Field.oneOf(['CREDIT_CARD', 'PAYPAL'], 'OnlineMethod', 'The method charged') method!: string;
  @Field.text('As the customer recognises it; never the card number', 'Visa •••• 4242') label!: string;
}

/** A service's auto-renew setting after the change. */
export class AutoRenewSettingDto implements AutoRenewSetting {
  @Field.uuid('The service') serviceId!: string;
  @Field.flag('Whether the service renews itself') autoRenew!: boolean;
  @Field.integer('Years renewed each time', 1) years!: number;
  @Field.nested(() => StoredPaymentMethodDto, 'What is charged', { nullable: true })
  paymentMethod!: StoredPaymentMethodDto | null;
  @Field.integer('The change’s position (X-Min-Position)', 31, { nullable: true }) position!: number | null;
}
