import {
  BusinessRuleViolation,
  EventSourcedDecider,
  NotFound,
  ValidationFailed,
  assertNever,
} from '@app/kernel';
import { calendarOf } from '../shared/calendar';
import { ConsentDocuments, ConsentType, Payee, RenewalPolicy } from '../shared/policy';
import { RecordedConsent, recordConsents } from '../shared/consents';
import { maxTermYears, requireTerm } from '../shared/term';
import { graceEndsAt } from '../shared/time-rules';
import { AgreementCode, Catalog, Product, findAgreementCode, findProduct } from '../pricing/catalog';
import { CartItems, priceCart } from '../pricing/pricing';
import { PaymentMethod, isOnlineMethod, latestRegistration, paymentInstructions } from './payment-methods';
import {
  CartChange,
  OrderSubject,
  OrderEvent,
  OrderEventOf,
  OrderState,
  PaymentWarning,
  RefundReason,
  evolveOrder,
  initialOrderState,
  subjectOf,
  orderEvents,
} from './order.events';

/**
 * The renewal order's rules: cart, checkout, payment method, term, consents, confirmation, payment. Each
 * command is decided by a function of its own; time comes in with the command (`now`), so every decision
 * is reproducible from the log.
 */

/** What a renewal order starts from: the service, its expiry and the services active so far. */
export interface RenewalStart extends OrderSubject {
  serviceExpiresAt: Date;
  current: CartItems;
  usersInUse: number;
  now: Date;
}

export type OrderCommand =
  | { type: 'RequestRenewal'; data: RenewalStart }
  | { type: 'IncreaseStorage'; data: { packs: number; now: Date } }
  /** Storage in packs of 1 GB, down to what the service has (the cart's own additions can be taken back). */
  | { type: 'SetStorage'; data: { storagePacks: number; now: Date } }
  | { type: 'SetExtraUsers'; data: { extraUsers: number; now: Date } }
  | { type: 'SetNsoModule'; data: { enabled: boolean; now: Date } }
  | { type: 'ApplyAgreementCode'; data: { code: string; now: Date } }
  | { type: 'RemoveAgreementCode'; data: { now: Date } }
  | { type: 'StartCheckout'; data: { now: Date } }
  | { type: 'ChoosePaymentMethod'; data: { method: PaymentMethod; now: Date } }
  | { type: 'ChooseTerm'; data: { years: number; now: Date } }
  | { type: 'ChooseAutoRenew'; data: { enabled: boolean; now: Date } }
  | {
      type: 'ConfirmOrder';
      /** The order number comes from a sequence (I/O): fetched before deciding, when `needsOrderNumber`. */
      data: { orderNumber: string | null; consents: Partial<Record<ConsentType, string | null>>; now: Date };
    }
  | { type: 'CancelOrder'; data: { reason: string | null; by: 'CUSTOMER' | 'BACK_OFFICE'; now: Date } }
  /** The scheduler's: an unpaid confirmed order expires at its payBy (unpaidOrderDays, or the grace end). */
  | { type: 'ExpireUnpaidOrder'; data: { now: Date } }
  /**
   * The auto-renew charge's: an order confirmed at once for the services active so far, the stored term
   * and method, under the consents given when auto-renew was switched on. It awaits the charge.
   */
  | {
      type: 'PlaceAutoRenewalOrder';
      data: RenewalStart & {
        years: number;
        paymentMethod: PaymentMethod;
        consents: RecordedConsent[];
        orderNumber: string | null;
      };
    }
  | { type: 'RecordAutoRenewalChargeDeclined'; data: { code: string; now: Date } }
  /** The pay page's: the provider declined try number `attempt` (a try already recorded changes nothing). */
  | {
      type: 'RecordOnlinePaymentDeclined';
      data: { attempt: number; method: PaymentMethod; code: string; now: Date };
    }
  /** The back office's: a payment listed for refund was sent back, under this reference. */
  | { type: 'RecordRefund'; data: { transactionId: string; reference: string; now: Date } }
  /** The back office's: some or all of a paid order's amount given back, for a reason, under a reference. */
  | {
      type: 'RefundPaidOrder';
      data: { amountCents: number; reason: string; reference: string; now: Date };
    }
  | {
      type: 'RegisterPayment';
      data: { transactionId: string; amountCents: number; method: PaymentMethod; now: Date };
    };

