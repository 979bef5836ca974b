import { assertNever, eventDecoder, pick } from '@app/kernel';
import { RecordedConsent } from '../shared/consents';
import { CartItems } from '../pricing/pricing';
import { OnlineMethod } from '../order/payment-methods';
import { OrderOrigin, RenewalKind } from '../order/order.events';
import { Milestones, NO_MILESTONES, ScheduledActionKind } from './service-schedule';

/**
 * The service's stored contract: its events, its state and evolve, its stream and its decoder with the
 * upcasters from older shapes. Stored event names are the `type` strings; they never change.
 */
export const SERVICE_CATEGORY = 'service';
export const serviceStream = (serviceId: string) => `${SERVICE_CATEGORY}-${serviceId}`;

/** The card or PayPal account stored at the payment provider: a token and a label, never the number. */
export interface StoredPaymentMethod {
  method: OnlineMethod;
  paymentToken: string;
  /** What the customer recognises it by, e.g. "Visa •••• 4242" or "PayPal m***@example.it". */
  label: string;
}

/** Whose service it is and what it is: set at activation, never changed. */
export interface ServiceSubject {
  serviceId: string;
  customerId: string;
  name: string;
  holderEmail: string;
  productCode: string;
  promotional: boolean;
}

const SERVICE_SUBJECT = [
  'serviceId',
  'customerId',
  'name',
  'holderEmail',
  'productCode',
  'promotional',
] as const;
const subjectOf = (from: ServiceSubject): ServiceSubject => pick(from, SERVICE_SUBJECT);

export type ServiceEvent =
  | {
      type: 'ServiceActivated';
      data: ServiceSubject & {
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
      data: { serviceId: string; orderId: string; kind: RenewalKind; openedAt: string; origin: OrderOrigin };
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
        /** The days really left when the reminder is recorded. */
        daysLeft: number;
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
        /** Whether the expiry notice goes out: not when a later milestone has overtaken it. */
        notify: boolean;
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

export type ServiceEventOf<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>;

export const serviceEvents = eventDecoder<ServiceEvent>({
  categories: [SERVICE_CATEGORY],
  versions: {
    ServiceActivated: 1,
    RenewalOrderOpened: 2,
    AutoRenewSwitchedOn: 1,
    AutoRenewSwitchedOff: 1,
    RenewalOrderReleased: 1,
    ExpiryReminderDue: 2,
    ExpiryReminderSkipped: 1,
    ServiceExpired: 2,
    ServiceDeletionWarningDue: 1,
    ServiceDeletionWarningSkipped: 1,
    ServiceDeleted: 1,
    ServiceRenewed: 1,
    ServiceReactivated: 1,
  },
  upcasters: {
    // Orders opened before auto-renew charging existed are the customer's.
    RenewalOrderOpened: [(data) => ({ ...data, origin: data.origin ?? 'CUSTOMER' })],
    // Reminders before version 2 said the tier, and it is what they told the customer.
    ExpiryReminderDue: [(data) => ({ ...data, daysLeft: data.daysLeft ?? data.daysBefore })],
    // Before version 2 every expiry sent its notice.
    ServiceExpired: [(data) => ({ ...data, notify: data.notify ?? true })],
  },
});

// ---- state ----
export interface ServiceState extends ServiceSubject {
  exists: boolean;
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

export function initialServiceState(): ServiceState {
  return {
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
  };
}

export function evolveService(state: ServiceState, event: ServiceEvent): ServiceState {
  switch (event.type) {
    case 'ServiceActivated': {
      const d = event.data;
      return {
        ...state,
        exists: true,
        ...subjectOf(d),
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
      const { origin } = event.data;
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
        autoRenewSince: d.autoRenew ? (state.autoRenew ? state.autoRenewSince : new Date(d.renewedAt)) : null,
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
}
