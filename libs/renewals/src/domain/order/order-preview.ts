import { calendarOf } from '../shared/calendar';
import { maxTermYears } from '../shared/term';
import { findAgreementCode, findProduct } from '../pricing/catalog';
import { priceCart } from '../pricing/pricing';
import { OrderContext } from './order.decider';
import { OrderState } from './order.events';

/** What a term would cost: the total with VAT and the taxable amount, for the cart as it is. */
export interface TermPrice {
  years: number;
  taxableCents: number;
  grossCents: number;
  /** The service's expiry after a renewal for this term. */
  newExpiresAt: string;
}

/**
 * What the customer will get before "Conferma": the expiry after the renewal (the old expiry plus the
 * term, as the renewal will record it) and the price of each term the product allows, for this cart and
 * agreement code. Null once the order can no longer change.
 */
export function orderPreview(
  ctx: Pick<OrderContext, 'catalog' | 'policy'>,
  state: OrderState,
): { newExpiresAt: string; termPrices: TermPrice[] } | null {
  if (state.status !== 'CART' && state.status !== 'CHECKOUT') return null;
  const product = findProduct(ctx.catalog, state.productCode);
  if (!product) return null;
  const agreement = state.agreementCode
    ? (findAgreementCode(ctx.catalog, state.agreementCode) ?? null)
    : null;
  const calendar = calendarOf(ctx.policy);
  const expiryAfter = (years: number) => calendar.addYears(state.serviceExpiresAt, years).toISOString();
  const termPrices = Array.from({ length: maxTermYears(ctx.policy, state.promotional) }, (_, i) => {
    const years = i + 1;
    const quote = priceCart(ctx.catalog, product, state.cart, years, agreement);
    return {
      years,
      taxableCents: quote.taxableCents,
      grossCents: quote.grossCents,
      newExpiresAt: expiryAfter(years),
    };
  });
  return { newExpiresAt: expiryAfter(state.years), termPrices };
}
