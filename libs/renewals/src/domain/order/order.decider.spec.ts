import { describe, expect, it } from '@jest/globals';
import { specFor } from '../../testing/decider-spec';
import { allConsents, testCatalog, testContext } from '../../testing/fixtures';
import { fold } from '@app/kernel';
import { OrderCommand, nextOnlinePaymentAttempt, orderDecider } from './order.decider';
import { OrderEvent } from './order.events';

const decider = orderDecider(testContext);
const spec = specFor(decider);
const now = new Date('2026-11-25T10:00:00.000Z'); // a Wednesday
const at = now.toISOString();

const requestCommand = (
  overrides: Partial<Extract<OrderCommand, { type: 'RequestRenewal' }>['data']> = {},
): OrderCommand => ({
  type: 'RequestRenewal',
  data: {
    orderId: 'o1',
    serviceId: 's1',
    serviceName: 'FE Studio',
    customerId: 'c1',
    kind: 'RENEW',
    productCode: 'STD',
    serviceExpiresAt: new Date('2027-01-31T00:00:00.000Z'),
    current: { storagePacks: 1, extraUsers: 2, nso: false },
    usersInUse: 3,
    now,
    ...overrides,
  },
});

/** The events after `command` runs on top of `events`: builds any point of the flow from real decisions. */
const after = (events: OrderEvent[], command: OrderCommand): OrderEvent[] =>
  events.concat(decider.decide(command, fold(decider, events)));
const inCart = (overrides = {}) => after([], requestCommand(overrides));
const inCheckout = (overrides = {}) => after(inCart(overrides), { type: 'StartCheckout', data: { now } });
const withMethod = (
  method: 'BANK_TRANSFER' | 'CREDIT_CARD' | 'POSTAL_SLIP' = 'BANK_TRANSFER',
  overrides = {},
) => after(inCheckout(overrides), { type: 'ChoosePaymentMethod', data: { method, now } });
const confirmed = (overrides = {}) =>
  after(withMethod('BANK_TRANSFER', overrides), {
    type: 'ConfirmOrder',
    data: { orderNumber: 'FE-2026-000001', consents: allConsents, now },
  });
const gross = (events: OrderEvent[]) => {
  const state = fold(decider, events);
  return state.quote!.grossCents;
};

