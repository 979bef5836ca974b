import { BusinessRuleViolation, Conflict, EventSourcedDecider, NotFound, assertNever } from '@app/kernel';
import { calendarOf } from '../shared/calendar';
import { ConsentDocuments, ConsentType, RenewalPolicy } from '../shared/policy';
import { recordConsents } from '../shared/consents';
import { requireTerm } from '../shared/term';
import { autoRenewChargeAt, graceEndsAt } from '../shared/time-rules';
import { CartItems } from '../pricing/pricing';
import { isOnlineMethod } from '../order/payment-methods';
import { MILESTONE_KINDS, OpenOrderStatus, ScheduleFacts, dueActions, overtakenBy } from './service-schedule';
import {
  ServiceEvent,
  ServiceRenewal,
  ServiceState,
  StoredPaymentMethod,
  evolveService,
  initialServiceState,
  serviceEvents,
} from './service.events';

/**
 * The e-invoicing service of one customer, its rules: the one open renewal order per service, renewal and
 * reactivation, auto-renew, and the milestones of its expiry. Each command is decided by a function of its own.
 */
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
): EventSourcedDecider<ServiceCommand, ServiceEvent, ServiceState> {
  const calendar = calendarOf(policy);
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
    if (!isOnlineMethod(payment.method))
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
      data: {
        serviceId: state.serviceId,
        orderId,
        kind: action,
        openedAt: now.toISOString(),
        origin: 'CUSTOMER',
      },
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

  const releaseRenewalOrder = (
    { orderId, reason, now }: Extract<ServiceCommand, { type: 'ReleaseRenewalOrder' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] =>
    state.openOrderId !== orderId
      ? []
      : [
          {
            type: 'RenewalOrderReleased',
            data: { serviceId: state.serviceId, orderId, reason, releasedAt: now.toISOString() },
          },
        ];

  const switchAutoRenewOff = (
    { now }: Extract<ServiceCommand, { type: 'SwitchAutoRenewOff' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] =>
    !state.autoRenew
      ? []
      : [
          {
            type: 'AutoRenewSwitchedOff',
            data: { serviceId: state.serviceId, reason: 'CUSTOMER', switchedAt: now.toISOString() },
          },
        ];

  /** The charge for the auto-renewal order was declined: auto-renew stops until paid or switched on again. */
  const suspendAutoRenew = (
    { orderId, now }: Extract<ServiceCommand, { type: 'SuspendAutoRenew' }>['data'],
    state: ServiceState,
  ): ServiceEvent[] =>
    !state.autoRenew
      ? []
      : [
          {
            type: 'AutoRenewSwitchedOff',
            data: {
              serviceId: state.serviceId,
              reason: 'CHARGE_DECLINED',
              orderId,
              switchedAt: now.toISOString(),
            },
          },
        ];

  const decide = (command: ServiceCommand, state: ServiceState): ServiceEvent[] => {
    if (!state.exists) throw new NotFound('SERVICE_NOT_FOUND', 'The service does not exist.');
    switch (command.type) {
      case 'OpenRenewalOrder':
        return openRenewalOrder(command.data, state);
      case 'ReleaseRenewalOrder':
        return releaseRenewalOrder(command.data, state);
      case 'RenewService':
        return renewService(command.data, state);
      case 'RecordDueMilestones':
        return dueMilestones(command.data, state);
      case 'SwitchAutoRenewOn':
        return switchAutoRenewOn(command.data, state);
      case 'SwitchAutoRenewOff':
        return switchAutoRenewOff(command.data, state);
      case 'OpenAutoRenewalOrder':
        return openAutoRenewalOrder(command.data, state);
      case 'SuspendAutoRenew':
        return suspendAutoRenew(command.data, state);
      default:
        return assertNever(command);
    }
  };

  return { initialState: initialServiceState, decide, evolve: evolveService, events: serviceEvents };
}
