import { Field } from '@app/platform';
import {
  CONSENT_TYPES,
  CartItems,
  PAYMENT_METHODS,
  PaymentInstructions,
  PaymentWarning,
  Quote,
  QuoteDiscount,
  QuoteLine,
  RecordedConsent,
  TermPrice,
} from '../domain';
import { OrderSummary, OrderView } from './order-view';

const ORDER_STATUSES = ['CART', 'CHECKOUT', 'CONFIRMED', 'PAID', 'CANCELLED', 'EXPIRED'] as const;
const ORDER_NUMBER = 'FE-2026-000001';

export class CartDto implements CartItems {
  @Field.integer('Storage packs of 1 GB in the cart', 1) storagePacks!: number;
  @Field.integer('Extra users in the cart', 0) extraUsers!: number;
  @Field.flag('Whether the NSO module is in the cart') nso!: boolean;
}

export class QuoteLineDto implements QuoteLine {
  @Field.oneOf(['BASE', 'STORAGE_PACK', 'EXTRA_USER', 'NSO_MODULE'], 'QuoteLineCode', 'What the line is for')
  code!: QuoteLine['code'];
  @Field.integer('How many', 1) quantity!: number;
  @Field.cents('Price of one for one year', 2500) yearlyUnitPriceCents!: number;
  @Field.integer('Years of the term', 2) years!: number;
  @Field.cents('quantity x yearly price x years', 5000) amountCents!: number;
}

export class QuoteDiscountDto implements QuoteDiscount {
  @Field.oneOf(['AGREEMENT', 'MULTI_YEAR'], 'DiscountCode', 'Why the discount applies')
  code!: QuoteDiscount['code'];
  @Field.text('The agreement code that gave it (AGREEMENT only)', 'CONV-ODCEC', { required: false })
  agreementCode?: string;
  @Field.integer('Rate in basis points (500 = 5%)', 500) rateBps!: number;
  @Field.cents('Amount taken off', 550) amountCents!: number;
}

export class QuoteDto implements Quote {
  @Field.text('Catalog version the prices come from', '2026-01') catalogVersion!: string;
  @Field.oneOf(['EUR'], 'Currency', 'Currency of every amount') currency!: 'EUR';
  @Field.list(() => QuoteLineDto, 'The lines of the price') lines!: QuoteLineDto[];
  @Field.cents('Sum of the lines', 11000) netCents!: number;
  @Field.list(() => QuoteDiscountDto, 'Discounts, in the order applied') discounts!: QuoteDiscountDto[];
  @Field.cents('Sum of the discounts', 0) discountCents!: number;
  @Field.cents('Net minus discounts', 11000) taxableCents!: number;
  @Field.integer('VAT rate in basis points (2200 = 22%)', 2200) vatRateBps!: number;
  @Field.cents('VAT on the taxable amount', 2420) vatCents!: number;
  @Field.cents('What the customer pays', 13420) grossCents!: number;
}

export class PaymentWarningDto {
  @Field.oneOf(
    ['PAYMENT_REGISTERS_AFTER_EXPIRY', 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW'],
    'PaymentWarningCode',
    'The warning, as a code (the words are the reader’s)',
  )
  code!: PaymentWarning['code'];
  @Field.at('When a payment with this method is registered at the latest', { required: false })
  registeredBy?: string;
  @Field.at('When the service expires', { required: false }) serviceExpiresAt?: string;
  @Field.integer('Days before expiry by which to pay', 15, { required: false }) payBeforeExpiryDays?: number;
}

export class ConsentDto implements RecordedConsent {
  @Field.oneOf(CONSENT_TYPES, 'ConsentType', 'Which document') type!: RecordedConsent['type'];
  @Field.text('The version accepted', '2026-03') documentVersion!: string;
  @Field.at('When it was accepted') acceptedAt!: string;
}

export class PayeeDto {
  @Field.text('Who is paid', 'Hosting Italia S.p.A.') name!: string;
  @Field.text('IBAN (bank transfer)', 'IT60X0542811101000000123456', { required: false }) iban?: string;
  @Field.text('BIC (bank transfer)', 'BPMOIT22XXX', { required: false }) bic?: string;
  @Field.text('Bank (bank transfer)', 'Banca Popolare di Esempio', { required: false }) bank?: string;
  @Field.text('Postal account (postal slip)', '000012345678', { required: false }) postalAccount?: string;
}

export class PaymentInstructionsDto implements PaymentInstructions {
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'How to pay') method!: PaymentInstructions['method'];
  @Field.cents('What to pay', 13420) amountCents!: number;
  @Field.text('The order number', ORDER_NUMBER) orderNumber!: string;
  @Field.text('The payment reason to quote ("causale")', ORDER_NUMBER) reference!: string;
  @Field.nested(() => PayeeDto, 'Where offline payments go', { required: false }) payee?: PayeeDto;
}

export class DeclineDto {
  @Field.text('The provider’s decline code', 'INSUFFICIENT_FUNDS') code!: string;
  @Field.at('When it was declined') declinedAt!: string;
}

