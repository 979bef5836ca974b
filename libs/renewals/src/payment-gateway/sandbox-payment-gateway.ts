import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ChargeRequest,
  ChargeResult,
  PaymentDetails,
  PaymentGateway,
  StoreResult,
} from '../application/payment-gateway';

type Scenario = 'approve' | 'decline' | 'funds' | 'expired';

/** The sandbox's test cards, as a real provider's test mode documents them (README, "Payment gateway"). */
export const SANDBOX_TEST_CARDS: Record<string, { brand: string; scenario: Scenario; outcome: string }> = {
  '4242424242424242': { brand: 'Visa', scenario: 'approve', outcome: 'every charge approved' },
  '5555555555554444': { brand: 'Mastercard', scenario: 'approve', outcome: 'every charge approved' },
  '4000000000000002': { brand: 'Visa', scenario: 'decline', outcome: 'declined: CARD_DECLINED' },
  '4000000000009995': { brand: 'Visa', scenario: 'funds', outcome: 'declined: INSUFFICIENT_FUNDS' },
  '4000000000000069': { brand: 'Visa', scenario: 'expired', outcome: 'declined: EXPIRED_CARD' },
};

const DECLINES: Record<Exclude<Scenario, 'approve'>, { code: string; reason: string }> = {
  decline: { code: 'CARD_DECLINED', reason: 'La carta è stata rifiutata dalla banca emittente.' },
  funds: { code: 'INSUFFICIENT_FUNDS', reason: 'Fondi insufficienti sulla carta.' },
  expired: { code: 'EXPIRED_CARD', reason: 'La carta è scaduta.' },
};

const TOKEN = /^sbx_(card|paypal)_(approve|decline|funds|expired)_(\d{6})_([0-9a-f]{16})$/;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The default payment gateway: a sandbox that behaves like a provider's test mode. It stores only the
 * documented test cards (any PayPal address; one whose name starts with "declined" is declined), keeps
 * no card number (the token carries the test scenario and the card's expiry), and is idempotent by key:
 * the same key always gives the same transaction id.
 */
@Injectable()
export class SandboxPaymentGateway implements PaymentGateway {
  readonly name = 'sandbox';
  /** A provider answers a key it has seen with its first outcome (kept for the process's life, as a sandbox may). */
  private readonly outcomes = new Map<string, ChargeResult>();

  storePaymentMethod(customerId: string, details: PaymentDetails, now: Date): Promise<StoreResult> {
    return Promise.resolve(this.store(customerId, details, now));
  }

  charge(request: ChargeRequest, now: Date): Promise<ChargeResult> {
    const first = this.outcomes.get(request.idempotencyKey);
    if (first) return Promise.resolve(first);
    const outcome = this.decide(request, now);
    if (this.outcomes.size >= 100_000) this.outcomes.delete(this.outcomes.keys().next().value!);
    this.outcomes.set(request.idempotencyKey, outcome);
    return Promise.resolve(outcome);
  }

  private store(customerId: string, details: PaymentDetails, now: Date): StoreResult {
    if (details.method === 'PAYPAL') {
      const email = details.paypalEmail.trim().toLowerCase();
      const [local = '', domain = ''] = email.split('@');
      const scenario: Scenario = local.startsWith('declined') ? 'decline' : 'approve';
      return {
        outcome: 'STORED',
        stored: {
          method: 'PAYPAL',
          paymentToken: `sbx_paypal_${scenario}_999912_${hash(`${customerId}|${email}`).slice(0, 16)}`,
          label: `PayPal ${local.slice(0, 1)}***@${domain}`,
        },
      };
    }
    const number = details.card.number.replace(/[\s-]/g, '');
    if (!/^\d+$/.test(number) || !luhnValid(number))
      return {
        outcome: 'REFUSED',
        code: 'CARD_NUMBER_INVALID',
        reason: 'The card number is not valid.',
        field: 'card.number',
      };
    const { expiryMonth, expiryYear } = details.card;
    const endOfExpiryMonth = Date.UTC(expiryYear, expiryMonth, 1);
    if (endOfExpiryMonth <= now.getTime())
      return {
        outcome: 'REFUSED',
        code: 'CARD_EXPIRED',
        reason: 'The card has expired.',
        field: 'card.expiryYear',
      };
    const test = SANDBOX_TEST_CARDS[number];
    if (!test)
      return {
        outcome: 'REFUSED',
        code: 'SANDBOX_TEST_CARD_REQUIRED',
        reason: 'The payment gateway runs in sandbox mode: only its documented test cards are accepted.',
        field: 'card.number',
      };
    const expiry = `${expiryYear}${String(expiryMonth).padStart(2, '0')}`;
    return {
      outcome: 'STORED',
      stored: {
        method: 'CREDIT_CARD',
        paymentToken: `sbx_card_${test.scenario}_${expiry}_${hash(`${customerId}|${number}|${expiry}`).slice(0, 16)}`,
        label: `${test.brand} •••• ${number.slice(-4)}`,
      },
    };
  }

  private decide(request: ChargeRequest, now: Date): ChargeResult {
    const match = TOKEN.exec(request.paymentToken);
    if (!match)
      return {
        outcome: 'DECLINED',
        code: 'UNKNOWN_PAYMENT_TOKEN',
        reason: 'Il metodo di pagamento salvato non è più valido.',
      };
    const [, kind, scenario, expiry] = match as unknown as [string, string, Scenario, string];
    if (request.amountCents <= 0)
      return { outcome: 'DECLINED', code: 'INVALID_AMOUNT', reason: "L'importo non è valido." };
    const expiresAt = Date.UTC(Number(expiry.slice(0, 4)), Number(expiry.slice(4)), 1);
    if (kind === 'card' && expiresAt <= now.getTime()) return { outcome: 'DECLINED', ...DECLINES.expired };
    if (scenario !== 'approve')
      return kind === 'paypal'
        ? { outcome: 'DECLINED', code: 'PAYPAL_DECLINED', reason: 'PayPal ha rifiutato il pagamento.' }
        : { outcome: 'DECLINED', ...DECLINES[scenario] };
    return { outcome: 'APPROVED', transactionId: `sbx_ch_${hash(request.idempotencyKey).slice(0, 24)}` };
  }
}
