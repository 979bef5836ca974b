import { calendarOf } from './calendar';
import { RenewalPolicy } from './policy';

/** The day counts of RENEWAL.md, on the policy's calendar (Europe/Rome). */

/** More than `graceDays` (90) after expiry the service is cancelled and its data deleted. */
export function graceEndsAt(expiresAt: Date, policy: RenewalPolicy): Date {
  return calendarOf(policy).addDays(expiresAt, policy.graceDays);
}

/** Auto-renew charges the stored card or PayPal `autoRenewChargeDays` (7) before expiry. */
export function autoRenewChargeAt(expiresAt: Date, policy: RenewalPolicy): Date {
  return calendarOf(policy).addDays(expiresAt, -policy.autoRenewChargeDays);
}
