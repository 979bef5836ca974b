import { OnlineMethod, StoredPaymentMethod } from '../domain';

/** The payment provider, seen from the renewals: store a card or PayPal account, charge it later. */
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

export type PaymentDetails =
  | {
      method: 'CREDIT_CARD';
      card: { number: string; expiryMonth: number; expiryYear: number; holder: string };
    }
  | { method: 'PAYPAL'; paypalEmail: string };

export type StoreResult =
  | { outcome: 'STORED'; stored: StoredPaymentMethod }
  /** The provider refused to store it: `code` is stable, `field` names what the customer should fix. */
  | { outcome: 'REFUSED'; code: string; reason: string; field: string };

export interface ChargeRequest {
  paymentToken: string;
  method: OnlineMethod;
  amountCents: number;
  currency: 'EUR';
  description: string;
  /** The provider charges at most once per key: a retry after a crash or a timeout returns the first outcome. */
  idempotencyKey: string;
  customerId: string;
}

export type ChargeResult =
  { outcome: 'APPROVED'; transactionId: string } | { outcome: 'DECLINED'; code: string; reason: string };

export interface PaymentGateway {
  readonly name: string;
  storePaymentMethod(customerId: string, details: PaymentDetails, now: Date): Promise<StoreResult>;
  /** Throws when the provider cannot be reached or answers an error: the caller retries with the same key. */
  charge(request: ChargeRequest, now: Date): Promise<ChargeResult>;
}
