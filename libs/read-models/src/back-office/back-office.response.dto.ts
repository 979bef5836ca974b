import { ApiProperty } from '@nestjs/swagger';
import { Field, GRANULARITIES, Granularity, ProjectionStatusDto } from '@app/platform';
import { RegistrationTimeDto } from '@app/renewals';
import { PAYMENT_METHODS, type PaymentMethod } from '@app/renewals/domain';
import type { BackOfficeQuery } from './back-office.query';
import type { DashboardQuery } from './dashboard.query';

const STATUSES = ['CART', 'CHECKOUT', 'CONFIRMED', 'PAID', 'CANCELLED', 'EXPIRED'];
const ORIGINS = ['CUSTOMER', 'AUTO_RENEW'];

export class CustomerRefDto {
  @Field.uuid('The customer', { nullable: true }) id!: string | null;
  @Field.text('Their name', 'Mario Rossi', { nullable: true }) name!: string | null;
  @Field.text('Their email', 'mario.rossi@demo.it', { nullable: true }) email!: string | null;
}

/** An order as the back office finds it. */
export class FoundOrderDto {
  @Field.uuid('The order') orderId!: string;
  @Field.text('Its number, once confirmed', 'FE-2026-000001', { nullable: true }) orderNumber!: string | null;
  @Field.oneOf(STATUSES, 'OrderStatus', 'Where it is') status!: string;
  @Field.oneOf(ORIGINS, 'OrderOrigin', 'Who opened it') origin!: string;
  @Field.uuid('The service', { nullable: true }) serviceId!: string | null;
  @Field.text('The service’s name', 'FE Studio Rossi', { nullable: true }) serviceName!: string | null;
  @Field.nested(() => CustomerRefDto, 'Whose order it is') customer!: CustomerRefDto;
  @Field.cents('Its gross total', 3050) grossCents!: number;
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'The method chosen', { nullable: true })
  paymentMethod!: string | null;
  @Field.at('Opened') requestedAt!: string;
  @Field.at('Confirmed', { nullable: true }) confirmedAt!: string | null;
  @Field.at('Paid', { nullable: true }) paidAt!: string | null;
}

/** A confirmed order awaiting payment, with its age against the method's registration time. */
export class AwaitingPaymentDto {
  @Field.uuid('The order') orderId!: string;
  @Field.text('Its number', 'FE-2026-000001') orderNumber!: string;
  @Field.uuid('The customer') customerId!: string;
  @Field.uuid('The service') serviceId!: string;
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'The method chosen') paymentMethod!: PaymentMethod;
  @Field.cents('What is due', 6100) amountCents!: number;
  @Field.at('Confirmed') confirmedAt!: string;
  @Field.at('It expires unpaid then') payBy!: string;
  @Field.integer('Days since confirmation', 0) ageDays!: number;
  @Field.integer('Working days since confirmation', 0) ageWorkingDays!: number;
  @Field.nested(() => RegistrationTimeDto, 'How long the method takes to register')
  registration!: RegistrationTimeDto;
  @Field.flag('Past the method’s latest registration time', false) late!: boolean;
}

export class RefundDueDto {
  @Field.text('The payment', 'CRO-LATE-9') transactionId!: string;
  @Field.uuid('The order it came for') orderId!: string;
  @Field.text('Its number', 'FE-2026-000001') orderNumber!: string;
  @Field.cents('Amount received', 3050) amountCents!: number;
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'How it came in') method!: string;
  @Field.oneOf(
    ['ORDER_CANCELLED', 'ORDER_EXPIRED', 'ORDER_ALREADY_PAID'],
    'RefundReason',
    'Why it is refunded',
  )
  reason!: string;
  @Field.at('When it was registered') registeredAt!: string;
  @Field.at('When it was sent back', { nullable: true }) refundedAt!: string | null;
  @Field.text('The refund’s reference', 'TRN 5544332211', { nullable: true }) refundReference!: string | null;
}

export class DashboardRangeDto {
  @Field.text('First day (Europe/Rome), inclusive', '2026-11-01', { nullable: true }) from!: string | null;
  @Field.text('Last day, inclusive', '2026-11-30', { nullable: true }) to!: string | null;
  @Field.oneOf(
    GRANULARITIES,
    'Granularity',
    'How revenue and invoices are summed over time: by day or by month',
  )
  by!: Granularity;
  @Field.at('When the figures were read') asOf!: string;
}

export class AmountCountDto {
  @Field.integer('Orders', 1) orders!: number;
  @Field.cents('Their amount', 6100) amountCents!: number;
}

export class RefundsDueDto {
  @Field.integer('Payments', 0) payments!: number;
  @Field.cents('Their amount', 0) amountCents!: number;
}

export class KpisDto {
  @Field.cents('Revenue registered in the range', 0) revenueCents!: number;
  @Field.integer('Orders paid in the range', 0) paidOrders!: number;
  @Field.cents('Invoiced in the range, by the invoices’ date (VAT included)', 0) invoicedCents!: number;
  @Field.number('Paid of requested, %; null with none requested', 0, { nullable: true })
  conversionPercent!: number | null;
  @Field.nested(() => AmountCountDto, 'Awaiting payment now') awaitingPayment!: AmountCountDto;
  @Field.nested(() => RefundsDueDto, 'Payments to refund now') refundsDue!: RefundsDueDto;
}

