import { calendarOf } from '../shared/calendar';
import { Decider } from '@app/kernel';
import { BusinessRuleViolation, NotFound, ValidationFailed, assertNever } from '@app/kernel';
import { ConsentDocuments, ConsentType, Payee, RenewalPolicy } from '../shared/policy';
import { RecordedConsent, recordConsents } from '../shared/consents';
import { maxTermYears, requireTerm } from '../shared/term';
import { AgreementCode, Catalog, Product, findAgreementCode, findProduct } from '../pricing/catalog';
import { CartItems, Quote, priceCart } from '../pricing/pricing';
import {
  AUTO_RENEW_METHODS,
  PaymentInstructions,
  PaymentMethod,
  REGISTRATION_TIMES,
  latestRegistration,
  paymentInstructions,
} from './payment-methods';
import { OrderOrigin, RenewalKind, graceEndsAt } from '../service/service.decider';

/** The renewal order: cart, checkout, payment method, term, consents, confirmation, payment. */
export type OrderStatus = 'CART' | 'CHECKOUT' | 'CONFIRMED' | 'PAID' | 'CANCELLED' | 'EXPIRED';

export type CartChange =
  | { kind: 'STORAGE_INCREASED'; packsAdded: number }
  | { kind: 'EXTRA_USERS_CHANGED'; from: number; to: number }
  | { kind: 'NSO_MODULE_ADDED' }
  | { kind: 'NSO_MODULE_REMOVED' }
  | { kind: 'AGREEMENT_CODE_APPLIED'; code: string; discountBps: number }
  | { kind: 'AGREEMENT_CODE_REMOVED'; code: string };

export interface PaymentWarning {
  code: 'PAYMENT_REGISTERS_AFTER_EXPIRY' | 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW';
  message: string;
}

export type { RecordedConsent };

export type RefundReason = 'ORDER_CANCELLED' | 'ORDER_EXPIRED' | 'ORDER_ALREADY_PAID';

// ---- events (stored names are the `type` strings; they never change) ----
export type OrderEvent =
  | {
      type: 'RenewalRequested';
      data: {
        orderId: string;
        serviceId: string;
        /** The service's name when the order was opened (absent on orders opened before it was recorded). */
        serviceName?: string;
        customerId: string;
        kind: RenewalKind;
        productCode: string;
        promotional: boolean;
        serviceExpiresAt: string;
        /** The services active so far: the cart starts from them. */
        current: CartItems;
        minExtraUsers: number;
        years: number;
        quote: Quote;
        requestedAt: string;
        /** Absent on orders from before auto-renew charging: those are the customer's. */
        origin?: OrderOrigin;
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
        registrationTime: string;
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
        origin?: OrderOrigin;
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
        reason: string;
        paymentMethod: PaymentMethod;
        paymentInstructions: PaymentInstructions;
        payBy: string;
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
      data: { orderId: string; reason: string; cancelledBy: 'CUSTOMER' | 'BACK_OFFICE'; cancelledAt: string };
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
        /** The method the order chose (absent on payments registered before it was recorded: the same as `method`). */
        orderedMethod?: PaymentMethod;
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
    };

// ---- commands (time comes in with the command) ----
/** What a renewal order starts from: the service, its expiry and the services active so far. */
interface RenewalStart {
  orderId: string;
  serviceId: string;
  serviceName: string;
  customerId: string;
  kind: RenewalKind;
  productCode: string;
  serviceExpiresAt: Date;
  current: CartItems;
  usersInUse: number;
  now: Date;
}

export type OrderCommand =
  | { type: 'RequestRenewal'; data: RenewalStart }
  | { type: 'IncreaseStorage'; data: { packs: number; now: Date } }
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
      data: { orderNumber: string; consents: Partial<Record<ConsentType, string | null>>; now: Date };
    }
  | { type: 'CancelOrder'; data: { reason: string; by: 'CUSTOMER' | 'BACK_OFFICE'; now: Date } }
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
        orderNumber: string;
      };
    }
  | { type: 'RecordAutoRenewalChargeDeclined'; data: { code: string; reason: string; now: Date } }
  | {
      type: 'RegisterPayment';
      data: { transactionId: string; amountCents: number; method: PaymentMethod; now: Date };
    };

