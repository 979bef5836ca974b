import { calendarOf } from '../shared/calendar';
import { Decider } from '@app/kernel';
import { BusinessRuleViolation, Conflict, NotFound, assertNever } from '@app/kernel';
import { ConsentDocuments, ConsentType, RenewalPolicy } from '../shared/policy';
import { RecordedConsent, recordConsents } from '../shared/consents';
import { requireTerm } from '../shared/term';
import { CartItems } from '../pricing/pricing';
import {
  MILESTONE_KINDS,
  Milestones,
  NO_MILESTONES,
  OpenOrderStatus,
  ScheduleFacts,
  ScheduledActionKind,
  autoRenewChargeAt,
  dueActions,
  graceEndsAt,
  overtakenBy,
} from './service-schedule';

export { autoRenewChargeAt, graceEndsAt };
export type { Milestones, OpenOrderStatus };

/**
 * The e-invoicing service of one customer: expiry, grace, auto-renew, add-ons, and the guard that
 * keeps at most one renewal order open per service.
 */
export type RenewalKind = 'RENEW' | 'REACTIVATE';
/** Who opened a renewal order: the customer in the customer area, or the auto-renew charge. */
export type OrderOrigin = 'CUSTOMER' | 'AUTO_RENEW';
export const AUTO_RENEW_PAYMENT_METHODS = ['CREDIT_CARD', 'PAYPAL'] as const;
export type AutoRenewPaymentMethod = (typeof AUTO_RENEW_PAYMENT_METHODS)[number];

/** The card or PayPal account stored at the payment provider: a token and a label, never the number. */
export interface StoredPaymentMethod {
  method: AutoRenewPaymentMethod;
  paymentToken: string;
  /** What the customer recognises it by, e.g. "Visa •••• 4242" or "PayPal m***@example.it". */
  label: string;
}
// ---- events (stored names are the `type` strings; they never change) ----
export type ServiceEvent =
  | {
      type: 'ServiceActivated';
      data: {
        serviceId: string;
        customerId: string;
        name: string;
        holderEmail: string;
        productCode: string;
        promotional: boolean;
        activatedAt: string;
        expiresAt: string;
        storagePacks: number;
        extraUsers: number;
        usersInUse: number;
        nso: boolean;
        autoRenew: boolean;
        /** Where auto-renew is on: the stored payment method it charges and the term (absent: none stored, 1 year). */
        autoRenewPayment?: StoredPaymentMethod;
        autoRenewYears?: number;
        /** The consents given at purchase for the tacit renewal. */
        autoRenewConsents?: RecordedConsent[];
      };
    }
  | {
      type: 'RenewalOrderOpened';
      /** `origin` is absent on orders opened before auto-renew charging existed: those are the customer's. */
      data: { serviceId: string; orderId: string; kind: RenewalKind; openedAt: string; origin?: OrderOrigin };
    }
  | {
      type: 'AutoRenewSwitchedOn';
      data: {
        serviceId: string;
        payment: StoredPaymentMethod;
        years: number;
        /** The tacit-renewal clause is among the onerous clauses (art. 1341-1342 c.c.): all three are recorded. */
        consents: RecordedConsent[];
        switchedAt: string;
      };
    }
  | {
      type: 'AutoRenewSwitchedOff';
      data: {
        serviceId: string;
        reason: 'CUSTOMER' | 'CHARGE_DECLINED';
        /** The auto-renewal order whose charge was declined, when that is the reason. */
        orderId?: string;
        switchedAt: string;
      };
    }
  | {
      type: 'RenewalOrderReleased';
      data: {
        serviceId: string;
        orderId: string;
        reason: 'CANCELLED' | 'EXPIRED' | 'ABANDONED';
        releasedAt: string;
      };
    }
  | {
      type: 'ExpiryReminderDue';
      data: {
        serviceId: string;
        expiresAt: string;
        daysBefore: number;
        dueAt: string;
        /** The days really left when the reminder is recorded (absent on reminders from before: `daysBefore`). */
        daysLeft?: number;
      };
    }
  | {
      /** A reminder that came due when a later milestone, a charge or a renewal had come due too: not sent. */
      type: 'ExpiryReminderSkipped';
      data: {
        serviceId: string;
        expiresAt: string;
        daysBefore: number;
        dueAt: string;
        overtakenBy: ScheduledActionKind;
      };
    }
  | {
      type: 'ServiceExpired';
      data: {
        serviceId: string;
        expiresAt: string;
        graceEndsAt: string;
        /** Whether the expiry notice goes out (absent on expiries from before: it did); not when overtaken. */
        notify?: boolean;
        overtakenBy?: ScheduledActionKind;
      };
    }
  | { type: 'ServiceDeletionWarningDue'; data: { serviceId: string; expiresAt: string; deletesAt: string } }
  | {
      type: 'ServiceDeletionWarningSkipped';
      data: { serviceId: string; expiresAt: string; deletesAt: string; overtakenBy: ScheduledActionKind };
    }
  | { type: 'ServiceDeleted'; data: { serviceId: string; expiresAt: string; deletedAt: string } }
  | { type: 'ServiceRenewed'; data: ServiceRenewal }
  | { type: 'ServiceReactivated'; data: ServiceRenewal };

