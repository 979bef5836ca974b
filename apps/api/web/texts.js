// @ts-check
// The words for what the API says in codes and facts: line names, discounts, warnings, how to pay, declines.
import { date, money, percent, t, termText } from './i18n.js';

/** @typedef {import('./types.js').QuoteLine} QuoteLine */
/** @typedef {import('./types.js').QuoteDiscount} QuoteDiscount */
/** @typedef {import('./types.js').PaymentWarning} PaymentWarning */
/** @typedef {import('./types.js').PaymentInstructions} PaymentInstructions */
/** @typedef {import('./types.js').PaymentMethod} PaymentMethod */
/** @typedef {import('./types.js').Catalog} Catalog */

/**
 * The name of a price line: the product's (translated when the dictionary has it), or the add-on's.
 * @param {QuoteLine} line
 * @param {string} productCode
 * @param {Catalog | null} catalog
 */
export function lineName(line, productCode, catalog) {
  if (line.code !== 'BASE') return t(`lines.${line.code}`);
  const translated = t(`products.${productCode}`);
  if (translated !== `products.${productCode}`) return translated;
  return catalog?.products.find((p) => p.code === productCode)?.name ?? productCode;
}

/** @param {QuoteDiscount} discount @param {number} years */
export function discountName(discount, years) {
  const rate = percent(discount.rateBps / 100);
  return discount.code === 'AGREEMENT'
    ? t('discountAgreement', { code: discount.agreementCode ?? '', rate })
    : t('discountMultiYear', { term: termText(years), rate });
}

/** @param {PaymentWarning} warning @param {string} serviceExpiresAt */
export function warningText(warning, serviceExpiresAt) {
  if (warning.code === 'PAYMENT_REGISTERS_AFTER_EXPIRY')
    return t('warnings.afterExpiry', { date: date(warning.serviceExpiresAt ?? serviceExpiresAt) });
  return t('warnings.insideWindow', { days: String(warning.payBeforeExpiryDays ?? 15) });
}

/** When a payment by this method is registered. @param {PaymentMethod} method */
export function registrationText(method) {
  return t(`registrationTimes.${method}`);
}

/** How to pay, step by step, from the instructions' facts. @param {PaymentInstructions} pay */
export function paymentSteps(pay) {
  const payee = pay.payee ?? { name: '' };
  const params = {
    number: pay.orderNumber,
    payee: payee.name,
    iban: payee.iban ?? '',
    bic: payee.bic ?? '',
    account: payee.postalAccount ?? '',
    reference: pay.reference,
    amount: money(pay.amountCents),
  };
  return t(`paymentSteps.${pay.method}`, params).split('\n').concat(t('paymentSteps.amount', params));
}

/** Why an automatic charge was declined. @param {string} code */
export function declineText(code) {
  const text = t(`declines.${code}`);
  return text === `declines.${code}` ? t('declines.OTHER') : text;
}