export class OnlineDeclineDto extends DeclineDto {
  @Field.integer('Which try it was', 1) attempt!: number;
}

export class TermPriceDto implements TermPrice {
  @Field.integer('Years', 2) years!: number;
  @Field.cents('Taxable amount for that term', 11000) taxableCents!: number;
  @Field.cents('Gross amount for that term', 13420) grossCents!: number;
  @Field.at('The service’s expiry after a renewal for that term') newExpiresAt!: string;
}

/** An order as the customer sees it ("I miei ordini"). */
export class OrderViewDto implements OrderView {
  @Field.uuid('The order') orderId!: string;
  @Field.text('Given at "Conferma"', ORDER_NUMBER, { nullable: true }) orderNumber!: string | null;
  @Field.uuid('The service renewed') serviceId!: string;
  @Field.text('The service’s name', 'FE Studio Rossi') serviceName!: string;
  @Field.text('The product', 'FE-STANDARD') productCode!: string;
  @Field.at('The service’s expiry when the order was opened') serviceExpiresAt!: string;
  @Field.oneOf(['RENEW', 'REACTIVATE'], 'RenewalKind', 'A renewal, or a reactivation after expiry')
  kind!: OrderSummary['kind'];
  @Field.oneOf(ORDER_STATUSES, 'OrderStatus', 'Where the order is') status!: OrderSummary['status'];
  @Field.nested(() => CartDto, 'What is being bought') cart!: CartDto;
  @Field.integer('The cart keeps at least these extra users (those in use)', 0) minExtraUsers!: number;
  @Field.integer('The cart keeps at least these storage packs (those the service has)', 0)
  minStoragePacks!: number;
  @Field.text('Agreement code applied', 'CONV-ODCEC', { nullable: true }) agreementCode!: string | null;
  @Field.integer('Term in years, 1-10', 2) years!: number;
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'Chosen payment method', { nullable: true })
  paymentMethod!: OrderSummary['paymentMethod'];
  @Field.list(() => PaymentWarningDto, 'Warnings about the chosen method')
  paymentWarnings!: PaymentWarningDto[];
  @Field.at('When a payment with the chosen method is registered at the latest', { nullable: true })
  latestRegistrationAt!: string | null;
  @Field.flag('Whether the service renews itself after this order', false) autoRenew!: boolean;
  @Field.nested(() => QuoteDto, 'The price, from checkout on', { nullable: true }) quote!: QuoteDto | null;
  @Field.list(() => ConsentDto, 'Consents given at "Conferma"') consents!: ConsentDto[];
  @Field.nested(() => PaymentInstructionsDto, 'How to pay, once confirmed', { nullable: true })
  paymentInstructions!: PaymentInstructionsDto | null;
  @Field.at('An unpaid confirmed order expires then', { nullable: true }) payBy!: string | null;
  @Field.at('When the order was opened', { nullable: true }) requestedAt!: string | null;
  @Field.at('When it was confirmed', { nullable: true }) confirmedAt!: string | null;
  @Field.at('When its payment was registered', { nullable: true }) paidAt!: string | null;
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'How the registered payment came in', { nullable: true })
  paidMethod!: OrderSummary['paidMethod'];
  @Field.at('When it was cancelled', { nullable: true }) cancelledAt!: string | null;
  @Field.text('Why it was cancelled', 'Ordine doppio', { nullable: true }) cancelReason!: string | null;
  @Field.oneOf(['CUSTOMER', 'BACK_OFFICE'], 'CancelledBy', 'Who cancelled it', { nullable: true })
  cancelledBy!: OrderSummary['cancelledBy'];
  @Field.oneOf(['CUSTOMER', 'AUTO_RENEW'], 'OrderOrigin', 'Who opened it') origin!: OrderSummary['origin'];
  @Field.nested(() => DeclineDto, 'The auto-renewal charge the provider declined', { nullable: true })
  chargeDeclined!: DeclineDto | null;
  @Field.nested(() => OnlineDeclineDto, 'The last online payment declined on the pay page', {
    nullable: true,
  })
  onlineDecline!: OnlineDeclineDto | null;
  @Field.at('While the order can change: the service’s expiry after the renewal', { nullable: true })
  newExpiresAt!: string | null;
  @Field.list(() => TermPriceDto, 'While the order can change: the price of each term')
  termPrices!: TermPriceDto[];
}

/** One order, with its version (`GET /me/orders/:id`; the ETag carries it too). */
export class OrderDto extends OrderViewDto {
  @Field.integer('The order’s version: send it as If-Match', 9) revision!: number;
}

/** What every command on an order answers: the order after the change, with the change's position. */
export class OrderSummaryDto extends OrderViewDto implements OrderSummary {
  @Field.integer('The order’s version: send it as If-Match', 9, { nullable: true }) revision!: number | null;
  @Field.integer('The change’s position: send it as X-Min-Position to read your own write', 26, {
    nullable: true,
  })
  position!: number | null;
}
