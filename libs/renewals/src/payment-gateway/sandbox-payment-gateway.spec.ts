import { describe, expect, it } from '@jest/globals';
import { ChargeRequest, PaymentDetails } from '../application/payment-gateway';
import { SandboxPaymentGateway } from './sandbox-payment-gateway';

const gateway = new SandboxPaymentGateway();
const now = new Date('2026-11-25T10:00:00.000Z');
const card = (number: string, expiryYear = 2030, expiryMonth = 12): PaymentDetails => ({
  method: 'CREDIT_CARD',
  card: { number, expiryMonth, expiryYear, holder: 'Mario Rossi' },
});
const stored = async (details: PaymentDetails) => {
  const result = await gateway.storePaymentMethod('c1', details, now);
  if (result.outcome !== 'STORED') throw new Error(`refused: ${result.code}`);
  return result.stored;
};
let charges = 0;
/** A charge under a key of its own, unless the test names one. */
const charge = (paymentToken: string, overrides: Partial<ChargeRequest> = {}, at = now) =>
  gateway.charge(
    {
      paymentToken,
      method: 'CREDIT_CARD',
      amountCents: 3050,
      currency: 'EUR',
      description: 'test',
      idempotencyKey: `key-${++charges}`,
      customerId: 'c1',
      ...overrides,
    },
    at,
  );

describe('sandbox payment gateway', () => {
  it('stores a test card as a token and a label, never the number', async () => {
    const visa = await stored(card('4242 4242 4242 4242'));
    expect(visa.label).toBe('Visa •••• 4242');
    expect(visa.paymentToken).not.toContain('4242424242424242');
  });

  it.each([
    ['4242424242424242', { outcome: 'APPROVED' }],
    ['5555555555554444', { outcome: 'APPROVED' }],
    ['4000000000000002', { outcome: 'DECLINED', code: 'CARD_DECLINED' }],
    ['4000000000009995', { outcome: 'DECLINED', code: 'INSUFFICIENT_FUNDS' }],
    ['4000000000000069', { outcome: 'DECLINED', code: 'EXPIRED_CARD' }],
  ])('charges test card %s: %j', async (number, expected) => {
    expect(await charge((await stored(card(number))).paymentToken)).toMatchObject(expected);
  });

  it('is idempotent by key: the same key gives the same transaction, another key another one', async () => {
    const { paymentToken } = await stored(card('4242424242424242'));
    const first = await charge(paymentToken, { idempotencyKey: 'k1' });
    expect(await charge(paymentToken, { idempotencyKey: 'k1' })).toEqual(first);
    expect(await charge(paymentToken, { idempotencyKey: 'k2' })).not.toEqual(first);
  });

  it('answers a key it has seen with its first outcome, whatever is sent with it again', async () => {
    const sandbox = new SandboxPaymentGateway();
    const declined = await sandbox.storePaymentMethod('c1', card('4000000000000002'), now);
    const approved = await sandbox.storePaymentMethod('c1', card('4242424242424242'), now);
    if (declined.outcome !== 'STORED' || approved.outcome !== 'STORED') throw new Error('not stored');
    const request = { method: 'CREDIT_CARD', amountCents: 3050, currency: 'EUR', description: 't' } as const;
    const first = await sandbox.charge(
      { ...request, paymentToken: declined.stored.paymentToken, idempotencyKey: 'o1|1', customerId: 'c1' },
      now,
    );
    expect(first).toMatchObject({ outcome: 'DECLINED', code: 'CARD_DECLINED' });
    expect(
      await sandbox.charge(
        { ...request, paymentToken: approved.stored.paymentToken, idempotencyKey: 'o1|1', customerId: 'c1' },
        now,
      ),
    ).toEqual(first);
  });

  it('declines a stored card once it has expired', async () => {
    const { paymentToken } = await stored(card('4242424242424242', 2027, 1));
    expect(await charge(paymentToken, {}, new Date('2027-01-31T23:59:59.999Z'))).toMatchObject({
      outcome: 'APPROVED',
    });
    expect(await charge(paymentToken, {}, new Date('2027-02-01T00:00:00.000Z'))).toMatchObject({
      outcome: 'DECLINED',
      code: 'EXPIRED_CARD',
    });
  });

  it.each([
    ['4242424242424241', 'CARD_NUMBER_INVALID', 'card.number'],
    ['4111111111111111', 'SANDBOX_TEST_CARD_REQUIRED', 'card.number'],
  ])('refuses to store %s: %s', async (number, code, field) => {
    expect(await gateway.storePaymentMethod('c1', card(number), now)).toMatchObject({
      outcome: 'REFUSED',
      code,
      field,
    });
  });

  it('refuses a card past its expiry month', async () => {
    expect(await gateway.storePaymentMethod('c1', card('4242424242424242', 2026, 10), now)).toMatchObject({
      outcome: 'REFUSED',
      code: 'CARD_EXPIRED',
      field: 'card.expiryYear',
    });
  });

  it('PayPal: any account is approved, one whose name starts with "declined" is declined', async () => {
    const ok = await stored({ method: 'PAYPAL', paypalEmail: 'mario@example.it' });
    expect(ok.label).toBe('PayPal m***@example.it');
    expect(await charge(ok.paymentToken, { method: 'PAYPAL' })).toMatchObject({ outcome: 'APPROVED' });
    const ko = await stored({ method: 'PAYPAL', paypalEmail: 'declined.buyer@example.it' });
    expect(await charge(ko.paymentToken, { method: 'PAYPAL' })).toMatchObject({
      outcome: 'DECLINED',
      code: 'PAYPAL_DECLINED',
    });
  });

  it('declines a token it did not issue', async () => {
    expect(await charge('tok_from_elsewhere')).toMatchObject({
      outcome: 'DECLINED',
      code: 'UNKNOWN_PAYMENT_TOKEN',
    });
  });
});