// ---- state ----
export interface OrderState {
  status: OrderStatus | 'NONE';
  orderId: string;
  serviceId: string;
  serviceName: string;
  customerId: string;
  kind: RenewalKind;
  productCode: string;
  promotional: boolean;
  serviceExpiresAt: Date;
  minExtraUsers: number;
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
  origin: OrderOrigin;
  /** For an auto-renewal order: whether its charge was declined (then it awaits a payment like any other). */
  chargeDeclined: boolean;
  chargeDecline: { code: string; reason: string; declinedAt: string } | null;
  paymentWarnings: PaymentWarning[];
  consents: RecordedConsent[];
  paymentInstructions: PaymentInstructions | null;
  requestedAt: string | null;
  confirmedAt: string | null;
  paidAt: string | null;
  /** How the registered payment came in (it may differ from `paymentMethod`, the order's choice). */
  paidMethod: PaymentMethod | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface OrderContext {
  catalog: Catalog;
  policy: RenewalPolicy;
  documents: ConsentDocuments;
  payee: Payee;
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

export function orderDecider(ctx: OrderContext): Decider<OrderCommand, OrderEvent, OrderState> {
  const { catalog, policy } = ctx;
  const calendar = calendarOf(policy);

  const initialState = (): OrderState => ({
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
    cart: { storagePacks: 0, extraUsers: 0, nso: false },
    agreementCode: null,
    years: 1,
    paymentMethod: null,
    autoRenew: false,
    quote: null,
    orderNumber: null,
    payBy: null,
    payments: {},
    origin: 'CUSTOMER',
    chargeDeclined: false,
    chargeDecline: null,
    paymentWarnings: [],
    consents: [],
    paymentInstructions: null,
    requestedAt: null,
    confirmedAt: null,
    paidAt: null,
    paidMethod: null,
    cancelledAt: null,
    cancelReason: null,
  });

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
      );
    if (now.getTime() > Date.parse(agreement.validUntil))
      throw new BusinessRuleViolation(
        'AGREEMENT_CODE_EXPIRED',
        `The agreement code "${agreement.code}" expired on ${agreement.validUntil.slice(0, 10)}.`,
        'code',
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

  /** Refuses `what` unless the order is in one of the allowed states, with a code naming the state it is in. */
  const requireStatus = (state: OrderState, allowed: ReadonlyArray<OrderState['status']>, what: string) => {
    if (allowed.includes(state.status)) return;
    const { code, reason } = REFUSAL_BY_STATUS[state.status];
    throw new BusinessRuleViolation(code, `${what} is not possible: ${reason}.`, undefined, {
      orderStatus: state.status,
    });
  };

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
    const warnings: PaymentWarning[] = [];
    if (state.kind === 'REACTIVATE') return warnings;
    const registeredBy = latestRegistration(method, now, calendar);
    if (registeredBy.getTime() > state.serviceExpiresAt.getTime())
      warnings.push({
        code: 'PAYMENT_REGISTERS_AFTER_EXPIRY',
        message: `Con questo metodo il pagamento sarà registrato ${REGISTRATION_TIMES[method].description}, dopo la scadenza del servizio (${state.serviceExpiresAt.toISOString().slice(0, 10)}): il servizio potrebbe essere interrotto.`,
      });
    else if (now.getTime() > calendar.addDays(state.serviceExpiresAt, -policy.payBeforeExpiryDays).getTime())
      warnings.push({
        code: 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW',
        message: `Mancano meno di ${policy.payBeforeExpiryDays} giorni alla scadenza: paga subito per evitare l'interruzione del servizio.`,
      });
    return warnings;
  };

  /** Unpaid orders expire after unpaidOrderDays (postal slip: never fewer working days than allowed) or at grace end. */
  const payBy = (method: PaymentMethod, state: OrderState, now: Date): Date => {
    let deadline = calendar.addDays(now, policy.unpaidOrderDays);
    if (method === 'POSTAL_SLIP') {
      const postalMinimum = calendar.endOfWorkingDaysAfter(now, policy.postalSlipMinWorkingDays);
      if (postalMinimum.getTime() > deadline.getTime()) deadline = postalMinimum;
    }
    const graceEnd = graceEndsAt(state.serviceExpiresAt, policy);
    return graceEnd.getTime() < deadline.getTime() ? graceEnd : deadline;
  };

  const decide = (command: OrderCommand, state: OrderState): OrderEvent[] => {
    const creates = command.type === 'RequestRenewal' || command.type === 'PlaceAutoRenewalOrder';
    if (!creates && state.status === 'NONE')
      throw new NotFound('ORDER_NOT_FOUND', 'The order does not exist.');
    const now = command.data.now;
    const at = now.toISOString();
    switch (command.type) {
      case 'RequestRenewal':
        if (state.status !== 'NONE') return [];
        return [renewalRequested(command.data, 1)];
      case 'IncreaseStorage': {
        requireStatus(state, MODIFIABLE, 'Changing the cart');
        const { packs } = command.data;
        if (!Number.isInteger(packs) || packs < 1)
          throw new ValidationFailed(
            'INVALID_STORAGE_PACKS',
            'Storage can only be increased, by one pack or more.',
            'packs',
          );
        const cart = { ...state.cart, storagePacks: state.cart.storagePacks + packs };
        return [
          cartModified(
            state,
            { kind: 'STORAGE_INCREASED', packsAdded: packs },
            cart,
            state.agreementCode,
            now,
          ),
        ];
      }
      case 'SetExtraUsers': {
        requireStatus(state, MODIFIABLE, 'Changing the cart');
        const { extraUsers } = command.data;
        if (extraUsers < state.minExtraUsers)
          throw new BusinessRuleViolation(
            'EXTRA_USERS_BELOW_MINIMUM',
            `The service has users in use that need at least ${state.minExtraUsers} additional users.`,
            'extraUsers',
            { minimum: state.minExtraUsers },
          );
        if (extraUsers === state.cart.extraUsers) return [];
        const change: CartChange = {
          kind: 'EXTRA_USERS_CHANGED',
          from: state.cart.extraUsers,
          to: extraUsers,
        };
        return [cartModified(state, change, { ...state.cart, extraUsers }, state.agreementCode, now)];
      }
      case 'SetNsoModule': {
        requireStatus(state, MODIFIABLE, 'Changing the cart');
        const { enabled } = command.data;
        if (enabled === state.cart.nso) return [];
        const change: CartChange = enabled ? { kind: 'NSO_MODULE_ADDED' } : { kind: 'NSO_MODULE_REMOVED' };
        return [cartModified(state, change, { ...state.cart, nso: enabled }, state.agreementCode, now)];
      }
      case 'ApplyAgreementCode': {
        requireStatus(state, MODIFIABLE, 'Changing the cart');
        const agreement = validAgreement(command.data.code, state.productCode, now);
        if (state.agreementCode === agreement.code) return [];
        if (state.agreementCode)
          throw new BusinessRuleViolation(
            'AGREEMENT_CODE_ALREADY_APPLIED',
            `The order already uses the agreement code "${state.agreementCode}": one code per order. Remove it first.`,
            'code',
          );
        const change: CartChange = {
          kind: 'AGREEMENT_CODE_APPLIED',
          code: agreement.code,
          discountBps: agreement.discountBps,
        };
        return [cartModified(state, change, state.cart, agreement.code, now)];
      }
      case 'RemoveAgreementCode': {
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
      }
      case 'StartCheckout': {
        if (state.status === 'CHECKOUT') return [];
        requireStatus(state, ['CART'], 'Proceeding to checkout');
        return [
          {
            type: 'CheckoutStarted',
            data: { orderId: state.orderId, quote: quoteFor(state, state.cart, state.years), startedAt: at },
          },
        ];
      }
      case 'ChoosePaymentMethod': {
        requireStatus(state, ['CHECKOUT'], 'Choosing the payment method');
        const { method } = command.data;
        if (state.autoRenew && !AUTO_RENEW_METHODS.includes(method))
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
              registrationTime: REGISTRATION_TIMES[method].description,
              latestRegistrationAt: latestRegistration(method, now, calendar).toISOString(),
              warnings: paymentWarnings(method, state, now),
              chosenAt: at,
            },
          },
        ];
      }
      case 'ChooseTerm': {
        requireStatus(state, ['CHECKOUT'], 'Choosing the term');
        const { years } = command.data;
        requireTerm(policy, state.promotional, years);
        if (years === state.years) return [];
        return [
          {
            type: 'TermChosen',
            data: { orderId: state.orderId, years, quote: quoteFor(state, state.cart, years), chosenAt: at },
          },
        ];
      }
      case 'ChooseAutoRenew': {
        requireStatus(state, ['CHECKOUT'], 'Choosing auto-renew');
        const { enabled } = command.data;
        if (enabled && (!state.paymentMethod || !AUTO_RENEW_METHODS.includes(state.paymentMethod)))
          throw new BusinessRuleViolation(
            'AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL',
            'Auto-renew can be switched on only with credit card or PayPal as the payment method.',
            'enabled',
          );
        if (enabled === state.autoRenew) return [];
        return [{ type: 'AutoRenewChosen', data: { orderId: state.orderId, enabled, chosenAt: at } }];
      }
      case 'ConfirmOrder':
        return confirm(command.data, state);
      case 'CancelOrder': {
        if (state.status === 'CANCELLED') return [];
        requireStatus(state, ['CART', 'CHECKOUT', 'CONFIRMED'], 'Cancelling the order');
        const { reason, by } = command.data;
        return [
          {
            type: 'OrderCancelled',
            data: { orderId: state.orderId, reason, cancelledBy: by, cancelledAt: at },
          },
        ];
      }
      case 'RegisterPayment':
        return registerPayment(command.data, state);
      case 'PlaceAutoRenewalOrder':
        return placeAutoRenewalOrder(command.data, state);
      case 'RecordAutoRenewalChargeDeclined': {
        if (state.origin !== 'AUTO_RENEW')
          throw new BusinessRuleViolation(
            'NOT_AN_AUTO_RENEWAL_ORDER',
            'Only an auto-renewal order has an automatic charge.',
          );
        if (state.status !== 'CONFIRMED' || state.chargeDeclined) return [];
        const method = state.paymentMethod ?? 'CREDIT_CARD';
        const grossCents = state.quote?.grossCents ?? 0;
        const orderNumber = state.orderNumber ?? '';
        return [
          {
            type: 'AutoRenewalChargeDeclined',
            data: {
              orderId: state.orderId,
              orderNumber,
              serviceId: state.serviceId,
              customerId: state.customerId,
              code: command.data.code,
              reason: command.data.reason,
              paymentMethod: method,
              paymentInstructions: paymentInstructions(method, orderNumber, grossCents, ctx.payee),
              payBy: (state.payBy ?? now).toISOString(),
              declinedAt: at,
            },
          },
        ];
      }
      case 'ExpireUnpaidOrder': {
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
              expiredAt: at,
            },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  };

  const confirm = (
    { orderNumber, consents, now }: Extract<OrderCommand, { type: 'ConfirmOrder' }>['data'],
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
        },
      },
    ];
  };

  /** The cart starts from the services active so far, with at least the extra users in use. */
  const renewalRequested = (
    d: RenewalStart,
    years: number,
    origin?: 'AUTO_RENEW',
  ): Extract<OrderEvent, { type: 'RenewalRequested' }> => {
    const product = productOf(d.productCode);
    const minExtraUsers = Math.max(0, d.usersInUse - product.includedUsers);
    const current = { ...d.current, extraUsers: Math.max(d.current.extraUsers, minExtraUsers) };
    return {
      type: 'RenewalRequested',
      data: {
        orderId: d.orderId,
        serviceId: d.serviceId,
        serviceName: d.serviceName,
        customerId: d.customerId,
        kind: d.kind,
        productCode: d.productCode,
        promotional: product.promotional,
        serviceExpiresAt: d.serviceExpiresAt.toISOString(),
        current,
        minExtraUsers,
        years,
        quote: priceCart(catalog, product, current, years, null),
        requestedAt: d.now.toISOString(),
        ...(origin ? { origin } : {}),
      },
    };
  };

  const placeAutoRenewalOrder = (
    d: Extract<OrderCommand, { type: 'PlaceAutoRenewalOrder' }>['data'],
    state: OrderState,
  ): OrderEvent[] => {
    if (state.status !== 'NONE') return [];
    if (!AUTO_RENEW_METHODS.includes(d.paymentMethod))
      throw new BusinessRuleViolation(
        'AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL',
        'Auto-renew charges only a credit card or PayPal.',
        'paymentMethod',
      );
    const promotional = productOf(d.productCode).promotional;
    const requested = renewalRequested(
      d,
      Math.min(Math.max(1, d.years), maxTermYears(policy, promotional)),
      'AUTO_RENEW',
    );
    const placed = evolve(state, requested);
    const { current: cart, years, quote } = requested.data;
    const at = d.now.toISOString();
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
          payBy: payBy(d.paymentMethod, placed, d.now).toISOString(),
          confirmedAt: at,
          origin: 'AUTO_RENEW',
        },
      },
    ];
  };

  const registerPayment = (
    { transactionId, amountCents, method, now }: Extract<OrderCommand, { type: 'RegisterPayment' }>['data'],
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

  const evolve = (state: OrderState, event: OrderEvent): OrderState => {
    switch (event.type) {
      case 'RenewalRequested': {
        const d = event.data;
        return {
          ...state,
          status: 'CART',
          orderId: d.orderId,
          serviceId: d.serviceId,
          serviceName: d.serviceName ?? '',
          customerId: d.customerId,
          kind: d.kind,
          productCode: d.productCode,
          promotional: d.promotional,
          serviceExpiresAt: new Date(d.serviceExpiresAt),
          minExtraUsers: d.minExtraUsers,
          cart: d.current,
          years: d.years,
          quote: d.quote,
          origin: d.origin ?? 'CUSTOMER',
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
        return { ...state, paymentMethod: event.data.method, paymentWarnings: event.data.warnings };
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
        const { code, reason, declinedAt } = event.data;
        return { ...state, chargeDeclined: true, chargeDecline: { code, reason, declinedAt } };
      }
      case 'OrderExpired':
        return { ...state, status: 'EXPIRED' };
      case 'OrderCancelled':
        return {
          ...state,
          status: 'CANCELLED',
          cancelledAt: event.data.cancelledAt,
          cancelReason: event.data.reason,
        };
      case 'PaymentRegistered':
        return {
          ...state,
          status: 'PAID',
          paidAt: event.data.registeredAt,
          paidMethod: event.data.method,
          payments: { ...state.payments, [event.data.transactionId]: 'REGISTERED' },
        };
      case 'PaymentRefundDue':
        return { ...state, payments: { ...state.payments, [event.data.transactionId]: event.data.reason } };
      default:
        return assertNever(event);
    }
  };

  return { initialState, decide, evolve };
}
