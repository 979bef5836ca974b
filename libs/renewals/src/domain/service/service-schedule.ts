import { calendarOf } from '../shared/calendar';
import { RenewalPolicy } from '../shared/policy';
import { autoRenewChargeAt, graceEndsAt } from '../shared/time-rules';

/**
 * What the clock asks of a service, and when: the renewal of a paid order, the reminders before expiry,
 * the auto-renew charge, the expiry, an unpaid order's end, the deletion warning and the deletion. The
 * scheduler does them in the order of their due times, each as of its due time, however long it was
 * away: a charge 7 days before expiry happens before the expiry after a long downtime too.
 */
export type ScheduledActionKind =
  | 'RENEWAL'
  | 'REMINDER'
  | 'AUTO_RENEW_CHARGE'
  | 'EXPIRY'
  | 'UNPAID_ORDER_EXPIRY'
  | 'DELETION_WARNING'
  | 'DELETION';

/** At the same due time, the order in which actions run (a reminder before the charge, the charge before the expiry). */
const RANK: Record<ScheduledActionKind, number> = {
  RENEWAL: 0,
  REMINDER: 1,
  AUTO_RENEW_CHARGE: 2,
  EXPIRY: 3,
  UNPAID_ORDER_EXPIRY: 4,
  DELETION_WARNING: 5,
  DELETION: 6,
};

/** The milestones the service decider records itself; the other actions are commands of their own. */
export const MILESTONE_KINDS: readonly ScheduledActionKind[] = [
  'REMINDER',
  'EXPIRY',
  'DELETION_WARNING',
  'DELETION',
];

/**
 * What makes a notice stale: a later milestone, or a renewal or charge that changes the expiry it is
 * about. An unpaid order that ended does not (the service's expiry notice is still true).
 */
const OVERTAKES: readonly ScheduledActionKind[] = [
  'RENEWAL',
  'REMINDER',
  'AUTO_RENEW_CHARGE',
  'EXPIRY',
  'DELETION_WARNING',
  'DELETION',
];

export interface ScheduledAction {
  kind: ScheduledActionKind;
  dueAt: Date;
  /** For a reminder: how many days before expiry it is due. */
  daysBefore?: number;
}

/** Milestones recorded for the current expiry; a renewal (new expiry) starts them afresh. */
export interface Milestones {
  /** The smallest "days before expiry" already reminded (larger ones are then covered), or null. */
  remindedDaysBefore: number | null;
  expired: boolean;
  deletionWarned: boolean;
}

export const NO_MILESTONES: Milestones = { remindedDaysBefore: null, expired: false, deletionWarned: false };

export type OpenOrderStatus =
  'CART' | 'CHECKOUT' | 'CONFIRMED' | 'PAID' | 'CANCELLED' | 'EXPIRED' | 'MISSING';

/** The facts of a service (and its open order) the schedule depends on. */
export interface ScheduleFacts {
  expiresAt: Date;
  deleted: boolean;
  autoRenew: boolean;
  /** Since when auto-renew is on: switched on after the charge day, it is charged from then on. */
  autoRenewSince: Date | null;
  /** The expiry an auto-renewal order was opened for: each expiry is charged once. */
  autoRenewalOpenedFor: string | null;
  milestones: Milestones;
  openOrder: { status: OpenOrderStatus; payBy: Date | null; paidAt: Date | null } | null;
}

/** Every action the service still has for its current expiry, in the order they are to run. */
export function pendingActions(facts: ScheduleFacts, policy: RenewalPolicy): ScheduledAction[] {
  if (facts.deleted) return [];
  const calendar = calendarOf(policy);
  const { expiresAt, milestones, openOrder } = facts;
  const graceEnd = graceEndsAt(expiresAt, policy);
  const actions: ScheduledAction[] = [];
  if (openOrder?.status === 'PAID' && openOrder.paidAt)
    actions.push({ kind: 'RENEWAL', dueAt: openOrder.paidAt });
  if (!milestones.expired)
    for (const daysBefore of policy.reminderDaysBeforeExpiry)
      if (milestones.remindedDaysBefore === null || daysBefore < milestones.remindedDaysBefore)
        actions.push({ kind: 'REMINDER', dueAt: calendar.addDays(expiresAt, -daysBefore), daysBefore });
  const paying = openOrder?.status === 'CONFIRMED' || openOrder?.status === 'PAID';
  if (facts.autoRenew && facts.autoRenewalOpenedFor !== expiresAt.toISOString() && !paying) {
    const chargeAt = autoRenewChargeAt(expiresAt, policy);
    const since = facts.autoRenewSince?.getTime() ?? -Infinity;
    if (since < graceEnd.getTime())
      actions.push({
        kind: 'AUTO_RENEW_CHARGE',
        dueAt: since > chargeAt.getTime() ? new Date(since) : chargeAt,
      });
  }
  if (!milestones.expired) actions.push({ kind: 'EXPIRY', dueAt: expiresAt });
  if (openOrder?.status === 'CONFIRMED' && openOrder.payBy)
    actions.push({ kind: 'UNPAID_ORDER_EXPIRY', dueAt: openOrder.payBy });
  if (!milestones.deletionWarned)
    actions.push({
      kind: 'DELETION_WARNING',
      dueAt: calendar.addDays(graceEnd, -policy.deletionWarningDaysBeforeGraceEnd),
    });
  actions.push({ kind: 'DELETION', dueAt: graceEnd });
  return actions.sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() ||
      RANK[a.kind] - RANK[b.kind] ||
      (b.daysBefore ?? 0) - (a.daysBefore ?? 0),
  );
}

/** The actions due at `now`, in order. */
export function dueActions(facts: ScheduleFacts, policy: RenewalPolicy, now: Date): ScheduledAction[] {
  return pendingActions(facts, policy).filter((action) => action.dueAt.getTime() <= now.getTime());
}

/** When the service next has something to do (null: nothing, it is deleted). */
export function nextDueAt(facts: ScheduleFacts, policy: RenewalPolicy): Date | null {
  return pendingActions(facts, policy)[0]?.dueAt ?? null;
}

/** The later action due by `now` that makes the notice at `index` stale, if any. */
export function overtakenBy(due: ScheduledAction[], index: number): ScheduledActionKind | null {
  return due.slice(index + 1).find((action) => OVERTAKES.includes(action.kind))?.kind ?? null;
}