export type OrderCommandOf<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>;

export interface OrderContext {
  catalog: Catalog;
  policy: RenewalPolicy;
  documents: ConsentDocuments;
  payee: Payee;
}

/** Whether a confirmation (or an auto-renewal order) of this order would take an order number now. */
export function needsOrderNumber(state: OrderState, command: OrderCommand['type']): boolean {
  return command === 'PlaceAutoRenewalOrder' ? state.status === 'NONE' : state.status === 'CHECKOUT';
}

/**
 * Whether the customer can pay this order online now, and which try it would be: a confirmed order that
 * chose card or PayPal. The provider's idempotency key is the order and this number, so a retry of a try
 * whose outcome was not recorded (a crash, a timeout) is charged at most once, and a new try after a
 * recorded decline is a new charge.
 */
export function nextOnlinePaymentAttempt(state: OrderState): number {
  requireStatus(state, ['CONFIRMED'], 'Paying online');
  if (!state.paymentMethod || !isOnlineMethod(state.paymentMethod))
    throw new BusinessRuleViolation(
      'ORDER_NOT_PAYABLE_ONLINE',
      'The order is paid by bank transfer or postal slip: follow its payment instructions.',
      'method',
      { paymentMethod: state.paymentMethod },
    );
  return state.onlineAttempts + 1;
}

const MODIFIABLE: ReadonlyArray<OrderState['status']> = ['CART', 'CHECKOUT'];

/** Why an order in this state refuses a step: each state has a code of its own. */
const REFUSAL_BY_STATUS: Record<OrderState['status'], { code: string; reason: string }> = {
  NONE: { code: 'ORDER_NOT_FOUND', reason: 'the order does not exist' },
  CART: { code: 'CHECKOUT_NOT_STARTED', reason: 'the order is still a cart; proceed to checkout first' },
  CHECKOUT: { code: 'CHECKOUT_ALREADY_STARTED', reason: 'the order is already in checkout' },
  CONFIRMED: { code: 'ORDER_ALREADY_CONFIRMED', reason: 'the order is already confirmed' },
  PAID: { code: 'ORDER_ALREADY_PAID', reason: 'the order is already paid' },
  CANCELLED: { code: 'ORDER_CANCELLED', reason: 'the order was cancelled' },
  EXPIRED: { code: 'ORDER_EXPIRED', reason: 'the order expired unpaid' },
};

/** Refuses `what` unless the order is in one of the allowed states, with a code naming the state it is in. */
function requireStatus(state: OrderState, allowed: ReadonlyArray<OrderState['status']>, what: string): void {
  if (allowed.includes(state.status)) return;
  const { code, reason } = REFUSAL_BY_STATUS[state.status];
  throw new BusinessRuleViolation(code, `${what} is not possible: ${reason}.`, undefined, {
    orderStatus: state.status,
  });
}