export class ConversionDto {
  @Field.number('Checked out of requested, %', 100, { nullable: true }) checkout!: number | null;
  @Field.number('Confirmed of checked out, %', 100, { nullable: true }) confirm!: number | null;
  @Field.number('Paid of confirmed, %', 0, { nullable: true }) pay!: number | null;
  @Field.number('Paid of requested, %', 0, { nullable: true }) overall!: number | null;
}

export class FunnelDto {
  @Field.integer('Orders opened', 1) requested!: number;
  @Field.integer('Of them, checked out', 1) checkedOut!: number;
  @Field.integer('Confirmed', 1) confirmed!: number;
  @Field.integer('Paid', 0) paid!: number;
  @Field.nested(() => ConversionDto, 'Conversion at each step') conversionPercent!: ConversionDto;
}

export class RevenuePeriodDto {
  @Field.text('The day (YYYY-MM-DD, Europe/Rome) or the month (YYYY-MM)', '2026-11-25') period!: string;
  @Field.integer('Payments registered', 1) payments!: number;
  @Field.cents('Gross', 6100) grossCents!: number;
  @Field.cents('Taxable', 5000) taxableCents!: number;
}

export class InvoicedPeriodDto {
  @Field.text('The invoices’ date (YYYY-MM-DD, Europe/Rome) or month (YYYY-MM)', '2026-11-25')
  period!: string;
  @Field.integer('Invoices of that date or month', 1) invoices!: number;
  @Field.cents('Taxable', 5000) taxableCents!: number;
  @Field.cents('VAT', 1100) vatCents!: number;
  @Field.cents('Total', 6100) totalCents!: number;
}

export class RevenueByMethodDto {
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'How it was paid') method!: string;
  @Field.integer('Payments', 1) payments!: number;
  @Field.cents('Gross', 6100) grossCents!: number;
}

export class RevenueByOriginDto {
  @Field.oneOf(ORIGINS, 'OrderOrigin', 'Who opened the orders') origin!: string;
  @Field.integer('Payments', 1) payments!: number;
  @Field.cents('Gross', 6100) grossCents!: number;
}

export class AutoRenewalFiguresDto {
  @Field.integer('Auto-renewal orders', 0) orders!: number;
  @Field.integer('Charged at the first try', 0) charged!: number;
  @Field.integer('Declined', 0) declined!: number;
  @Field.integer('Paid after a decline', 0) paidAfterDecline!: number;
}

export class AgreementCodeFiguresDto {
  @Field.text('The code', 'CONV-ODCEC') code!: string;
  @Field.integer('Orders using it', 2) orders!: number;
  @Field.integer('Confirmed', 2) confirmed!: number;
  @Field.integer('Paid', 1) paid!: number;
  @Field.cents('Discount given on paid orders', 550) paidDiscountCents!: number;
}

export class AgeBucketDto {
  @Field.oneOf(['0-1', '2-5', '6-10', '> 10'], 'AgeBucket', 'Working days since confirmation')
  workingDays!: string;
  @Field.integer('Orders', 1) orders!: number;
  @Field.cents('Their amount', 6100) amountCents!: number;
}

export class DashboardDto {
  @Field.nested(() => DashboardRangeDto, 'The days counted') range!: DashboardRangeDto;
  @Field.nested(() => KpisDto, 'Key figures') kpis!: KpisDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Orders opened in the range, by status now',
    example: { CONFIRMED: 1, PAID: 3 },
  })
  ordersByStatus!: Record<string, number>;
  @Field.nested(() => FunnelDto, 'The funnel') funnel!: FunnelDto;
  @Field.list(() => RevenuePeriodDto, 'Revenue by day or by month (`range.by`)')
  revenueByPeriod!: RevenuePeriodDto[];
  @Field.list(() => InvoicedPeriodDto, 'Invoiced, by the invoices’ date or month (`range.by`)')
  invoicedByPeriod!: InvoicedPeriodDto[];
  @Field.list(() => RevenueByMethodDto, 'Revenue by payment method') revenueByMethod!: RevenueByMethodDto[];
  @Field.list(() => RevenueByOriginDto, 'Revenue by origin') revenueByOrigin!: RevenueByOriginDto[];
  @Field.nested(() => AutoRenewalFiguresDto, 'Auto-renewals') autoRenewals!: AutoRenewalFiguresDto;
  @Field.list(() => AgreementCodeFiguresDto, 'Agreement codes used')
  agreementCodes!: AgreementCodeFiguresDto[];
  @Field.list(() => AgeBucketDto, 'Offline payments awaited, by age') offlineAwaitingByAge!: AgeBucketDto[];
  @Field.list(() => ProjectionStatusDto, 'Each projection and process') projections!: ProjectionStatusDto[];
}

// The queries' answers are these DTOs' shapes: the compiler checks it, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
const shapes: [
  Same<Answer<BackOfficeQuery['searchOrders']>, FoundOrderDto[]>,
  Same<Answer<BackOfficeQuery['awaitingPayment']>['items'], AwaitingPaymentDto[]>,
  Same<Answer<BackOfficeQuery['refunds']>, RefundDueDto[]>,
  Same<Answer<BackOfficeQuery['awaitingByAge']>, AgeBucketDto[]>,
  Same<Answer<DashboardQuery['figures']>, Omit<DashboardDto, 'offlineAwaitingByAge' | 'projections'>>,
] = [true, true, true, true, true];
void shapes;