describe('order decider', () => {
  describe('requesting a renewal', () => {
    it('opens a cart with the services active so far, priced for one year', () => {
      spec
        .given([])
        .when(requestCommand())
        .thenEmits(([event]) => {
          expect(event.type).toBe('RenewalRequested');
          const data = (event as Extract<OrderEvent, { type: 'RenewalRequested' }>).data;
          expect(data.current).toEqual({ storagePacks: 1, extraUsers: 2, nso: false });
          expect(data.minExtraUsers).toBe(2);
          expect(data.years).toBe(1);
          // 2500 + 1000 + 2*500 = 4500 net; VAT 990
          expect(data.quote).toMatchObject({ netCents: 4500, vatCents: 990, grossCents: 5490 });
        });
    });

    it('raises extra users to what the users in use need', () => {
      spec
        .given([])
        .when(requestCommand({ current: { storagePacks: 0, extraUsers: 0, nso: false }, usersInUse: 4 }))
        .thenEmits(([event]) => {
          expect((event.data as { current: { extraUsers: number } }).current.extraUsers).toBe(3);
        });
    });

    it('is idempotent once the order exists', () => {
      spec.given(inCart()).when(requestCommand()).then([]);
    });
  });

  describe('changing the cart', () => {
    it('increases storage by packs', () => {
      spec
        .given(inCart())
        .when({ type: 'IncreaseStorage', data: { packs: 2, now } })
        .thenEmits(([event]) => {
          expect(event).toMatchObject({
            type: 'CartModified',
            data: {
              change: { kind: 'STORAGE_INCREASED', packsAdded: 2 },
              cart: { storagePacks: 3, extraUsers: 2, nso: false },
            },
          });
          expect((event.data as { quote: { netCents: number } }).quote.netCents).toBe(6500);
        });
    });

    it('never decreases storage', () => {
      spec
        .given(inCart())
        .when({ type: 'IncreaseStorage', data: { packs: -1, now } })
        .thenThrows('INVALID_STORAGE_PACKS', 'packs');
      spec
        .given(inCart())
        .when({ type: 'IncreaseStorage', data: { packs: 0, now } })
        .thenThrows('INVALID_STORAGE_PACKS', 'packs');
    });

    it('takes back storage this cart added, never below what the service has', () => {
      const added = after(inCart(), { type: 'IncreaseStorage', data: { packs: 2, now } });
      spec
        .given(added)
        .when({ type: 'SetStorage', data: { storagePacks: 2, now } })
        .thenEmits(([event]) =>
          expect(event).toMatchObject({
            type: 'CartModified',
            data: {
              change: { kind: 'STORAGE_DECREASED', packsRemoved: 1 },
              cart: { storagePacks: 2, extraUsers: 2, nso: false },
            },
          }),
        );
      spec
        .given(added)
        .when({ type: 'SetStorage', data: { storagePacks: 5, now } })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ change: { kind: 'STORAGE_INCREASED', packsAdded: 2 } }),
        );
      spec
        .given(added)
        .when({ type: 'SetStorage', data: { storagePacks: 3, now } })
        .then([]);
      // The service has 1 pack: the renewal keeps it.
      spec
        .given(added)
        .when({ type: 'SetStorage', data: { storagePacks: 0, now } })
        .thenThrows('STORAGE_BELOW_SERVICE', 'storagePacks');
      spec
        .given(added)
        .when({ type: 'SetStorage', data: { storagePacks: 1.5, now } })
        .thenThrows('INVALID_STORAGE_PACKS', 'storagePacks');
    });

    it('adds and reduces extra users, never below what the service needs', () => {
      spec
        .given(inCart())
        .when({ type: 'SetExtraUsers', data: { extraUsers: 5, now } })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ change: { kind: 'EXTRA_USERS_CHANGED', from: 2, to: 5 } }),
        );
      const withFive = after(inCart(), { type: 'SetExtraUsers', data: { extraUsers: 5, now } });
      spec
        .given(withFive)
        .when({ type: 'SetExtraUsers', data: { extraUsers: 2, now } })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ change: { kind: 'EXTRA_USERS_CHANGED', from: 5, to: 2 } }),
        );
      spec
        .given(inCart())
        .when({ type: 'SetExtraUsers', data: { extraUsers: 1, now } })
        .thenThrows('EXTRA_USERS_BELOW_MINIMUM', 'extraUsers');
      spec
        .given(inCart())
        .when({ type: 'SetExtraUsers', data: { extraUsers: 2, now } })
        .then([]);
    });

    it('buys the NSO module and deactivates it', () => {
      spec
        .given(inCart())
        .when({ type: 'SetNsoModule', data: { enabled: true, now } })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ change: { kind: 'NSO_MODULE_ADDED' }, cart: { nso: true } }),
        );
      spec
        .given(inCart({ current: { storagePacks: 0, extraUsers: 2, nso: true } }))
        .when({ type: 'SetNsoModule', data: { enabled: false, now } })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ change: { kind: 'NSO_MODULE_REMOVED' }, cart: { nso: false } }),
        );
      spec
        .given(inCart())
        .when({ type: 'SetNsoModule', data: { enabled: false, now } })
        .then([]);
    });

    it('applies a valid agreement code, case-insensitively, with its discount', () => {
      spec
        .given(inCart())
        .when({ type: 'ApplyAgreementCode', data: { code: ' conv15 ', now } })
        .thenEmits(([event]) => {
          expect(event.data).toMatchObject({
            change: { kind: 'AGREEMENT_CODE_APPLIED', code: 'CONV15', discountBps: 1500 },
            agreementCode: 'CONV15',
          });
          // 4500 - 15% (675) = 3825; VAT 841.5 -> 842
          expect((event.data as { quote: object }).quote).toMatchObject({
            discountCents: 675,
            taxableCents: 3825,
            vatCents: 842,
            grossCents: 4667,
          });
        });
    });

    it.each([
      ['NOPE', 'AGREEMENT_CODE_UNKNOWN'],
      ['OLD10', 'AGREEMENT_CODE_EXPIRED'],
      ['FUTURE', 'AGREEMENT_CODE_NOT_YET_VALID'],
      ['PROMOONLY', 'AGREEMENT_CODE_NOT_APPLICABLE'],
    ])('refuses the agreement code %s with %s', (code, error) => {
      spec
        .given(inCart())
        .when({ type: 'ApplyAgreementCode', data: { code, now } })
        .thenThrows(error, 'code');
    });

    it('allows one agreement code per order', () => {
      const withCode = after(inCart(), { type: 'ApplyAgreementCode', data: { code: 'CONV15', now } });
      spec
        .given(withCode)
        .when({ type: 'ApplyAgreementCode', data: { code: 'PROMOONLY', now } })
        .thenThrows('AGREEMENT_CODE_NOT_APPLICABLE');
      const other = { ...testCatalog.agreementCodes[0], code: 'OTHER' };
      const twoCodes = orderDecider({
        ...testContext,
        catalog: { ...testCatalog, agreementCodes: [...testCatalog.agreementCodes, other] },
      });
      expect(() =>
        twoCodes.decide(
          { type: 'ApplyAgreementCode', data: { code: 'OTHER', now } },
          fold(twoCodes, withCode),
        ),
      ).toThrow(expect.objectContaining({ code: 'AGREEMENT_CODE_ALREADY_APPLIED' }));
      spec
        .given(withCode)
        .when({ type: 'ApplyAgreementCode', data: { code: 'conv15', now } })
        .then([]);
      spec
        .given(withCode)
        .when({ type: 'RemoveAgreementCode', data: { now } })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({
            change: { kind: 'AGREEMENT_CODE_REMOVED', code: 'CONV15' },
            agreementCode: null,
            quote: { discountCents: 0 },
          }),
        );
    });

    it('lets the customer modify the order during checkout, but not once confirmed', () => {
      spec
        .given(inCheckout())
        .when({ type: 'IncreaseStorage', data: { packs: 1, now } })
        .thenEmits((events) => expect(events).toHaveLength(1));
      spec
        .given(confirmed())
        .when({ type: 'IncreaseStorage', data: { packs: 1, now } })
        .thenThrows('ORDER_ALREADY_CONFIRMED');
    });
  });

  describe('checkout', () => {
    it('proceeds from the cart once', () => {
      spec
        .given(inCart())
        .when({ type: 'StartCheckout', data: { now } })
        .thenEmits(([event]) => expect(event.type).toBe('CheckoutStarted'));
      spec.given(inCheckout()).when({ type: 'StartCheckout', data: { now } }).then([]);
    });

    it('names the state that refuses a choice: a cart, a confirmed, paid, cancelled or expired order', () => {
      const choose: OrderCommand = { type: 'ChoosePaymentMethod', data: { method: 'PAYPAL', now } };
      const term: OrderCommand = { type: 'ChooseTerm', data: { years: 2, now } };
      const paid = after(confirmed(), {
        type: 'RegisterPayment',
        data: { transactionId: 't1', amountCents: 5490, method: 'BANK_TRANSFER', now },
      });
      const cancelled = after(confirmed(), {
        type: 'CancelOrder',
        data: { reason: 'x', by: 'CUSTOMER', now },
      });
      spec.given(confirmed()).when(choose).thenThrows('ORDER_ALREADY_CONFIRMED');
      spec.given(confirmed()).when(term).thenThrows('ORDER_ALREADY_CONFIRMED');
      spec.given(paid).when(choose).thenThrows('ORDER_ALREADY_PAID');
      spec.given(paid).when(term).thenThrows('ORDER_ALREADY_PAID');
      spec.given(cancelled).when(term).thenThrows('ORDER_CANCELLED');
      spec.given(cancelled).when({ type: 'StartCheckout', data: { now } }).thenThrows('ORDER_CANCELLED');
    });

    it('needs checkout before payment method and term', () => {
      spec
        .given(inCart())
        .when({ type: 'ChoosePaymentMethod', data: { method: 'PAYPAL', now } })
        .thenThrows('CHECKOUT_NOT_STARTED');
      spec
        .given(inCart())
        .when({ type: 'ChooseTerm', data: { years: 2, now } })
        .thenThrows('CHECKOUT_NOT_STARTED');
    });

    it('records the payment method with its registration time and no warning when in time', () => {
      spec
        .given(inCheckout())
        .when({ type: 'ChoosePaymentMethod', data: { method: 'BANK_TRANSFER', now } })
        .then([
          {
            type: 'PaymentMethodChosen',
            data: {
              orderId: 'o1',
              method: 'BANK_TRANSFER',
              latestRegistrationAt: '2026-11-26T22:59:59.999Z',
              warnings: [],
              chosenAt: at,
            },
          },
        ]);
    });

    it('warns when a postal slip would register after expiry', () => {
      // expiry Tuesday 1 Dec; postal slip registers up to 7 working days after Wednesday 25 Nov -> 4 Dec
      spec
        .given(inCheckout({ serviceExpiresAt: new Date('2026-12-01T00:00:00.000Z') }))
        .when({ type: 'ChoosePaymentMethod', data: { method: 'POSTAL_SLIP', now } })
        .thenEmits(([event]) =>
          expect((event.data as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toEqual([
            'PAYMENT_REGISTERS_AFTER_EXPIRY',
          ]),
        );
      spec
        .given(inCheckout({ serviceExpiresAt: new Date('2026-12-01T00:00:00.000Z') }))
        .when({ type: 'ChoosePaymentMethod', data: { method: 'CREDIT_CARD', now } })
        .thenEmits(([event]) =>
          expect((event.data as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toEqual([
            'INSIDE_PAY_BEFORE_EXPIRY_WINDOW',
          ]),
        );
    });

    it('chooses a term of 1 to 10 years and reprices it', () => {
      spec
        .given(inCheckout())
        .when({ type: 'ChooseTerm', data: { years: 10, now } })
        .thenEmits(([event]) =>
          // 4500 x 10 = 45000, multi-year 10% -> 40500
          expect(event.data).toMatchObject({
            years: 10,
            quote: { netCents: 45000, discountCents: 4500, taxableCents: 40500 },
          }),
        );
      spec
        .given(inCheckout())
        .when({ type: 'ChooseTerm', data: { years: 11, now } })
        .thenThrows('TERM_OUT_OF_RANGE', 'years');
      spec
        .given(inCheckout())
        .when({ type: 'ChooseTerm', data: { years: 0, now } })
        .thenThrows('TERM_OUT_OF_RANGE', 'years');
    });

    it('limits promotional products to 2 years', () => {
      spec
        .given(inCheckout({ productCode: 'PROMO' }))
        .when({ type: 'ChooseTerm', data: { years: 2, now } })
        .thenEmits((events) => expect(events).toHaveLength(1));
      spec
        .given(inCheckout({ productCode: 'PROMO' }))
        .when({ type: 'ChooseTerm', data: { years: 3, now } })
        .thenThrows('TERM_OUT_OF_RANGE', 'years');
    });

    it('switches auto-renew on only with card or PayPal', () => {
      spec
        .given(withMethod('CREDIT_CARD'))
        .when({ type: 'ChooseAutoRenew', data: { enabled: true, now } })
        .then([{ type: 'AutoRenewChosen', data: { orderId: 'o1', enabled: true, chosenAt: at } }]);
      spec
        .given(withMethod('BANK_TRANSFER'))
        .when({ type: 'ChooseAutoRenew', data: { enabled: true, now } })
        .thenThrows('AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL');
      const auto = withMethod('CREDIT_CARD');
      const autoOn = after(auto, { type: 'ChooseAutoRenew', data: { enabled: true, now } });
      spec
        .given(autoOn)
        .when({ type: 'ChoosePaymentMethod', data: { method: 'BANK_TRANSFER', now } })
        .thenThrows('AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL', 'method');
    });
  });

  describe('confirming', () => {
    const confirm = (consents: Record<string, string | null>): OrderCommand => ({
      type: 'ConfirmOrder',
      data: { orderNumber: 'FE-2026-000001', consents, now },
    });

    it('records the three consents with their versions, then confirms with the order number and instructions', () => {
      spec
        .given(withMethod('BANK_TRANSFER'))
        .when(confirm(allConsents))
        .thenEmits(([consents, confirmedEvent]) => {
          expect(consents).toEqual({
            type: 'ConsentsRecorded',
            data: {
              orderId: 'o1',
              consents: [
                { type: 'GENERAL_TERMS', documentVersion: 'GT-3', acceptedAt: at },
                { type: 'ONEROUS_CLAUSES', documentVersion: 'OC-3', acceptedAt: at },
                { type: 'PRIVACY_NOTICE', documentVersion: 'PN-2', acceptedAt: at },
              ],
            },
          });
          expect(confirmedEvent).toMatchObject({
            type: 'OrderConfirmed',
            data: {
              orderNumber: 'FE-2026-000001',
              paymentMethod: 'BANK_TRANSFER',
              years: 1,
              quote: { grossCents: 5490 },
              paymentInstructions: {
                method: 'BANK_TRANSFER',
                amountCents: 5490,
                reference: 'FE-2026-000001',
              },
              payBy: '2026-12-25T10:00:00.000Z',
            },
          });
        });
    });

    it.each(['GENERAL_TERMS', 'ONEROUS_CLAUSES', 'PRIVACY_NOTICE'])(
      'refuses without the %s consent',
      (missing) => {
        spec
          .given(withMethod())
          .when(confirm({ ...allConsents, [missing]: null }))
          .thenThrows('CONSENT_REQUIRED', `consents.${missing}`);
      },
    );

    it('refuses a consent given to an outdated document version', () => {
      spec
        .given(withMethod())
        .when(confirm({ ...allConsents, GENERAL_TERMS: 'GT-2' }))
        .thenThrows('CONSENT_DOCUMENT_OUTDATED', 'consents.GENERAL_TERMS');
    });

    it('needs checkout and a payment method', () => {
      spec.given(inCart()).when(confirm(allConsents)).thenThrows('CHECKOUT_NOT_STARTED');
      spec
        .given(inCheckout())
        .when(confirm(allConsents))
        .thenThrows('PAYMENT_METHOD_REQUIRED', 'paymentMethod');
      spec.given(confirmed()).when(confirm(allConsents)).thenThrows('ORDER_ALREADY_CONFIRMED');
    });

    it('gives a postal slip at least 10 working days to be paid, and never past the grace end', () => {
      const postal = withMethod('POSTAL_SLIP');
      const [, event] = decider.decide(confirm(allConsents), fold(decider, postal));
      expect((event.data as { payBy: string }).payBy).toBe('2026-12-25T10:00:00.000Z'); // 30 days > 10 working days
      const shortPolicy = orderDecider({
        ...testContext,
        policy: { ...testContext.policy, unpaidOrderDays: 5 },
      });
      const [, short] = shortPolicy.decide(confirm(allConsents), fold(shortPolicy, postal));
      expect((short.data as { payBy: string }).payBy).toBe('2026-12-10T22:59:59.999Z'); // 10 working days (8 Dec is a holiday), midnight in Rome
      const late = withMethod('BANK_TRANSFER', {
        kind: 'REACTIVATE',
        serviceExpiresAt: new Date('2026-09-01T00:00:00.000Z'),
      });
      const [, graceBound] = decider.decide(confirm(allConsents), fold(decider, late));
      expect((graceBound.data as { payBy: string }).payBy).toBe('2026-11-30T01:00:00.000Z'); // 90 days on Rome's calendar
    });

    it('refuses an agreement code that expired between cart and confirmation', () => {
      const events = after(inCart(), { type: 'ApplyAgreementCode', data: { code: 'CONV15', now } });
      const checkout = after(events, { type: 'StartCheckout', data: { now } });
      const method = after(checkout, { type: 'ChoosePaymentMethod', data: { method: 'CREDIT_CARD', now } });
      spec
        .given(method)
        .when({
          type: 'ConfirmOrder',
          data: { orderNumber: 'X', consents: allConsents, now: new Date('2027-01-02T00:00:00Z') },
        })
        .thenThrows('AGREEMENT_CODE_EXPIRED');
    });
  });

  describe('cancelling', () => {
    it('cancels an open order, once', () => {
      spec
        .given(confirmed())
        .when({ type: 'CancelOrder', data: { reason: 'changed my mind', by: 'CUSTOMER', now } })
        .then([
          {
            type: 'OrderCancelled',
            data: { orderId: 'o1', reason: 'changed my mind', cancelledBy: 'CUSTOMER', cancelledAt: at },
          },
        ]);
      const cancelled = confirmed().concat([
        {
          type: 'OrderCancelled',
          data: { orderId: 'o1', reason: 'x', cancelledBy: 'CUSTOMER', cancelledAt: at },
        },
      ]);
      spec
        .given(cancelled)
        .when({ type: 'CancelOrder', data: { reason: 'again', by: 'CUSTOMER', now } })
        .then([]);
    });

    it('cannot cancel a paid order', () => {
      const paid = after(confirmed(), {
        type: 'RegisterPayment',
        data: { transactionId: 't1', amountCents: 5490, method: 'BANK_TRANSFER', now },
      });
      spec
        .given(paid)
        .when({ type: 'CancelOrder', data: { reason: 'x', by: 'CUSTOMER', now } })
        .thenThrows('ORDER_ALREADY_PAID');
    });
  });

  describe('expiring an unpaid order (scheduler)', () => {
    const expire = (when: string): OrderCommand => ({
      type: 'ExpireUnpaidOrder',
      data: { now: new Date(when) },
    });

    it('expires a confirmed order at its payBy, to the millisecond, not before', () => {
      // confirmed 2026-11-25T10:00Z with bank transfer: payBy = +30 days
      spec.given(confirmed()).when(expire('2026-12-25T09:59:59.999Z')).then([]);
      spec
        .given(confirmed())
        .when(expire('2026-12-25T10:00:00.000Z'))
        .then([
          {
            type: 'OrderExpired',
            data: {
              orderId: 'o1',
              serviceId: 's1',
              reason: 'UNPAID',
              payBy: '2026-12-25T10:00:00.000Z',
              expiredAt: '2026-12-25T10:00:00.000Z',
            },
          },
        ]);
    });

    it('expires a reactivation at the grace end when that comes first', () => {
      const late = after(
        withMethod('BANK_TRANSFER', {
          kind: 'REACTIVATE',
          serviceExpiresAt: new Date('2026-09-01T00:00:00.000Z'),
        }),
        {
          type: 'ConfirmOrder',
          data: { orderNumber: 'FE-2026-000002', consents: allConsents, now },
        },
      );
      spec
        .given(late)
        .when(expire('2026-11-30T01:00:00.000Z'))
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ reason: 'GRACE_ENDED', payBy: '2026-11-30T01:00:00.000Z' }),
        );
    });

    it('leaves paid, cancelled, unconfirmed and already expired orders alone', () => {
      const paid = after(confirmed(), {
        type: 'RegisterPayment',
        data: { transactionId: 't', amountCents: 5490, method: 'BANK_TRANSFER', now },
      });
      spec.given(paid).when(expire('2027-06-01T00:00:00Z')).then([]);
      const cancelled = after(confirmed(), {
        type: 'CancelOrder',
        data: { reason: 'x', by: 'CUSTOMER', now },
      });
      spec.given(cancelled).when(expire('2027-06-01T00:00:00Z')).then([]);
      spec.given(inCheckout()).when(expire('2027-06-01T00:00:00Z')).then([]);
      const expired = after(confirmed(), expire('2026-12-26T00:00:00Z'));
      spec.given(expired).when(expire('2026-12-27T00:00:00Z')).then([]);
    });

    it('lists a payment that arrives after expiry for refund', () => {
      const expired = after(confirmed(), expire('2026-12-26T00:00:00Z'));
      spec
        .given(expired)
        .when({
          type: 'RegisterPayment',
          data: { transactionId: 't', amountCents: 5490, method: 'BANK_TRANSFER', now },
        })
        .thenEmits(([event]) =>
          expect(event).toMatchObject({ type: 'PaymentRefundDue', data: { reason: 'ORDER_EXPIRED' } }),
        );
    });
  });

  describe('registering the payment', () => {
    const pay = (amountCents: number, transactionId = 't1', when = now): OrderCommand => ({
      type: 'RegisterPayment',
      data: { transactionId, amountCents, method: 'BANK_TRANSFER', now: when },
    });

    it('registers a payment that matches the order total', () => {
      spec
        .given(confirmed())
        .when(pay(gross(confirmed())))
        .then([
          {
            type: 'PaymentRegistered',
            data: {
              orderId: 'o1',
              orderNumber: 'FE-2026-000001',
              serviceId: 's1',
              transactionId: 't1',
              amountCents: 5490,
              method: 'BANK_TRANSFER',
              orderedMethod: 'BANK_TRANSFER',
              registeredAt: at,
            },
          },
        ]);
    });

    it('accepts money that came in by another method than the order chose, and records both', () => {
      spec
        .given(confirmed())
        .when({
          type: 'RegisterPayment',
          data: { transactionId: 't1', amountCents: 5490, method: 'POSTAL_SLIP', now },
        })
        .thenEmits(([event]) =>
          expect(event.data).toMatchObject({ method: 'POSTAL_SLIP', orderedMethod: 'BANK_TRANSFER' }),
        );
    });

    it('refuses an amount that does not match the total', () => {
      spec.given(confirmed()).when(pay(5489)).thenThrows('PAYMENT_AMOUNT_MISMATCH', 'amountCents');
    });

    it('counts the same transaction twice as one registration', () => {
      const paid = after(confirmed(), pay(5490));
      spec.given(paid).when(pay(5490)).then([]);
    });

    it('lists a second, different payment of a paid order for refund', () => {
      const paid = after(confirmed(), pay(5490));
      spec
        .given(paid)
        .when(pay(5490, 't2'))
        .thenEmits(([event]) =>
          expect(event).toMatchObject({
            type: 'PaymentRefundDue',
            data: { reason: 'ORDER_ALREADY_PAID', transactionId: 't2' },
          }),
        );
    });

    it('refuses a payment for a cancelled order and lists it for refund', () => {
      const cancelled = confirmed().concat([
        {
          type: 'OrderCancelled',
          data: { orderId: 'o1', reason: 'x', cancelledBy: 'CUSTOMER', cancelledAt: at },
        },
      ]);
      spec
        .given(cancelled)
        .when(pay(5490))
        .thenEmits(([event]) =>
          expect(event).toMatchObject({
            type: 'PaymentRefundDue',
            data: { reason: 'ORDER_CANCELLED', amountCents: 5490 },
          }),
        );
    });

    it('lists for refund a payment that arrives after the grace end', () => {
      spec
        .given(confirmed())
        .when(pay(5490, 't1', new Date('2027-05-01T00:00:00Z')))
        .thenEmits(([event]) =>
          expect(event).toMatchObject({ type: 'PaymentRefundDue', data: { reason: 'ORDER_EXPIRED' } }),
        );
    });

    it('refuses a payment for an order not yet confirmed', () => {
      spec.given(inCheckout()).when(pay(5490)).thenThrows('ORDER_NOT_CONFIRMED');
    });

    it('refuses any command on an order that does not exist', () => {
      spec.given([]).when(pay(5490)).thenThrows('ORDER_NOT_FOUND');
    });
  });

  describe('paying online from the pay page', () => {
    const byCard = () =>
      after(withMethod('CREDIT_CARD'), {
        type: 'ConfirmOrder',
        data: { orderNumber: 'FE-2026-000002', consents: allConsents, now },
      });
    const declined = (attempt: number, code = 'CARD_DECLINED'): OrderCommand => ({
      type: 'RecordOnlinePaymentDeclined',
      data: { attempt, method: 'CREDIT_CARD', code, now },
    });

    it('is the first try of a confirmed card or PayPal order, the next after each recorded decline', () => {
      expect(nextOnlinePaymentAttempt(fold(decider, byCard()))).toBe(1);
      const once = after(byCard(), declined(1));
      expect(nextOnlinePaymentAttempt(fold(decider, once))).toBe(2);
      expect(fold(decider, once).onlineDecline).toEqual({
        code: 'CARD_DECLINED',
        declinedAt: at,
        attempt: 1,
      });
    });

    it('is refused for a bank transfer, a cart, and a paid order', () => {
      expect(() => nextOnlinePaymentAttempt(fold(decider, confirmed()))).toThrow(
        expect.objectContaining({ code: 'ORDER_NOT_PAYABLE_ONLINE' }),
      );
      expect(() => nextOnlinePaymentAttempt(fold(decider, inCart()))).toThrow(
        expect.objectContaining({ code: 'CHECKOUT_NOT_STARTED' }),
      );
      const paid = after(byCard(), {
        type: 'RegisterPayment',
        data: { transactionId: 't1', amountCents: gross(byCard()), method: 'CREDIT_CARD', now },
      });
      expect(() => nextOnlinePaymentAttempt(fold(decider, paid))).toThrow(
        expect.objectContaining({ code: 'ORDER_ALREADY_PAID' }),
      );
    });

    it('records a decline once per try, and none once the order is paid', () => {
      spec
        .given(byCard())
        .when(declined(1, 'INSUFFICIENT_FUNDS'))
        .then([
          {
            type: 'OnlinePaymentDeclined',
            data: {
              orderId: 'o1',
              orderNumber: 'FE-2026-000002',
              attempt: 1,
              method: 'CREDIT_CARD',
              code: 'INSUFFICIENT_FUNDS',
              declinedAt: at,
            },
          },
        ]);
      spec
        .given(after(byCard(), declined(1)))
        .when(declined(1))
        .then([]);
      spec.given(byCard()).when(declined(2)).thenThrows('ONLINE_PAYMENT_ATTEMPT_OUT_OF_ORDER', 'attempt');
      const paid = after(byCard(), {
        type: 'RegisterPayment',
        data: { transactionId: 't1', amountCents: gross(byCard()), method: 'CREDIT_CARD', now },
      });
      spec.given(paid).when(declined(1)).then([]);
    });
  });

  describe('the auto-renewal order (auto-renew charge)', () => {
    const consents = [
      { type: 'GENERAL_TERMS' as const, documentVersion: 'GT-3', acceptedAt: '2026-01-10T00:00:00.000Z' },
      { type: 'ONEROUS_CLAUSES' as const, documentVersion: 'OC-3', acceptedAt: '2026-01-10T00:00:00.000Z' },
      { type: 'PRIVACY_NOTICE' as const, documentVersion: 'PN-2', acceptedAt: '2026-01-10T00:00:00.000Z' },
    ];
    const place = (
      overrides: Partial<Extract<OrderCommand, { type: 'PlaceAutoRenewalOrder' }>['data']> = {},
    ): OrderCommand => ({
      type: 'PlaceAutoRenewalOrder',
      data: {
        orderId: 'auto-1',
        serviceId: 's1',
        serviceName: 'FE Studio',
        customerId: 'c1',
        kind: 'RENEW',
        productCode: 'STD',
        serviceExpiresAt: new Date('2026-12-02T00:00:00.000Z'),
        current: { storagePacks: 1, extraUsers: 2, nso: false },
        usersInUse: 3,
        years: 2,
        paymentMethod: 'CREDIT_CARD',
        consents,
        orderNumber: 'FE-2026-000777',
        now,
        ...overrides,
      },
    });
    const placed = after([], place());
    const declined = (events: OrderEvent[]) =>
      after(events, {
        type: 'RecordAutoRenewalChargeDeclined',
        data: { code: 'CARD_DECLINED', now },
      });

    it('is requested and confirmed at once for the services active so far and the stored term, under the stored consents', () => {
      expect(placed.map((e) => e.type)).toEqual(['RenewalRequested', 'ConsentsRecorded', 'OrderConfirmed']);
      const confirmation = placed[2] as Extract<OrderEvent, { type: 'OrderConfirmed' }>;
      // (2500 + 1000 + 2x500) x 2 years = 9000 net, no multi-year discount under 3 years; VAT 1980 -> 10980
      expect(confirmation.data).toMatchObject({
        origin: 'AUTO_RENEW',
        orderNumber: 'FE-2026-000777',
        years: 2,
        autoRenew: true,
        paymentMethod: 'CREDIT_CARD',
        agreementCode: null,
        quote: { netCents: 9000, vatCents: 1980, grossCents: 10980 },
        // unpaidOrderDays (30) after confirmation: the grace end (2027-03-02) comes later
        payBy: '2026-12-25T10:00:00.000Z',
      });
      expect(placed[1]).toEqual({ type: 'ConsentsRecorded', data: { orderId: 'auto-1', consents } });
      expect(fold(decider, placed)).toMatchObject({ status: 'CONFIRMED', origin: 'AUTO_RENEW' });
    });

    it('is placed once: placing it again records nothing', () => {
      spec.given(placed).when(place()).then([]);
    });

    it('caps the term at 2 years for a promotional product', () => {
      const promo = after([], place({ productCode: 'PROMO', years: 5 }));
      expect((promo[0] as Extract<OrderEvent, { type: 'RenewalRequested' }>).data.years).toBe(2);
    });

    it('charges only a card or PayPal', () => {
      spec
        .given([])
        .when(place({ paymentMethod: 'BANK_TRANSFER' }))
        .thenThrows('AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL', 'paymentMethod');
    });

    it('a declined charge leaves it awaiting payment, with how to pay, recorded once', () => {
      const events = declined(placed);
      const last = events[events.length - 1] as Extract<OrderEvent, { type: 'AutoRenewalChargeDeclined' }>;
      expect(last.type).toBe('AutoRenewalChargeDeclined');
      expect(last.data).toMatchObject({
        code: 'CARD_DECLINED',
        orderNumber: 'FE-2026-000777',
        paymentInstructions: { amountCents: 10980, orderNumber: 'FE-2026-000777' },
      });
      expect(fold(decider, events)).toMatchObject({ status: 'CONFIRMED', chargeDeclined: true });
      spec
        .given(events)
        .when({ type: 'RecordAutoRenewalChargeDeclined', data: { code: 'X', now } })
        .then([]);
    });

    it('an approved charge is registered like any payment', () => {
      spec
        .given(placed)
        .when({
          type: 'RegisterPayment',
          data: { transactionId: 'sbx_ch_1', amountCents: 10980, method: 'CREDIT_CARD', now },
        })
        .thenEmits(([event]) => expect(event.type).toBe('PaymentRegistered'));
    });

    it("a customer's order has no automatic charge to decline", () => {
      spec
        .given(confirmed())
        .when({ type: 'RecordAutoRenewalChargeDeclined', data: { code: 'X', now } })
        .thenThrows('NOT_AN_AUTO_RENEWAL_ORDER');
    });
  });
  describe('refunding a paid order', () => {
    const paid = () => {
      const events = confirmed();
      return after(events, {
        type: 'RegisterPayment',
        data: { transactionId: 'TX-1', amountCents: gross(events), method: 'BANK_TRANSFER', now },
      });
    };
    const refund = (amountCents: number, reference = 'CRO-R1', reason = 'Disservizio di novembre') => ({
      type: 'RefundPaidOrder' as const,
      data: { amountCents, reason, reference, now },
    });

    it('gives back part of what was paid, with the reason and the reference', () =>
      spec
        .given(paid())
        .when(refund(1000, ' CRO-R1 ', ' Disservizio di novembre '))
        .thenEmits(([event]) =>
          expect(event).toEqual({
            type: 'PaidOrderRefunded',
            data: expect.objectContaining({
              orderNumber: 'FE-2026-000001',
              amountCents: 1000,
              reason: 'Disservizio di novembre',
              reference: 'CRO-R1',
              refundedAt: at,
            }),
          }),
        ));

    it('refunds what is left and no more, and the same refund again changes nothing', () => {
      const events = paid();
      const total = gross(events);
      const first = after(events, refund(1000));
      spec.given(first).when(refund(1000)).then([]);
      spec
        .given(first)
        .when(refund(total - 999, 'CRO-R2'))
        .thenThrows('REFUND_EXCEEDS_PAID', 'amountCents');
      spec
        .given(first)
        .when(refund(total - 1000, 'CRO-R2'))
        .thenEmits((emitted) => expect(emitted).toHaveLength(1));
      spec.given(first).when(refund(500)).thenThrows('REFUND_REFERENCE_USED', 'reference');
    });

    it('refuses an order that is not paid, no amount, and no reason', () => {
      spec.given(confirmed()).when(refund(1000)).thenThrows('ORDER_NOT_PAID');
      spec.given(paid()).when(refund(0)).thenThrows('REFUND_EXCEEDS_PAID', 'amountCents');
      spec
        .given(paid())
        .when(refund(1000, 'CRO-R1', ' no'))
        .thenThrows('REFUND_REASON_REQUIRED', 'reason');
    });
  });
});
