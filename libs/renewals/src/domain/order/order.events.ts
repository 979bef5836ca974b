import { assertNever, eventDecoder, pick } from '@app/kernel';
import { RecordedConsent } from '../shared/consents';
import { CartItems, Quote } from '../pricing/pricing';
import { PaymentInstructions, PaymentMethod } from './payment-methods';

/**
 * The renewal order's stored contract: its events (facts and codes, never display text), its state and
 * evolve, its stream and its decoder with the upcasters from older shapes. Stored event names are the
 * `type` strings; they never change. A changed shape gets a new schema version and an upcaster.
 */
export const ORDER_CATEGORY = 'renewalOrder';
export const orderStream = (orderId: string) => `${ORDER_CATEGORY}-${orderId}`;

export type RenewalKind = 'RENEW' | 'REACTIVATE';
/** Who opened a renewal order: the customer in the customer area, or the auto-renew charge. */
export type OrderOrigin = 'CUSTOMER' | 'AUTO_RENEW';
export type OrderStatus = 'CART' | 'CHECKOUT' | 'CONFIRMED' | 'PAID' | 'CANCELLED' | 'EXPIRED';

export type CartChange =
  | { kind: 'STORAGE_INCREASED'; packsAdded: number }
  /** Packs this cart had added taken out again (never below what the service has). */
  | { kind: 'STORAGE_DECREASED'; packsRemoved: number }
  | { kind: 'EXTRA_USERS_CHANGED'; from: number; to: number }
  | { kind: 'NSO_MODULE_ADDED' }
  | { kind: 'NSO_MODULE_REMOVED' }
  | { kind: 'AGREEMENT_CODE_APPLIED'; code: string; discountBps: number }
  | { kind: 'AGREEMENT_CODE_REMOVED'; code: string };

