/**
 * The words customers read for the codes that events and answers carry (payment methods, when a payment
 * is registered, why a charge was declined, why a payment is refunded), in Italian and English: written
 * once, here. The emails use them; the pages load them from `GET /words.json`.
 */
export const WORDS = {
  it: {
    methods: {
      CREDIT_CARD: 'Carta di credito',
      PAYPAL: 'PayPal',
      BANK_TRANSFER: 'Bonifico bancario',
      PREFILLED_SLIP: 'Bollettino precompilato',
      POSTAL_SLIP: 'Bollettino postale',
    },
    registrationTimes: {
      CREDIT_CARD: 'registrazione immediata',
      PAYPAL: 'registrazione immediata',
      BANK_TRANSFER: 'registrazione il giorno lavorativo successivo',
      PREFILLED_SLIP: 'registrazione in giornata',
      POSTAL_SLIP: 'registrazione da 5 a 7 giorni lavorativi',
    },
    declines: {
      CARD_DECLINED: 'la carta è stata rifiutata dalla banca emittente.',
      INSUFFICIENT_FUNDS: 'i fondi sulla carta non sono sufficienti.',
      EXPIRED_CARD: 'la carta è scaduta.',
      PAYPAL_DECLINED: 'PayPal ha rifiutato il pagamento.',
      UNKNOWN_PAYMENT_TOKEN: 'il metodo di pagamento salvato non è più valido.',
      NO_STORED_PAYMENT_METHOD: 'non è salvata nessuna carta o conto PayPal.',
      OTHER: 'il pagamento è stato rifiutato.',
    },
    refundReasons: {
      ORDER_CANCELLED: "l'ordine era annullato",
      ORDER_EXPIRED: "l'ordine era scaduto",
      ORDER_ALREADY_PAID: "l'ordine era già pagato",
    },
  },
  en: {
    methods: {
      CREDIT_CARD: 'Credit card',
      PAYPAL: 'PayPal',
      BANK_TRANSFER: 'Bank transfer',
      PREFILLED_SLIP: 'Pre-filled slip',
      POSTAL_SLIP: 'Postal slip',
    },
    registrationTimes: {
      CREDIT_CARD: 'registered at once',
      PAYPAL: 'registered at once',
      BANK_TRANSFER: 'registered the next working day',
      PREFILLED_SLIP: 'registered the same day',
      POSTAL_SLIP: 'registered in 5 to 7 working days',
    },
    declines: {
      CARD_DECLINED: 'the card was declined by the issuing bank.',
      INSUFFICIENT_FUNDS: 'the card has insufficient funds.',
      EXPIRED_CARD: 'the card has expired.',
      PAYPAL_DECLINED: 'PayPal declined the payment.',
      UNKNOWN_PAYMENT_TOKEN: 'the stored payment method is no longer valid.',
      NO_STORED_PAYMENT_METHOD: 'no card or PayPal account is stored.',
      OTHER: 'the payment was declined.',
    },
    refundReasons: {
      ORDER_CANCELLED: 'the order was cancelled',
      ORDER_EXPIRED: 'the order had expired',
      ORDER_ALREADY_PAID: 'the order was already paid',
    },
  },
} as const;

export type Language = keyof typeof WORDS;