export interface ServiceRenewal extends CartItems {
  serviceId: string;
  orderId: string;
  orderNumber: string;
  years: number;
  previousExpiresAt: string;
  expiresAt: string;
  autoRenew: boolean;
  renewedAt: string;
}

// ---- commands ----
export type ServiceCommand =
  | {
      type: 'OpenRenewalOrder';
      data: { orderId: string; now: Date; openOrderStatus: OpenOrderStatus | null };
    }
  | { type: 'ReleaseRenewalOrder'; data: { orderId: string; reason: 'CANCELLED' | 'EXPIRED'; now: Date } }
  /**
   * The scheduler's: records, in order, the milestones due by `now` that come before any other due action
   * (a charge, a renewal, an unpaid order's end); each notice goes out unless a later one is due too.
   */
  | { type: 'RecordDueMilestones'; data: { openOrder: ScheduleFacts['openOrder']; now: Date } }
  | {
      type: 'SwitchAutoRenewOn';
      data: {
        payment: StoredPaymentMethod;
        years: number;
        consents: Partial<Record<ConsentType, string | null>>;
        openOrderStatus: OpenOrderStatus | null;
        now: Date;
      };
    }
  | { type: 'SwitchAutoRenewOff'; data: { now: Date } }
  /** The scheduler's: `autoRenewChargeDays` before expiry, open the order the stored method will be charged for. */
  | {
      type: 'OpenAutoRenewalOrder';
      data: { orderId: string; openOrderStatus: OpenOrderStatus | null; now: Date };
    }
  /** The charge for the auto-renewal order was declined: auto-renew stops until the customer pays or switches it on again. */
  | { type: 'SuspendAutoRenew'; data: { orderId: string; now: Date } }
  | {
      type: 'RenewService';
      data: {
        orderId: string;
        orderNumber: string;
        years: number;
        items: CartItems;
        autoRenew: boolean;
        now: Date;
      };
    };

// ---- state ----
export interface ServiceState {
  exists: boolean;
  serviceId: string;
  customerId: string;
  name: string;
  holderEmail: string;
  productCode: string;
  promotional: boolean;
  expiresAt: Date;
  items: CartItems;
  usersInUse: number;
  autoRenew: boolean;
  autoRenewPayment: StoredPaymentMethod | null;
  /** The term of the next automatic renewal: the last one chosen (RENEWAL.md step 7). */
  autoRenewYears: number;
  /** The consents given when auto-renew was switched on; the auto-renewal orders are placed under them. */
  autoRenewConsents: RecordedConsent[];
  /** The expiry for which an auto-renewal order was opened: each expiry is charged once. */
  autoRenewalOpenedFor: string | null;
  /** Since when auto-renew is on, as it is now: a charge is never due before that. */
  autoRenewSince: Date | null;
  openOrderId: string | null;
  openOrderKind: RenewalKind | null;
  openOrderOrigin: OrderOrigin | null;
  renewedByOrders: string[];
  /** Milestones recorded for the current expiry; a renewal (new expiry) starts them afresh. */
  milestones: Milestones;
  deleted: boolean;
}

