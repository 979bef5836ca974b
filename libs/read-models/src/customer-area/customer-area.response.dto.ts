import { Field } from '@app/platform';
import type { OpenOrderStatus, ServiceAction } from '@app/renewals/domain';
import type { OrderDto } from '@app/renewals';
import type { CustomerAreaQuery } from './customer-area.query';

const ACTIONS = ['RENEW', 'REACTIVATE', 'PAY_OPEN_ORDER', 'NONE_AUTO_RENEW', 'NONE_DELETED'] as const;
const OPEN_ORDER = ['CART', 'CHECKOUT', 'CONFIRMED', 'PAID', 'CANCELLED', 'EXPIRED', 'MISSING'] as const;

export class AutoRenewMethodDto {
  @Field.oneOf(['CREDIT_CARD', 'PAYPAL'], 'OnlineMethod', 'The method charged') method!: string;
  @Field.text('As the customer recognises it', 'Visa •••• 4242', { nullable: true }) label!: string | null;
}

export class AutoRenewalDto {
  @Field.integer('Years each auto-renewal buys', 1) years!: number;
  @Field.nested(() => AutoRenewMethodDto, 'What is charged', { nullable: true })
  paymentMethod!: AutoRenewMethodDto | null;
  @Field.at('When the charge is made, if auto-renew is on') chargesAt!: string;
}

export class ServiceAddOnsDto {
  @Field.integer('Storage in GB, the included and the packs', 3) storageGb!: number;
  @Field.integer('Storage packs', 2) storagePacks!: number;
  @Field.integer('Extra users', 2) extraUsers!: number;
  @Field.integer('Users in use (the cart cannot go below them)', 3) usersInUse!: number;
  @Field.flag('The NSO module') nso!: boolean;
}

export class OpenOrderDto {
  @Field.uuid('The open order') orderId!: string;
  @Field.oneOf(OPEN_ORDER, 'OpenOrderStatus', 'Its status', { nullable: true })
  status!: OpenOrderStatus | null;
}

/** A service in "I miei servizi", with the one action that applies now. */
export class ServiceDto {
  @Field.uuid('The service') serviceId!: string;
  @Field.text('Its name', 'FE Rossi S.r.l.') name!: string;
  @Field.text('The product', 'FE-STANDARD') productCode!: string;
  @Field.flag('A promotional product', false) promotional!: boolean;
  @Field.text('Where its emails go', 'mario.rossi@demo.it') holderEmail!: string;
  @Field.at('When it expires') expiresAt!: string;
  @Field.integer('Days left (Europe/Rome); negative once expired', 10) daysToExpiry!: number;
  @Field.flag('"In scadenza": expiring within 30 days') expiringSoon!: boolean;
  @Field.at('Until then an expired service can be reactivated') graceEndsAt!: string;
  @Field.oneOf(ACTIONS, 'ServiceAction', 'The one action the customer area offers now')
  action!: ServiceAction;
  @Field.flag('Whether it renews itself', false) autoRenew!: boolean;
  @Field.nested(() => AutoRenewalDto, 'The auto-renewal settings') autoRenewal!: AutoRenewalDto;
  @Field.nested(() => ServiceAddOnsDto, 'What the service has') addOns!: ServiceAddOnsDto;
  @Field.nested(() => OpenOrderDto, 'Its renewal order in progress', { nullable: true })
  openOrder!: OpenOrderDto | null;
  @Field.at('When it was last renewed', { nullable: true }) lastRenewedAt!: string | null;
}

// The query's answers are these DTOs' shapes: the compiler checks it, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const serviceShape: Same<Awaited<ReturnType<CustomerAreaQuery['service']>>, ServiceDto> = true;
const orderShape: Same<Awaited<ReturnType<CustomerAreaQuery['order']>>, OrderDto> = true;
void serviceShape;
void orderShape;