/** A warning about the chosen method, as a code with the facts it is about (the words are the reader's). */
export type PaymentWarning =
  | {
      code: 'PAYMENT_REGISTERS_AFTER_EXPIRY';
      /** When the payment would be registered at the latest, and when the service expires. */
      registeredBy?: string;
      serviceExpiresAt?: string;
    }
  | { code: 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW'; payBeforeExpiryDays?: number; serviceExpiresAt?: string };

export type RefundReason = 'ORDER_CANCELLED' | 'ORDER_EXPIRED' | 'ORDER_ALREADY_PAID';

/** Whose order it is and for what: set when the order is requested, never changed. */
export interface OrderSubject {
  orderId: string;
  serviceId: string;
  serviceName: string;
  customerId: string;
  kind: RenewalKind;
  productCode: string;
}

const ORDER_SUBJECT = ['orderId', 'serviceId', 'serviceName', 'customerId', 'kind', 'productCode'] as const;
export const subjectOf = (from: OrderSubject): OrderSubject => pick(from, ORDER_SUBJECT);

export type OrderEvent =
  | {
      type: 'RenewalRequested';
      data: OrderSubject & {
        promotional: boolean;
        serviceExpiresAt: string;
        /** The services active so far: the cart starts from them. */
        current: CartItems;
        minExtraUsers: number;
        years: number;
        quote: Quote;
        requestedAt: string;
        origin: OrderOrigin;
      };
    }
  | {
      type: 'CartModified';
      data: {
        orderId: string;
        change: CartChange;
        cart: CartItems;
        agreementCode: string | null;
        quote: Quote;
        modifiedAt: string;
      };
    }
  | { type: 'CheckoutStarted'; data: { orderId: string; quote: Quote; startedAt: string } }
  | {
      type: 'PaymentMethodChosen';
      data: {
        orderId: string;
        method: PaymentMethod;
        latestRegistrationAt: string;
        warnings: PaymentWarning[];
        chosenAt: string;
      };
    }
  | { type: 'TermChosen'; data: { orderId: string; years: number; quote: Quote; chosenAt: string } }
  | { type: 'AutoRenewChosen'; data: { orderId: string; enabled: boolean; chosenAt: string } }
  | { type: 'ConsentsRecorded'; data: { orderId: string; consents: RecordedConsent[] } }
  | {
      type: 'OrderConfirmed';
      data: {
        orderId: string;
        orderNumber: string;
        serviceId: string;
        customerId: string;
        kind: RenewalKind;
        cart: CartItems;
        agreementCode: string | null;
        years: number;
        paymentMethod: PaymentMethod;
        autoRenew: boolean;
        quote: Quote;
        paymentInstructions: PaymentInstructions;
        payBy: string;
        confirmedAt: string;
        origin: OrderOrigin;
      };
    }
  | {
      type: 'AutoRenewalChargeDeclined';
      data: {
        orderId: string;
        orderNumber: string;
        serviceId: string;
        customerId: string;
        /** The provider's decline code (e.g. CARD_DECLINED, INSUFFICIENT_FUNDS), or NO_STORED_PAYMENT_METHOD. */
        code: string;
        paymentMethod: PaymentMethod;
        paymentInstructions: PaymentInstructions;
        payBy: string;
        declinedAt: string;
      };
    }
  | {
      /** The customer paid online (card or PayPal) from the pay page and the provider declined it. */
      type: 'OnlinePaymentDeclined';
      data: {
        orderId: string;
        orderNumber: string;
        /** 1 for the first try: the provider's idempotency key is the order and this number. */
        attempt: number;
        method: PaymentMethod;
        /** The provider's decline code (e.g. CARD_DECLINED, INSUFFICIENT_FUNDS, PAYPAL_DECLINED). */
        code: string;
        declinedAt: string;
      };
    }
  | {
      type: 'OrderExpired';
      data: {
        orderId: string;
        serviceId: string;
        reason: 'UNPAID' | 'GRACE_ENDED';
        payBy: string;
        expiredAt: string;
      };
    }
  | {
      type: 'OrderCancelled';
      data: {
        orderId: string;
        /** In the words of whoever cancelled (the back office always gives one; the customer may not). */
        reason: string | null;
        cancelledBy: 'CUSTOMER' | 'BACK_OFFICE';
        cancelledAt: string;
      };
    }
  | {
      type: 'PaymentRegistered';
      data: {
        orderId: string;
        orderNumber: string;
        serviceId: string;
        transactionId: string;
        amountCents: number;
        /** How the money came in; it may differ from the method the order chose (then it is still accepted). */
        method: PaymentMethod;
        /** The method the order chose. */
        orderedMethod: PaymentMethod;
        registeredAt: string;
      };
    }
  | {
      type: 'PaymentRefundDue';
      data: {
        orderId: string;
        orderNumber: string;
        transactionId: string;
        amountCents: number;
        method: PaymentMethod;
        reason: RefundReason;
        registeredAt: string;
      };
    }
  | {
      /** The back office sent back a payment listed for refund, under the bank's or provider's reference. */
      type: 'PaymentRefunded';
      data: {
        orderId: string;
        orderNumber: string;
        transactionId: string;
        amountCents: number;
        reference: string;
        refundedAt: string;
      };
    }
  | {
      /**
       * The back office gave back some or all of what a paid order was paid, for a reason, under the
       * bank's or provider's reference. The renewal stands: the money goes back, the service keeps its
       * expiry (a credit note follows the order's invoice).
       */
      type: 'PaidOrderRefunded';
      data: {
        orderId: string;
        orderNumber: string;
        serviceId: string;
        amountCents: number;
        reason: string;
        reference: string;
        refundedAt: string;
      };
    };

export type OrderEventOf<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

// ---- the shapes of older events, brought to today's by the decoder ----

/** Version 1 quotes carried Italian line and discount descriptions. */
const quoteV2 = (quote: { lines: object[]; discounts: object[] }): Quote =>
  ({
    ...quote,
    lines: quote.lines.map(({ description: _d, ...line }: { description?: string }) => line),
    discounts: quote.discounts.map(({ description: _d, ...discount }: { description?: string }) => discount),
  }) as unknown as Quote;

/** Version 1 instructions carried the steps and the registration time in Italian. */
const instructionsV2 = ({
  steps: _s,
  registrationTime: _r,
  ...instructions
}: PaymentInstructions & { steps?: string[]; registrationTime?: string }): PaymentInstructions =>
  instructions;

/** Version 1 warnings were Italian sentences with the facts inside them. */
const warningV2 = ({ code, message }: { code: PaymentWarning['code']; message?: string }): PaymentWarning => {
  if (code === 'PAYMENT_REGISTERS_AFTER_EXPIRY') {
    const expiry = /\((\d{4}-\d{2}-\d{2})\)/.exec(message ?? '')?.[1];
    return { code, ...(expiry ? { serviceExpiresAt: `${expiry}T00:00:00.000Z` } : {}) };
  }
  const days = /(\d+) giorni/.exec(message ?? '')?.[1];
  return { code, ...(days ? { payBeforeExpiryDays: Number(days) } : {}) };
};

/** What the customer area put when the customer gave no reason: not a reason, a default of the old pages. */
const DEFAULT_CANCEL_REASON = 'Annullato dal cliente';

export const orderEvents = eventDecoder<OrderEvent>({
  categories: [ORDER_CATEGORY],
  versions: {
    RenewalRequested: 2,
    CartModified: 2,
    CheckoutStarted: 2,
    PaymentMethodChosen: 2,
    TermChosen: 2,
    AutoRenewChosen: 1,
    ConsentsRecorded: 1,
    OrderConfirmed: 2,
    AutoRenewalChargeDeclined: 2,
    OnlinePaymentDeclined: 1,
    OrderExpired: 1,
    OrderCancelled: 2,
    PaymentRegistered: 2,
    PaymentRefundDue: 1,
    PaymentRefunded: 1,
    PaidOrderRefunded: 1,
  },
  upcasters: {
    RenewalRequested: [
      (data) => ({
        ...data,
        serviceName: data.serviceName ?? '',
        origin: data.origin ?? 'CUSTOMER',
        quote: quoteV2(data.quote),
      }),
    ],
    CartModified: [(data) => ({ ...data, quote: quoteV2(data.quote) })],
    CheckoutStarted: [(data) => ({ ...data, quote: quoteV2(data.quote) })],
    PaymentMethodChosen: [
      ({ registrationTime: _r, ...data }) => ({ ...data, warnings: data.warnings.map(warningV2) }),
    ],
    TermChosen: [(data) => ({ ...data, quote: quoteV2(data.quote) })],
    OrderConfirmed: [
      (data) => ({
        ...data,
        origin: data.origin ?? 'CUSTOMER',
        quote: quoteV2(data.quote),
        paymentInstructions: instructionsV2(data.paymentInstructions),
      }),
    ],
    AutoRenewalChargeDeclined: [
      ({ reason: _r, ...data }) => ({
        ...data,
        paymentInstructions: instructionsV2(data.paymentInstructions),
      }),
    ],
    OrderCancelled: [
      (data) => ({ ...data, reason: data.reason === DEFAULT_CANCEL_REASON ? null : data.reason }),
    ],
    PaymentRegistered: [(data) => ({ ...data, orderedMethod: data.orderedMethod ?? data.method })],
  },
});

// ---- state ----
export interface OrderState extends OrderSubject {
  status: OrderStatus | 'NONE';
  promotional: boolean;
  serviceExpiresAt: Date;
  minExtraUsers: number;
  /** What the service has: the cart starts from it, and never goes below it. */
  current: CartItems;
  cart: CartItems;
  agreementCode: string | null;
  years: number;
  paymentMethod: PaymentMethod | null;
  autoRenew: boolean;
  quote: Quote | null;
  orderNumber: string | null;
  /** When an unpaid confirmed order expires. */
  payBy: Date | null;
  /** What became of each payment transaction seen: registered, or listed for refund and why. */
  payments: Record<string, 'REGISTERED' | RefundReason>;
  /** The amount of each payment seen, by transaction. */
  paymentAmounts: Record<string, number>;
  /** The payments listed for refund that were sent back, with the reference. */
  refunds: Record<string, { reference: string; refundedAt: string }>;
  /** What was given back of a paid order, by the refund's reference. */
  paidRefunds: Record<string, { amountCents: number; reason: string; refundedAt: string }>;
  origin: OrderOrigin;
  /** For an auto-renewal order: whether its charge was declined (then it awaits a payment like any other). */
  chargeDeclined: boolean;
  chargeDecline: { code: string; declinedAt: string } | null;
  /** Online payments tried from the pay page and declined; the next try is number `onlineAttempts + 1`. */
  onlineAttempts: number;
  onlineDecline: { code: string; declinedAt: string; attempt: number } | null;
  paymentWarnings: PaymentWarning[];
  latestRegistrationAt: string | null;
  consents: RecordedConsent[];
  paymentInstructions: PaymentInstructions | null;
  requestedAt: string | null;
  confirmedAt: string | null;
  paidAt: string | null;
  /** How the registered payment came in (it may differ from `paymentMethod`, the order's choice). */
  paidMethod: PaymentMethod | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  cancelledBy: 'CUSTOMER' | 'BACK_OFFICE' | null;
}

export function initialOrderState(): OrderState {
  return {
    status: 'NONE',
    orderId: '',
    serviceId: '',
    serviceName: '',
    customerId: '',
    kind: 'RENEW',
    productCode: '',
    promotional: false,
    serviceExpiresAt: new Date(0),
    minExtraUsers: 0,
    current: { storagePacks: 0, extraUsers: 0, nso: false },
    cart: { storagePacks: 0, extraUsers: 0, nso: false },
    agreementCode: null,
    years: 1,
    paymentMethod: null,
    autoRenew: false,
    quote: null,
    orderNumber: null,
    payBy: null,
    payments: {},
    paymentAmounts: {},
    refunds: {},
    paidRefunds: {},
    origin: 'CUSTOMER',
    chargeDeclined: false,
    chargeDecline: null,
    onlineAttempts: 0,
    onlineDecline: null,
    paymentWarnings: [],
    latestRegistrationAt: null,
    consents: [],
    paymentInstructions: null,
    requestedAt: null,
    confirmedAt: null,
    paidAt: null,
    paidMethod: null,
    cancelledAt: null,
    cancelReason: null,
    cancelledBy: null,
  };
}

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'RenewalRequested': {
      const d = event.data;
      return {
        ...state,
        status: 'CART',
        ...subjectOf(d),
        promotional: d.promotional,
        serviceExpiresAt: new Date(d.serviceExpiresAt),
        minExtraUsers: d.minExtraUsers,
        current: d.current,
        cart: d.current,
        years: d.years,
        quote: d.quote,
        origin: d.origin,
        requestedAt: d.requestedAt,
      };
    }
    case 'CartModified':
      return {
        ...state,
        cart: event.data.cart,
        agreementCode: event.data.agreementCode,
        quote: event.data.quote,
      };
    case 'CheckoutStarted':
      return { ...state, status: 'CHECKOUT', quote: event.data.quote };
    case 'PaymentMethodChosen':
      return {
        ...state,
        paymentMethod: event.data.method,
        paymentWarnings: event.data.warnings,
        latestRegistrationAt: event.data.latestRegistrationAt,
      };
    case 'TermChosen':
      return { ...state, years: event.data.years, quote: event.data.quote };
    case 'AutoRenewChosen':
      return { ...state, autoRenew: event.data.enabled };
    case 'ConsentsRecorded':
      return { ...state, consents: event.data.consents };
    case 'OrderConfirmed':
      return {
        ...state,
        status: 'CONFIRMED',
        orderNumber: event.data.orderNumber,
        quote: event.data.quote,
        payBy: new Date(event.data.payBy),
        paymentMethod: event.data.paymentMethod,
        autoRenew: event.data.autoRenew,
        years: event.data.years,
        paymentInstructions: event.data.paymentInstructions,
        confirmedAt: event.data.confirmedAt,
      };
    case 'AutoRenewalChargeDeclined': {
      const { code, declinedAt } = event.data;
      return { ...state, chargeDeclined: true, chargeDecline: { code, declinedAt } };
    }
    case 'OnlinePaymentDeclined': {
      const { code, declinedAt, attempt } = event.data;
      return { ...state, onlineAttempts: attempt, onlineDecline: { code, declinedAt, attempt } };
    }
    case 'OrderExpired':
      return { ...state, status: 'EXPIRED' };
    case 'OrderCancelled':
      return {
        ...state,
        status: 'CANCELLED',
        cancelledAt: event.data.cancelledAt,
        cancelReason: event.data.reason,
        cancelledBy: event.data.cancelledBy,
      };
    case 'PaymentRegistered':
      return {
        ...state,
        status: 'PAID',
        paidAt: event.data.registeredAt,
        paidMethod: event.data.method,
        payments: { ...state.payments, [event.data.transactionId]: 'REGISTERED' },
        paymentAmounts: { ...state.paymentAmounts, [event.data.transactionId]: event.data.amountCents },
      };
    case 'PaymentRefundDue':
      return {
        ...state,
        payments: { ...state.payments, [event.data.transactionId]: event.data.reason },
        paymentAmounts: { ...state.paymentAmounts, [event.data.transactionId]: event.data.amountCents },
      };
    case 'PaymentRefunded': {
      const { transactionId, reference, refundedAt } = event.data;
      return { ...state, refunds: { ...state.refunds, [transactionId]: { reference, refundedAt } } };
    }
    case 'PaidOrderRefunded': {
      const { reference, amountCents, reason, refundedAt } = event.data;
      return {
        ...state,
        paidRefunds: { ...state.paidRefunds, [reference]: { amountCents, reason, refundedAt } },
      };
    }
    default:
      return assertNever(event);
  }
}

/** The state as JSON (read models keep it): its two dates travel as ISO strings. */
export function serializeOrderState(state: OrderState): string {
  return JSON.stringify(state);
}

export function deserializeOrderState(json: string): OrderState {
  const state = JSON.parse(json) as OrderState & { serviceExpiresAt: string; payBy: string | null };
  return {
    ...state,
    // Kept before paid orders could be refunded: none were.
    paidRefunds: state.paidRefunds ?? {},
    serviceExpiresAt: new Date(state.serviceExpiresAt),
    payBy: state.payBy ? new Date(state.payBy) : null,
  };
}