/** The facts the schedule of a service depends on (service-schedule.ts), with its open order's. */
export function scheduleFacts(state: ServiceState, openOrder: ScheduleFacts['openOrder']): ScheduleFacts {
  return {
    expiresAt: state.expiresAt,
    deleted: state.deleted,
    autoRenew: state.autoRenew,
    autoRenewSince: state.autoRenewSince,
    autoRenewalOpenedFor: state.autoRenewalOpenedFor,
    milestones: state.milestones,
    openOrder: state.openOrderId ? openOrder : null,
  };
}

export type ServiceAction = 'RENEW' | 'REACTIVATE' | 'PAY_OPEN_ORDER' | 'NONE_AUTO_RENEW' | 'NONE_DELETED';

/** The one action the customer area offers for a service now (RENEWAL.md, flow step 2). */
export function serviceAction(
  service: { expiresAt: Date; autoRenew: boolean; openOrderStatus: OpenOrderStatus | null },
  now: Date,
  policy: RenewalPolicy,
): ServiceAction {
  if (now.getTime() >= graceEndsAt(service.expiresAt, policy).getTime()) return 'NONE_DELETED';
  if (service.openOrderStatus === 'CONFIRMED') return 'PAY_OPEN_ORDER';
  if (service.autoRenew) return 'NONE_AUTO_RENEW';
  return now.getTime() < service.expiresAt.getTime() ? 'RENEW' : 'REACTIVATE';
}

/** The open order a new one replaces, released as what became of it (expired, cancelled, or abandoned). */
function releasePrevious(
  state: ServiceState,
  openOrderStatus: OpenOrderStatus | null,
  now: Date,
): ServiceEvent[] {
  if (!state.openOrderId) return [];
  const reason =
    openOrderStatus === 'EXPIRED' ? 'EXPIRED' : openOrderStatus === 'CANCELLED' ? 'CANCELLED' : 'ABANDONED';
  return [
    {
      type: 'RenewalOrderReleased',
      data: { serviceId: state.serviceId, orderId: state.openOrderId, reason, releasedAt: now.toISOString() },
    },
  ];
}

