import { CalendarPolicy, ITALIAN_CALENDAR } from './calendar';

/** The numbers of RENEWAL.md. Every one is configuration (config/policy.json), these are the defaults. */
export interface RenewalPolicy {
  /** The time zone and holidays every day count uses (working days, "N days before expiry"). */
  calendar: CalendarPolicy;
  graceDays: number;
  storagePackGb: number;
  payBeforeExpiryDays: number;
  maxYears: number;
  maxPromoYears: number;
  unpaidOrderDays: number;
  postalSlipMinWorkingDays: number;
  autoRenewChargeDays: number;
  reminderDaysBeforeExpiry: number[];
  deletionWarningDaysBeforeGraceEnd: number;
}

export const DEFAULT_POLICY: RenewalPolicy = {
  calendar: ITALIAN_CALENDAR,
  graceDays: 90,
  storagePackGb: 1,
  payBeforeExpiryDays: 15,
  maxYears: 10,
  maxPromoYears: 2,
  unpaidOrderDays: 30,
  postalSlipMinWorkingDays: 10,
  autoRenewChargeDays: 7,
  reminderDaysBeforeExpiry: [90, 30, 7],
  deletionWarningDaysBeforeGraceEnd: 15,
};

export type ConsentType = 'GENERAL_TERMS' | 'ONEROUS_CLAUSES' | 'PRIVACY_NOTICE';
export const CONSENT_TYPES: readonly ConsentType[] = ['GENERAL_TERMS', 'ONEROUS_CLAUSES', 'PRIVACY_NOTICE'];

export interface LegalDocument {
  version: string;
  title: string;
  url: string;
}

export type ConsentDocuments = Record<ConsentType, LegalDocument>;

/** Where offline payments go; printed in the payment instructions. */
export interface Payee {
  name: string;
  iban: string;
  bic: string;
  bank: string;
  postalAccount: string;
  /** How customers reach the provider: printed in every email's footer. */
  contacts?: { address: string; email: string; phone: string; website: string; vatNumber: string };
  /** The registered office (sede legale), as the invoices name the seller. */
  registeredOffice?: {
    street: string;
    postalCode: string;
    city: string;
    province: string | null;
    country: string;
  };
}
