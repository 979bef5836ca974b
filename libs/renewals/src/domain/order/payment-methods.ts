import { BusinessCalendar } from '../shared/calendar';
import { Payee } from '../shared/policy';

export const PAYMENT_METHODS = [
  'CREDIT_CARD',
  'PAYPAL',
  'BANK_TRANSFER',
  'PREFILLED_SLIP',
  'POSTAL_SLIP',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The methods that charge online, and the only ones auto-renew can charge. */
export const ONLINE_METHODS = ['CREDIT_CARD', 'PAYPAL'] as const satisfies readonly PaymentMethod[];
export type OnlineMethod = (typeof ONLINE_METHODS)[number];

export function isOnlineMethod(method: string): method is OnlineMethod {
  return (ONLINE_METHODS as readonly string[]).includes(method);
}

/** Working days after payment until the provider registers it: at the earliest, at the latest. */
export interface RegistrationTime {
  minWorkingDays: number;
  maxWorkingDays: number;
}

/** RENEWAL.md step 6: card/PayPal immediate; transfer next working day; pre-filled slip same day; postal 5-7. */
export const REGISTRATION_TIMES: Record<PaymentMethod, RegistrationTime> = {
  CREDIT_CARD: { minWorkingDays: 0, maxWorkingDays: 0 },
  PAYPAL: { minWorkingDays: 0, maxWorkingDays: 0 },
  BANK_TRANSFER: { minWorkingDays: 1, maxWorkingDays: 1 },
  PREFILLED_SLIP: { minWorkingDays: 0, maxWorkingDays: 0 },
  POSTAL_SLIP: { minWorkingDays: 5, maxWorkingDays: 7 },
};

/** When a payment made now with `method` is registered at the latest. */
export function latestRegistration(method: PaymentMethod, now: Date, calendar: BusinessCalendar): Date {
  const { maxWorkingDays } = REGISTRATION_TIMES[method];
  return maxWorkingDays === 0 ? now : calendar.endOfWorkingDaysAfter(now, maxWorkingDays);
}

/**
 * How to pay, as facts: the method, the amount, the order number, the reason for payment to quote (the
 * order number: RENEWAL.md, a bank transfer quotes only the order number), and where offline money goes.
 * The words of the steps are the reader's (emails, pages), not the event's.
 */
export interface PaymentInstructions {
  method: PaymentMethod;
  amountCents: number;
  orderNumber: string;
  /** The text to quote as the payment reason ("causale"). */
  reference: string;
  payee?: { name: string; iban?: string; bic?: string; bank?: string; postalAccount?: string };
}

export function paymentInstructions(
  method: PaymentMethod,
  orderNumber: string,
  amountCents: number,
  payee: Payee,
): PaymentInstructions {
  const base = { method, amountCents, orderNumber, reference: orderNumber };
  switch (method) {
    case 'CREDIT_CARD':
    case 'PAYPAL':
      return base;
    case 'BANK_TRANSFER':
      return { ...base, payee: { name: payee.name, iban: payee.iban, bic: payee.bic, bank: payee.bank } };
    case 'PREFILLED_SLIP':
    case 'POSTAL_SLIP':
      return { ...base, payee: { name: payee.name, postalAccount: payee.postalAccount } };
  }
}