export function orderDecider(ctx: OrderContext): EventSourcedDecider<OrderCommand, OrderEvent, OrderState> {
  const { catalog, policy } = ctx;
  const calendar = calendarOf(policy);

  const productOf = (productCode: string): Product => {
    const product = findProduct(catalog, productCode);
    if (!product)
      throw new BusinessRuleViolation(
        'PRODUCT_NOT_SOLD',
        `Product ${productCode} is no longer in the catalog.`,
      );
    return product;
  };

  /** Refuses a code with the reason: unknown, not yet valid, expired, or not for this product. */
  const validAgreement = (code: string, productCode: string, now: Date): AgreementCode => {
    const agreement = findAgreementCode(catalog, code);
    if (!agreement)
      throw new BusinessRuleViolation(
        'AGREEMENT_CODE_UNKNOWN',
        `The agreement code "${code}" does not exist.`,
        'code',
      );
    if (now.getTime() < Date.parse(agreement.validFrom))
      throw new BusinessRuleViolation(
        'AGREEMENT_CODE_NOT_YET_VALID',
        `The agreement code "${agreement.code}" is valid from ${agreement.validFrom.slice(0, 10)}.`,
        'code',
        { validFrom: agreement.validFrom },
      );
    if (now.getTime() > Date.parse(agreement.validUntil))
      throw new BusinessRuleViolation(
        'AGREEMENT_CODE_EXPIRED',
        `The agreement code "${agreement.code}" expired on ${agreement.validUntil.slice(0, 10)}.`,
        'code',
        { validUntil: agreement.validUntil },
      );
    if (!agreement.products.includes(productCode))
      throw new BusinessRuleViolation(
        'AGREEMENT_CODE_NOT_APPLICABLE',
        `The agreement code "${agreement.code}" does not apply to ${productOf(productCode).name}.`,
        'code',
      );
    return agreement;
  };

  const quoteFor = (
    state: Pick<OrderState, 'productCode' | 'agreementCode'>,
    cart: CartItems,
    years: number,
  ) =>
    priceCart(
      catalog,
      productOf(state.productCode),
      cart,
      years,
      state.agreementCode ? (findAgreementCode(catalog, state.agreementCode) ?? null) : null,
    );

  const cartModified = (
    state: OrderState,
    change: CartChange,
    cart: CartItems,
    agreementCode: string | null,
    now: Date,
  ): OrderEvent => ({
    type: 'CartModified',
    data: {
      orderId: state.orderId,
      change,
      cart,
      agreementCode,
      quote: quoteFor({ productCode: state.productCode, agreementCode }, cart, state.years),
      modifiedAt: now.toISOString(),
    },
  });

  const paymentWarnings = (method: PaymentMethod, state: OrderState, now: Date): PaymentWarning[] => {
    if (state.kind === 'REACTIVATE') return [];
    const registeredBy = latestRegistration(method, now, calendar);
    const serviceExpiresAt = state.serviceExpiresAt.toISOString();
    if (registeredBy.getTime() > state.serviceExpiresAt.getTime())
      return [
        {
          code: 'PAYMENT_REGISTERS_AFTER_EXPIRY',
          registeredBy: registeredBy.toISOString(),
          serviceExpiresAt,
        },
      ];
    if (now.getTime() > calendar.addDays(state.serviceExpiresAt, -policy.payBeforeExpiryDays).getTime())
      return [
        {
          code: 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW',
          payBeforeExpiryDays: policy.payBeforeExpiryDays,
          serviceExpiresAt,
        },
      ];
    return [];
  };

  /** Unpaid orders expire after unpaidOrderDays (postal slip: never fewer working days than allowed) or at grace end. */
  const payBy = (method: PaymentMethod, state: Pick<OrderState, 'serviceExpiresAt'>, now: Date): Date => {
    let deadline = calendar.addDays(now, policy.unpaidOrderDays);
    if (method === 'POSTAL_SLIP') {
      const postalMinimum = calendar.endOfWorkingDaysAfter(now, policy.postalSlipMinWorkingDays);
      if (postalMinimum.getTime() > deadline.getTime()) deadline = postalMinimum;
    }
    const graceEnd = graceEndsAt(state.serviceExpiresAt, policy);
    return graceEnd.getTime() < deadline.getTime() ? graceEnd : deadline;
  };

  /** The cart starts from the services active so far, with at least the extra users in use. */
  const renewalRequested = (
    d: RenewalStart,
    years: number,
    origin: 'CUSTOMER' | 'AUTO_RENEW',
  ): OrderEventOf<'RenewalRequested'> => {
    const product = productOf(d.productCode);
    const minExtraUsers = Math.max(0, d.usersInUse - product.includedUsers);
    const current = { ...d.current, extraUsers: Math.max(d.current.extraUsers, minExtraUsers) };
    return {
      type: 'RenewalRequested',
      data: {
        ...subjectOf(d),
        promotional: product.promotional,
        serviceExpiresAt: d.serviceExpiresAt.toISOString(),
        current,
        minExtraUsers,
        years,
        quote: priceCart(catalog, product, current, years, null),
        requestedAt: d.now.toISOString(),
        origin,
      },
    };
  };

  // ---- one function per command ----

  const requestRenewal = (d: RenewalStart, state: OrderState): OrderEvent[] =>
    state.status !== 'NONE' ? [] : [renewalRequested(d, 1, 'CUSTOMER')];

  const increaseStorage = ({ packs, now }: OrderCommandOf<'IncreaseStorage'>['data'], state: OrderState) => {
    requireStatus(state, MODIFIABLE, 'Changing the cart');
    if (!Number.isInteger(packs) || packs < 1)
      throw new ValidationFailed(
        'INVALID_STORAGE_PACKS',
        'Storage can only be increased, by one pack or more.',
        'packs',
      );
    const cart = { ...state.cart, storagePacks: state.cart.storagePacks + packs };
    return [
      cartModified(state, { kind: 'STORAGE_INCREASED', packsAdded: packs }, cart, state.agreementCode, now),
    ];
  };

  const setStorage = (
    { storagePacks, now }: OrderCommandOf<'SetStorage'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    requireStatus(state, MODIFIABLE, 'Changing the cart');
    if (!Number.isInteger(storagePacks) || storagePacks < 0)
      throw new ValidationFailed(
        'INVALID_STORAGE_PACKS',
        'Storage is a whole number of packs.',
        'storagePacks',
      );
    const minimum = state.current.storagePacks;
    if (storagePacks < minimum)
      throw new BusinessRuleViolation(
        'STORAGE_BELOW_SERVICE',
        `The service already has ${minimum} storage packs: a renewal keeps at least those.`,
        'storagePacks',
        { minimum },
      );
    const difference = storagePacks - state.cart.storagePacks;
    if (difference === 0) return [];
    const change: CartChange =
      difference > 0
        ? { kind: 'STORAGE_INCREASED', packsAdded: difference }
        : { kind: 'STORAGE_DECREASED', packsRemoved: -difference };
    return [cartModified(state, change, { ...state.cart, storagePacks }, state.agreementCode, now)];
  };

  const setExtraUsers = ({ extraUsers, now }: OrderCommandOf<'SetExtraUsers'>['data'], state: OrderState) => {
    requireStatus(state, MODIFIABLE, 'Changing the cart');
    if (extraUsers < state.minExtraUsers)
      throw new BusinessRuleViolation(
        'EXTRA_USERS_BELOW_MINIMUM',
        `The service has users in use that need at least ${state.minExtraUsers} additional users.`,
        'extraUsers',
        { minimum: state.minExtraUsers },
      );
    if (extraUsers === state.cart.extraUsers) return [];
    const change: CartChange = { kind: 'EXTRA_USERS_CHANGED', from: state.cart.extraUsers, to: extraUsers };
    return [cartModified(state, change, { ...state.cart, extraUsers }, state.agreementCode, now)];
  };

  const setNsoModule = ({ enabled, now }: OrderCommandOf<'SetNsoModule'>['data'], state: OrderState) => {
    requireStatus(state, MODIFIABLE, 'Changing the cart');
    if (enabled === state.cart.nso) return [];
    const change: CartChange = enabled ? { kind: 'NSO_MODULE_ADDED' } : { kind: 'NSO_MODULE_REMOVED' };
    return [cartModified(state, change, { ...state.cart, nso: enabled }, state.agreementCode, now)];
  };

  const applyAgreementCode = (
    { code, now }: OrderCommandOf<'ApplyAgreementCode'>['data'],
    state: OrderState,
  ) => {
    requireStatus(state, MODIFIABLE, 'Changing the cart');
    const agreement = validAgreement(code, state.productCode, now);
    if (state.agreementCode === agreement.code) return [];
    if (state.agreementCode)
      throw new BusinessRuleViolation(
        'AGREEMENT_CODE_ALREADY_APPLIED',
        `The order already uses the agreement code "${state.agreementCode}": one code per order. Remove it first.`,
        'code',
        { agreementCode: state.agreementCode },
      );
    const change: CartChange = {
      kind: 'AGREEMENT_CODE_APPLIED',
      code: agreement.code,
      discountBps: agreement.discountBps,
    };
    return [cartModified(state, change, state.cart, agreement.code, now)];
  };

  const removeAgreementCode = ({ now }: OrderCommandOf<'RemoveAgreementCode'>['data'], state: OrderState) => {
    requireStatus(state, MODIFIABLE, 'Changing the cart');
    if (!state.agreementCode) return [];
    return [
      cartModified(
        state,
        { kind: 'AGREEMENT_CODE_REMOVED', code: state.agreementCode },
        state.cart,
        null,
        now,
      ),
    ];
  };

  const startCheckout = (
    { now }: OrderCommandOf<'StartCheckout'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (state.status === 'CHECKOUT') return [];
    requireStatus(state, ['CART'], 'Proceeding to checkout');
    return [
      {
        type: 'CheckoutStarted',
        data: {
          orderId: state.orderId,
          quote: quoteFor(state, state.cart, state.years),
          startedAt: now.toISOString(),
        },
      },
    ];
  };

  const choosePaymentMethod = (
    { method, now }: OrderCommandOf<'ChoosePaymentMethod'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    requireStatus(state, ['CHECKOUT'], 'Choosing the payment method');
    if (state.autoRenew && !isOnlineMethod(method))
      throw new BusinessRuleViolation(
        'AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL',
        'Auto-renew is chosen for this order: it works only with credit card or PayPal. Switch it off first.',
        'method',
      );
    return [
      {
        type: 'PaymentMethodChosen',
        data: {
          orderId: state.orderId,
          method,
          latestRegistrationAt: latestRegistration(method, now, calendar).toISOString(),
          warnings: paymentWarnings(method, state, now),
          chosenAt: now.toISOString(),
        },
      },
    ];
  };

  const chooseTerm = (
    { years, now }: OrderCommandOf<'ChooseTerm'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    requireStatus(state, ['CHECKOUT'], 'Choosing the term');
    requireTerm(policy, state.promotional, years);
    if (years === state.years) return [];
    return [
      {
        type: 'TermChosen',
        data: {
          orderId: state.orderId,
          years,
          quote: quoteFor(state, state.cart, years),
          chosenAt: now.toISOString(),
        },
      },
    ];
  };

  const chooseAutoRenew = (
    { enabled, now }: OrderCommandOf<'ChooseAutoRenew'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    requireStatus(state, ['CHECKOUT'], 'Choosing auto-renew');
    if (enabled && (!state.paymentMethod || !isOnlineMethod(state.paymentMethod)))
      throw new BusinessRuleViolation(
        'AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL',
        'Auto-renew can be switched on only with credit card or PayPal as the payment method.',
        'enabled',
      );
    if (enabled === state.autoRenew) return [];
    return [
      { type: 'AutoRenewChosen', data: { orderId: state.orderId, enabled, chosenAt: now.toISOString() } },
    ];
  };

  const confirmOrder = (
    { orderNumber, consents, now }: OrderCommandOf<'ConfirmOrder'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    requireStatus(state, ['CHECKOUT'], 'Confirming the order');
    if (!state.paymentMethod)
      throw new BusinessRuleViolation(
        'PAYMENT_METHOD_REQUIRED',
        'Choose a payment method before confirming.',
        'paymentMethod',
      );
    const recorded = recordConsents(ctx.documents, consents, now, 'confirm the order');
    if (now.getTime() >= graceEndsAt(state.serviceExpiresAt, policy).getTime())
      throw new BusinessRuleViolation(
        'SERVICE_PAST_GRACE_PERIOD',
        'The service is past its grace period and cannot be renewed.',
      );
    if (state.agreementCode) validAgreement(state.agreementCode, state.productCode, now);
    if (!orderNumber) throw new Error('A confirmation needs its order number (needsOrderNumber)');
    const quote = quoteFor(state, state.cart, state.years);
    return [
      { type: 'ConsentsRecorded', data: { orderId: state.orderId, consents: recorded } },
      {
        type: 'OrderConfirmed',
        data: {
          orderId: state.orderId,
          orderNumber,
          serviceId: state.serviceId,
          customerId: state.customerId,
          kind: state.kind,
          cart: state.cart,
          agreementCode: state.agreementCode,
          years: state.years,
          paymentMethod: state.paymentMethod,
          autoRenew: state.autoRenew,
          quote,
          paymentInstructions: paymentInstructions(
            state.paymentMethod,
            orderNumber,
            quote.grossCents,
            ctx.payee,
          ),
          payBy: payBy(state.paymentMethod, state, now).toISOString(),
          confirmedAt: now.toISOString(),
          origin: state.origin,
        },
      },
    ];
  };

  const cancelOrder = (
    { reason, by, now }: OrderCommandOf<'CancelOrder'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (state.status === 'CANCELLED') return [];
    requireStatus(state, ['CART', 'CHECKOUT', 'CONFIRMED'], 'Cancelling the order');
    return [
      {
        type: 'OrderCancelled',
        data: { orderId: state.orderId, reason, cancelledBy: by, cancelledAt: now.toISOString() },
      },
    ];
  };

  const expireUnpaidOrder = (
    { now }: OrderCommandOf<'ExpireUnpaidOrder'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    // Not due, or no longer awaiting payment: nothing to do (the scheduler may ask more than once).
    if (state.status !== 'CONFIRMED' || !state.payBy || now.getTime() < state.payBy.getTime()) return [];
    const graceEnd = graceEndsAt(state.serviceExpiresAt, policy);
    return [
      {
        type: 'OrderExpired',
        data: {
          orderId: state.orderId,
          serviceId: state.serviceId,
          reason: state.payBy.getTime() >= graceEnd.getTime() ? 'GRACE_ENDED' : 'UNPAID',
          payBy: state.payBy.toISOString(),
          expiredAt: now.toISOString(),
        },
      },
    ];
  };

  const placeAutoRenewalOrder = (
    d: OrderCommandOf<'PlaceAutoRenewalOrder'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (state.status !== 'NONE') return [];
    if (!isOnlineMethod(d.paymentMethod))
      throw new BusinessRuleViolation(
        'AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL',
        'Auto-renew charges only a credit card or PayPal.',
        'paymentMethod',
      );
    if (!d.orderNumber) throw new Error('An auto-renewal order needs its order number (needsOrderNumber)');
    const promotional = productOf(d.productCode).promotional;
    const requested = renewalRequested(
      d,
      Math.min(Math.max(1, d.years), maxTermYears(policy, promotional)),
      'AUTO_RENEW',
    );
    const { current: cart, years, quote } = requested.data;
    return [
      requested,
      { type: 'ConsentsRecorded', data: { orderId: d.orderId, consents: d.consents } },
      {
        type: 'OrderConfirmed',
        data: {
          orderId: d.orderId,
          orderNumber: d.orderNumber,
          serviceId: d.serviceId,
          customerId: d.customerId,
          kind: d.kind,
          cart,
          agreementCode: null,
          years,
          paymentMethod: d.paymentMethod,
          autoRenew: true,
          quote,
          paymentInstructions: paymentInstructions(
            d.paymentMethod,
            d.orderNumber,
            quote.grossCents,
            ctx.payee,
          ),
          payBy: payBy(d.paymentMethod, { serviceExpiresAt: d.serviceExpiresAt }, d.now).toISOString(),
          confirmedAt: d.now.toISOString(),
          origin: 'AUTO_RENEW',
        },
      },
    ];
  };

  const recordAutoRenewalChargeDeclined = (
    { code, now }: OrderCommandOf<'RecordAutoRenewalChargeDeclined'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (state.origin !== 'AUTO_RENEW')
      throw new BusinessRuleViolation(
        'NOT_AN_AUTO_RENEWAL_ORDER',
        'Only an auto-renewal order has an automatic charge.',
      );
    if (state.status !== 'CONFIRMED' || state.chargeDeclined) return [];
    const method = state.paymentMethod ?? 'CREDIT_CARD';
    const orderNumber = state.orderNumber ?? '';
    return [
      {
        type: 'AutoRenewalChargeDeclined',
        data: {
          orderId: state.orderId,
          orderNumber,
          serviceId: state.serviceId,
          customerId: state.customerId,
          code,
          paymentMethod: method,
          paymentInstructions: paymentInstructions(
            method,
            orderNumber,
            state.quote?.grossCents ?? 0,
            ctx.payee,
          ),
          payBy: (state.payBy ?? now).toISOString(),
          declinedAt: now.toISOString(),
        },
      },
    ];
  };

  const recordOnlinePaymentDeclined = (
    { attempt, method, code, now }: OrderCommandOf<'RecordOnlinePaymentDeclined'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (attempt <= state.onlineAttempts) return []; // this try's decline is recorded already
    if (state.status !== 'CONFIRMED') return []; // paid or closed meanwhile: the decline no longer matters
    if (attempt !== state.onlineAttempts + 1)
      throw new ValidationFailed(
        'ONLINE_PAYMENT_ATTEMPT_OUT_OF_ORDER',
        `Online payment try ${attempt} follows try ${state.onlineAttempts}.`,
        'attempt',
      );
    return [
      {
        type: 'OnlinePaymentDeclined',
        data: {
          orderId: state.orderId,
          orderNumber: state.orderNumber ?? '',
          attempt,
          method,
          code,
          declinedAt: now.toISOString(),
        },
      },
    ];
  };

  const recordRefund = (
    { transactionId, reference, now }: OrderCommandOf<'RecordRefund'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    const seen = state.payments[transactionId];
    if (!seen)
      throw new NotFound(
        'PAYMENT_NOT_FOUND',
        `Order ${state.orderNumber ?? state.orderId} has no payment ${transactionId}.`,
        'transactionId',
      );
    if (seen === 'REGISTERED')
      throw new BusinessRuleViolation(
        'PAYMENT_NOT_REFUNDABLE',
        'This payment paid the order: only a payment listed for refund can be marked refunded.',
        'transactionId',
      );
    const earlier = state.refunds?.[transactionId];
    if (earlier) {
      if (earlier.reference === reference) return []; // the same refund again
      throw new BusinessRuleViolation(
        'PAYMENT_ALREADY_REFUNDED',
        `This payment was refunded already, under the reference ${earlier.reference}.`,
        'transactionId',
        { reference: earlier.reference, refundedAt: earlier.refundedAt },
      );
    }
    const trimmed = reference.trim();
    if (trimmed.length < 3)
      throw new ValidationFailed(
        'REFUND_REFERENCE_REQUIRED',
        'Give the refund reference (at least 3 characters).',
        'reference',
      );
    return [
      {
        type: 'PaymentRefunded',
        data: {
          orderId: state.orderId,
          orderNumber: state.orderNumber ?? '',
          transactionId,
          amountCents: state.paymentAmounts?.[transactionId] ?? 0,
          reference: trimmed,
          refundedAt: now.toISOString(),
        },
      },
    ];
  };

  const refundPaidOrder = (
    { amountCents, reason, reference, now }: OrderCommandOf<'RefundPaidOrder'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    const number = state.orderNumber ?? state.orderId;
    const trimmedReference = reference.trim();
    const trimmedReason = reason.trim();
    const earlier = state.paidRefunds[trimmedReference];
    if (earlier) {
      if (earlier.amountCents === amountCents) return []; // the same refund again
      throw new BusinessRuleViolation(
        'REFUND_REFERENCE_USED',
        `Order ${number} has a refund under the reference ${trimmedReference} already, of ${earlier.amountCents} cents.`,
        'reference',
      );
    }
    if (state.status !== 'PAID')
      throw new BusinessRuleViolation(
        'ORDER_NOT_PAID',
        `Order ${number} is not paid: only a paid order is refunded (a payment for another order is listed for refund).`,
        'orderId',
        { orderStatus: state.status },
      );
    if (trimmedReason.length < 3)
      throw new ValidationFailed(
        'REFUND_REASON_REQUIRED',
        'Say why it is refunded (at least 3 characters).',
        'reason',
      );
    if (trimmedReference.length < 3)
      throw new ValidationFailed(
        'REFUND_REFERENCE_REQUIRED',
        'Give the refund reference (at least 3 characters).',
        'reference',
      );
    const paid = state.quote?.grossCents ?? 0;
    const refunded = Object.values(state.paidRefunds).reduce((sum, refund) => sum + refund.amountCents, 0);
    if (!Number.isInteger(amountCents) || amountCents < 1 || amountCents > paid - refunded)
      throw new BusinessRuleViolation(
        'REFUND_EXCEEDS_PAID',
        `Order ${number} can be refunded from 1 to ${paid - refunded} cents (paid ${paid}, refunded ${refunded}).`,
        'amountCents',
        { refundableCents: paid - refunded },
      );
    return [
      {
        type: 'PaidOrderRefunded',
        data: {
          orderId: state.orderId,
          orderNumber: state.orderNumber ?? '',
          serviceId: state.serviceId,
          amountCents,
          reason: trimmedReason,
          reference: trimmedReference,
          refundedAt: now.toISOString(),
        },
      },
    ];
  };

  const registerPayment = (
    { transactionId, amountCents, method, now }: OrderCommandOf<'RegisterPayment'>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (transactionId in state.payments) return []; // the same transaction twice is one registration
    if (state.status === 'CART' || state.status === 'CHECKOUT')
      throw new BusinessRuleViolation(
        'ORDER_NOT_CONFIRMED',
        'The order is not confirmed yet: a payment can be registered only for a confirmed order.',
        'orderNumber',
        { orderStatus: state.status },
      );
    const orderNumber = state.orderNumber ?? '';
    const refund = (reason: RefundReason): OrderEvent[] => [
      {
        type: 'PaymentRefundDue',
        data: {
          orderId: state.orderId,
          orderNumber,
          transactionId,
          amountCents,
          method,
          reason,
          registeredAt: now.toISOString(),
        },
      },
    ];
    if (state.status === 'CANCELLED') return refund('ORDER_CANCELLED');
    if (state.status === 'EXPIRED') return refund('ORDER_EXPIRED');
    if (state.status === 'PAID') return refund('ORDER_ALREADY_PAID');
    const expected = state.quote?.grossCents ?? 0;
    if (amountCents !== expected)
      throw new BusinessRuleViolation(
        'PAYMENT_AMOUNT_MISMATCH',
        `The payment of ${amountCents} cents does not match the order total of ${expected} cents.`,
        'amountCents',
        { expectedCents: expected },
      );
    if (now.getTime() >= graceEndsAt(state.serviceExpiresAt, policy).getTime())
      return refund('ORDER_EXPIRED');
    return [
      {
        type: 'PaymentRegistered',
        data: {
          orderId: state.orderId,
          orderNumber,
          serviceId: state.serviceId,
          transactionId,
          amountCents,
          method,
          orderedMethod: state.paymentMethod ?? method,
          registeredAt: now.toISOString(),
        },
      },
    ];
  };

  const decide = (command: OrderCommand, state: OrderState): OrderEvent[] => {
    const creates = command.type === 'RequestRenewal' || command.type === 'PlaceAutoRenewalOrder';
    if (!creates && state.status === 'NONE')
      throw new NotFound('ORDER_NOT_FOUND', 'The order does not exist.');
    switch (command.type) {
      case 'RequestRenewal':
        return requestRenewal(command.data, state);
      case 'IncreaseStorage':
        return increaseStorage(command.data, state);
      case 'SetStorage':
        return setStorage(command.data, state);
      case 'SetExtraUsers':
        return setExtraUsers(command.data, state);
      case 'SetNsoModule':
        return setNsoModule(command.data, state);
      case 'ApplyAgreementCode':
        return applyAgreementCode(command.data, state);
      case 'RemoveAgreementCode':
        return removeAgreementCode(command.data, state);
      case 'StartCheckout':
        return startCheckout(command.data, state);
      case 'ChoosePaymentMethod':
        return choosePaymentMethod(command.data, state);
      case 'ChooseTerm':
        return chooseTerm(command.data, state);
      case 'ChooseAutoRenew':
        return chooseAutoRenew(command.data, state);
      case 'ConfirmOrder':
        return confirmOrder(command.data, state);
      case 'CancelOrder':
        return cancelOrder(command.data, state);
      case 'ExpireUnpaidOrder':
        return expireUnpaidOrder(command.data, state);
      case 'PlaceAutoRenewalOrder':
        return placeAutoRenewalOrder(command.data, state);
      case 'RecordAutoRenewalChargeDeclined':
        return recordAutoRenewalChargeDeclined(command.data, state);
      case 'RecordOnlinePaymentDeclined':
        return recordOnlinePaymentDeclined(command.data, state);
      case 'RecordRefund':
        return recordRefund(command.data, state);
      case 'RefundPaidOrder':
        return refundPaidOrder(command.data, state);
      case 'RegisterPayment':
        return registerPayment(command.data, state);
      default:
        return assertNever(command);
    }
  };

  return { initialState: initialOrderState, decide, evolve: evolveOrder, events: orderEvents };
}