export function serviceDecider(
  policy: RenewalPolicy,
  documents: ConsentDocuments,
): Decider<ServiceCommand, ServiceEvent, ServiceState> {
  const calendar = calendarOf(policy);
  const initialState = (): ServiceState => ({
    exists: false,
    serviceId: '',
    customerId: '',
    name: '',
    holderEmail: '',
    productCode: '',
    promotional: false,
    expiresAt: new Date(0),
    items: { storagePacks: 0, extraUsers: 0, nso: false },
    usersInUse: 0,
    autoRenew: false,
    autoRenewPayment: null,
    autoRenewYears: 1,
    autoRenewConsents: [],
    autoRenewalOpenedFor: null,
    autoRenewSince: null,
    openOrderId: null,
    openOrderKind: null,
    openOrderOrigin: null,
    renewedByOrders: [],
    milestones: NO_MILESTONES,
    deleted: false,
  });

  const decide = (command: ServiceCommand, state: ServiceState): ServiceEvent[] => {
    if (!state.exists) throw new NotFound('SERVICE_NOT_FOUND', 'The service does not exist.');
    switch (command.type) {
      case 'OpenRenewalOrder':
        return openRenewalOrder(command.data, state);
      case 'ReleaseRenewalOrder': {
        if (state.openOrderId !== command.data.orderId) return [];
        return [
          {
            type: 'RenewalOrderReleased',
            data: {
              serviceId: state.serviceId,
              orderId: command.data.orderId,
              reason: command.data.reason,
              releasedAt: command.data.now.toISOString(),
            },
          },
        ];
      }
      case 'RenewService':
        return renewService(command.data, state);
      case 'RecordDueMilestones':
        return dueMilestones(command.data, state);
      case 'SwitchAutoRenewOn':
        return switchAutoRenewOn(command.data, state);
      case 'SwitchAutoRenewOff':
        if (!state.autoRenew) return [];
        return [
          {
            type: 'AutoRenewSwitchedOff',
            data: {
              serviceId: state.serviceId,
              reason: 'CUSTOMER',
              switchedAt: command.data.now.toISOString(),
            },
          },
        ];
      case 'OpenAutoRenewalOrder':
        return openAutoRenewalOrder(command.data, state);
      case 'SuspendAutoRenew':
        if (!state.autoRenew) return [];
        return [
          {
            type: 'AutoRenewSwitchedOff',
            data: {
              serviceId: state.serviceId,
              reason: 'CHARGE_DECLINED',
              orderId: command.data.orderId,
              switchedAt: command.data.now.toISOString(),
            },
          },
        ];
      default:
        return assertNever(command);
    }
  };

  /** Card or PayPal only, a term the product allows, and the consents (the tacit-renewal clause among them). */
  const switchAutoRenewOn = (
    {
      payment,
      years,
      consents,
      openOrderStatus,
      now,
    }: Extract<ServiceCommand, { type: 'SwitchAutoRenewOn' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] => {
    if (state.deleted || now.getTime() >= graceEndsAt(state.expiresAt, policy).getTime())
      throw new BusinessRuleViolation(
        'SERVICE_PAST_GRACE_PERIOD',
        'The service is past its grace period: it can no longer be renewed, automatically or not.',
      );
    if (!(AUTO_RENEW_PAYMENT_METHODS as readonly string[]).includes(payment.method))
      throw new BusinessRuleViolation(
        'AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL',
        'Auto-renew can be switched on only with credit card or PayPal.',
        'method',
      );
    requireTerm(policy, state.promotional, years);
    if (state.openOrderId && openOrderStatus === 'CONFIRMED')
      throw new BusinessRuleViolation(
        'ORDER_AWAITING_PAYMENT',
        'A renewal order for this service is confirmed and awaiting payment: pay it or cancel it first.',
        undefined,
        { orderId: state.openOrderId },
      );
    if (state.openOrderId && (openOrderStatus === 'CART' || openOrderStatus === 'CHECKOUT'))
      throw new BusinessRuleViolation(
        'RENEWAL_ORDER_OPEN',
        'A renewal order for this service is open: confirm or cancel it before switching auto-renew on.',
        undefined,
        { orderId: state.openOrderId },
      );
    const recorded = recordConsents(documents, consents, now, 'switch auto-renew on');
    const samePayment =
      state.autoRenewPayment?.paymentToken === payment.paymentToken &&
      state.autoRenewPayment.method === payment.method;
    if (state.autoRenew && samePayment && state.autoRenewYears === years) return [];
    return [
      {
        type: 'AutoRenewSwitchedOn',
        data: {
          serviceId: state.serviceId,
          payment,
          years,
          consents: recorded,
          switchedAt: now.toISOString(),
        },
      },
    ];
  };

  /**
   * RENEWAL.md: `autoRenewChargeDays` before expiry the stored method is charged for the chosen term.
   * Opens the order for that charge once per expiry; a confirmed order the customer is paying already
   * stands in for it, and a cart they left open is abandoned.
   */
  const openAutoRenewalOrder = (
    { orderId, openOrderStatus, now }: Extract<ServiceCommand, { type: 'OpenAutoRenewalOrder' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] => {
    const at = now.getTime();
    const expiresAt = state.expiresAt.toISOString();
    if (!state.autoRenew || state.deleted || state.autoRenewalOpenedFor === expiresAt) return [];
    if (at < autoRenewChargeAt(state.expiresAt, policy).getTime()) return [];
    if (at >= graceEndsAt(state.expiresAt, policy).getTime()) return [];
    if (state.openOrderId && (openOrderStatus === 'CONFIRMED' || openOrderStatus === 'PAID')) return [];
    const events: ServiceEvent[] = releasePrevious(state, openOrderStatus, now);
    events.push({
      type: 'RenewalOrderOpened',
      data: {
        serviceId: state.serviceId,
        orderId,
        kind: at < state.expiresAt.getTime() ? 'RENEW' : 'REACTIVATE',
        openedAt: now.toISOString(),
        origin: 'AUTO_RENEW',
      },
    });
    return events;
  };

  const openRenewalOrder = (
    { orderId, now, openOrderStatus }: Extract<ServiceCommand, { type: 'OpenRenewalOrder' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] => {
    if (state.openOrderId === orderId) return [];
    const action = serviceAction(
      {
        expiresAt: state.expiresAt,
        autoRenew: state.autoRenew,
        openOrderStatus: state.openOrderId ? openOrderStatus : null,
      },
      now,
      policy,
    );
    switch (action) {
      case 'NONE_DELETED':
        throw new BusinessRuleViolation(
          'SERVICE_PAST_GRACE_PERIOD',
          `The service expired more than ${policy.graceDays} days ago and was cancelled; only a new purchase is possible.`,
        );
      case 'PAY_OPEN_ORDER':
        throw new BusinessRuleViolation(
          'ORDER_AWAITING_PAYMENT',
          'A renewal order for this service is already confirmed and awaiting payment: pay it or cancel it.',
          undefined,
          { orderId: state.openOrderId },
        );
      case 'NONE_AUTO_RENEW':
        throw new BusinessRuleViolation(
          'AUTO_RENEW_ACTIVE',
          'Auto-renew is on for this service: it renews by itself. Switch auto-renew off to renew manually.',
        );
      case 'RENEW':
      case 'REACTIVATE':
        break;
      default:
        return assertNever(action);
    }
    if (state.openOrderId && (openOrderStatus === 'CART' || openOrderStatus === 'CHECKOUT')) return []; // resume the open cart
    if (state.openOrderId && openOrderStatus === 'PAID')
      throw new Conflict(
        'RENEWAL_BEING_COMPLETED',
        'The last renewal order was just paid; the service is being renewed.',
      );
    const events: ServiceEvent[] = releasePrevious(state, openOrderStatus, now);
    events.push({
      type: 'RenewalOrderOpened',
      data: { serviceId: state.serviceId, orderId, kind: action, openedAt: now.toISOString() },
    });
    return events;
  };

  /**
   * The milestones due by `now` (the reminders, the expiry, the deletion warning, the deletion), in the
   * order they came due and up to the first other action that is due (a renewal, the auto-renew charge, an
   * unpaid order's end: the scheduler runs that first). Each notice goes out only if nothing that makes it
   * stale is due by now as well; otherwise it is recorded as skipped. A reminder states the days really left.
   */
  const dueMilestones = (
    { openOrder, now }: Extract<ServiceCommand, { type: 'RecordDueMilestones' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] => {
    const due = dueActions(scheduleFacts(state, openOrder), policy, now);
    const { serviceId } = state;
    const expiresAt = state.expiresAt.toISOString();
    const graceEnd = graceEndsAt(state.expiresAt, policy).toISOString();
    const events: ServiceEvent[] = [];
    for (const [index, action] of due.entries()) {
      if (!MILESTONE_KINDS.includes(action.kind)) break;
      const overtaken = overtakenBy(due, index);
      const dueAt = action.dueAt.toISOString();
      switch (action.kind) {
        case 'REMINDER': {
          const daysBefore = action.daysBefore ?? 0;
          events.push(
            overtaken
              ? {
                  type: 'ExpiryReminderSkipped',
                  data: { serviceId, expiresAt, daysBefore, dueAt, overtakenBy: overtaken },
                }
              : {
                  type: 'ExpiryReminderDue',
                  data: {
                    serviceId,
                    expiresAt,
                    daysBefore,
                    dueAt,
                    daysLeft: Math.max(0, calendar.daysBetween(now, state.expiresAt)),
                  },
                },
          );
          break;
        }
        case 'EXPIRY':
          events.push({
            type: 'ServiceExpired',
            data: {
              serviceId,
              expiresAt,
              graceEndsAt: graceEnd,
              notify: !overtaken,
              ...(overtaken ? { overtakenBy: overtaken } : {}),
            },
          });
          break;
        case 'DELETION_WARNING':
          events.push(
            overtaken
              ? {
                  type: 'ServiceDeletionWarningSkipped',
                  data: { serviceId, expiresAt, deletesAt: graceEnd, overtakenBy: overtaken },
                }
              : { type: 'ServiceDeletionWarningDue', data: { serviceId, expiresAt, deletesAt: graceEnd } },
          );
          break;
        case 'DELETION':
          events.push({ type: 'ServiceDeleted', data: { serviceId, expiresAt, deletedAt: graceEnd } });
          break;
        default:
          break;
      }
    }
    return events;
  };

  const renewService = (
    {
      orderId,
      orderNumber,
      years,
      items,
      autoRenew,
      now,
    }: Extract<ServiceCommand, { type: 'RenewService' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] => {
    if (state.renewedByOrders.includes(orderId)) return [];
    if (now.getTime() >= graceEndsAt(state.expiresAt, policy).getTime())
      throw new BusinessRuleViolation(
        'SERVICE_PAST_GRACE_PERIOD',
        'The service is past its grace period and cannot be renewed.',
      );
    const data: ServiceRenewal = {
      serviceId: state.serviceId,
      orderId,
      orderNumber,
      years,
      previousExpiresAt: state.expiresAt.toISOString(),
      expiresAt: calendar.addYears(state.expiresAt, years).toISOString(),
      ...items,
      autoRenew,
      renewedAt: now.toISOString(),
    };
    const expired = now.getTime() >= state.expiresAt.getTime();
    return [expired ? { type: 'ServiceReactivated', data } : { type: 'ServiceRenewed', data }];
  };

  const evolve = (state: ServiceState, event: ServiceEvent): ServiceState => {
    switch (event.type) {
      case 'ServiceActivated': {
        const d = event.data;
        return {
          ...state,
          exists: true,
          serviceId: d.serviceId,
          customerId: d.customerId,
          name: d.name,
          holderEmail: d.holderEmail,
          productCode: d.productCode,
          promotional: d.promotional,
          expiresAt: new Date(d.expiresAt),
          items: { storagePacks: d.storagePacks, extraUsers: d.extraUsers, nso: d.nso },
          usersInUse: d.usersInUse,
          autoRenew: d.autoRenew,
          autoRenewSince: d.autoRenew ? new Date(d.activatedAt) : null,
          autoRenewPayment: d.autoRenewPayment ?? null,
          autoRenewYears: d.autoRenewYears ?? 1,
          autoRenewConsents: d.autoRenewConsents ?? [],
        };
      }
      case 'RenewalOrderOpened': {
        const origin = event.data.origin ?? 'CUSTOMER';
        return {
          ...state,
          openOrderId: event.data.orderId,
          openOrderKind: event.data.kind,
          openOrderOrigin: origin,
          ...(origin === 'AUTO_RENEW' ? { autoRenewalOpenedFor: state.expiresAt.toISOString() } : {}),
        };
      }
      case 'RenewalOrderReleased':
        return state.openOrderId === event.data.orderId
          ? { ...state, openOrderId: null, openOrderKind: null, openOrderOrigin: null }
          : state;
      case 'AutoRenewSwitchedOn':
        return {
          ...state,
          autoRenew: true,
          autoRenewSince: state.autoRenew ? state.autoRenewSince : new Date(event.data.switchedAt),
          autoRenewPayment: event.data.payment,
          autoRenewYears: event.data.years,
          autoRenewConsents: event.data.consents,
        };
      case 'AutoRenewSwitchedOff':
        return { ...state, autoRenew: false, autoRenewSince: null };
      case 'ExpiryReminderDue':
      case 'ExpiryReminderSkipped':
        return { ...state, milestones: { ...state.milestones, remindedDaysBefore: event.data.daysBefore } };
      case 'ServiceExpired':
        return { ...state, milestones: { ...state.milestones, expired: true } };
      case 'ServiceDeletionWarningDue':
      case 'ServiceDeletionWarningSkipped':
        return { ...state, milestones: { ...state.milestones, deletionWarned: true } };
      case 'ServiceDeleted':
        return { ...state, deleted: true };
      case 'ServiceRenewed':
      case 'ServiceReactivated': {
        const d = event.data;
        return {
          ...state,
          milestones: NO_MILESTONES,
          expiresAt: new Date(d.expiresAt),
          items: { storagePacks: d.storagePacks, extraUsers: d.extraUsers, nso: d.nso },
          autoRenew: d.autoRenew,
          autoRenewSince: d.autoRenew
            ? state.autoRenew
              ? state.autoRenewSince
              : new Date(d.renewedAt)
            : null,
          autoRenewYears: d.autoRenew ? d.years : state.autoRenewYears,
          ...(state.openOrderId === d.orderId
            ? { openOrderId: null, openOrderKind: null, openOrderOrigin: null }
            : {}),
          renewedByOrders: [...state.renewedByOrders, d.orderId],
        };
      }
      default:
        return assertNever(event);
    }
  };

  return { initialState, decide, evolve };
}
