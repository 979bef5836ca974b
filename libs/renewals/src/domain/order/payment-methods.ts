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

export interface RegistrationTime {
  /** Working days after payment until the provider registers it, at the latest. */
  maxWorkingDays: number;
  description: string;
}

/** RENEWAL.md step 6: card/PayPal immediate; transfer next working day; pre-filled slip same day; postal 5-7. */
export const REGISTRATION_TIMES: Record<PaymentMethod, RegistrationTime & { minWorkingDays: number }> = {
  CREDIT_CARD: { minWorkingDays: 0, maxWorkingDays: 0, description: 'immediata' },
  PAYPAL: { minWorkingDays: 0, maxWorkingDays: 0, description: 'immediata' },
  BANK_TRANSFER: { minWorkingDays: 1, maxWorkingDays: 1, description: 'il giorno lavorativo successivo' },
  PREFILLED_SLIP: { minWorkingDays: 0, maxWorkingDays: 0, description: 'in giornata' },
  POSTAL_SLIP: { minWorkingDays: 5, maxWorkingDays: 7, description: 'da 5 a 7 giorni lavorativi' },
};

export const AUTO_RENEW_METHODS: readonly PaymentMethod[] = ['CREDIT_CARD', 'PAYPAL'];
export const ONLINE_METHODS: readonly PaymentMethod[] = ['CREDIT_CARD', 'PAYPAL'];

export function isPaymentMethod(value: string): value is PaymentMethod {
  return (PAYMENT_METHODS as readonly string[]).includes(value);
}

/** When a payment made now with `method` is registered at the latest. */
export function latestRegistration(method: PaymentMethod, now: Date, calendar: BusinessCalendar): Date {
  const { maxWorkingDays } = REGISTRATION_TIMES[method];
  return maxWorkingDays === 0 ? now : calendar.endOfWorkingDaysAfter(now, maxWorkingDays);
}

export interface PaymentInstructions {
  method: PaymentMethod;
  amountCents: number;
  orderNumber: string;
  /** The text to quote as the payment reason ("causale"). */
  reference: string;
  payee?: { name: string; iban?: string; bic?: string; bank?: string; postalAccount?: string };
  registrationTime: string;
  steps: string[];
}

export function paymentInstructions(
  method: PaymentMethod,
  orderNumber: string,
  amountCents: number,
  payee: Payee,
): PaymentInstructions {
  const reference = `Ordine ${orderNumber}`;
  const registrationTime = REGISTRATION_TIMES[method].description;
  const base = { method, amountCents, orderNumber, reference, registrationTime };
  switch (method) {
    case 'CREDIT_CARD':
    case 'PAYPAL':
      return {
        ...base,
        steps: [
          `Accedi all'area clienti, apri "I miei ordini" e paga l'ordine ${orderNumber} con ${method === 'PAYPAL' ? 'PayPal' : 'carta di credito'}.`,
        ],
      };
    case 'BANK_TRANSFER':
      return {
        ...base,
        payee: { name: payee.name, iban: payee.iban, bic: payee.bic, bank: payee.bank },
        steps: [
          `Esegui un bonifico a ${payee.name}, IBAN ${payee.iban} (BIC ${payee.bic}).`,
          `Indica come causale: "${reference}".`,
        ],
      };
    case 'PREFILLED_SLIP':
      return {
        ...base,
        payee: { name: payee.name, postalAccount: payee.postalAccount },
        steps: [
          `Stampa il bollettino precompilato dall'area clienti (ordine ${orderNumber}) e pagalo presso un ufficio postale o una ricevitoria abilitata.`,
        ],
      };
    case 'POSTAL_SLIP':
      return {
        ...base,
        payee: { name: payee.name, postalAccount: payee.postalAccount },
        steps: [
          `Compila un bollettino postale intestato a ${payee.name}, conto corrente n. ${payee.postalAccount}.`,
          `Indica come causale: "${reference}".`,
        ],
      };
  }
}
