import { AgreementCode, Catalog, Product } from './catalog';

/** What the customer buys for the term: the base service and its add-ons. */
export interface CartItems {
  storagePacks: number;
  extraUsers: number;
  nso: boolean;
}

/** A line of the price: what it is (a code; its name is the catalog's, in the reader's language) and the amounts. */
export interface QuoteLine {
  code: 'BASE' | 'STORAGE_PACK' | 'EXTRA_USER' | 'NSO_MODULE';
  quantity: number;
  yearlyUnitPriceCents: number;
  years: number;
  amountCents: number;
}

export interface QuoteDiscount {
  code: 'AGREEMENT' | 'MULTI_YEAR';
  /** The agreement code that gave the discount (AGREEMENT). */
  agreementCode?: string;
  rateBps: number;
  amountCents: number;
}

export interface Quote {
  catalogVersion: string;
  currency: 'EUR';
  lines: QuoteLine[];
  netCents: number;
  discounts: QuoteDiscount[];
  discountCents: number;
  taxableCents: number;
  vatRateBps: number;
  vatCents: number;
  grossCents: number;
}

/** amount x rate / 10000, rounded half up to the cent (amounts are never negative here). */
export function applyRate(amountCents: number, rateBps: number): number {
  return Math.floor((amountCents * rateBps + 5_000) / 10_000);
}

export function multiYearDiscountFor(catalog: Catalog, years: number): number {
  return catalog.multiYearDiscounts
    .filter((discount) => years >= discount.minYears)
    .reduce((best, discount) => Math.max(best, discount.discountBps), 0);
}

/**
 * Price = (base + storage packs + extra users + NSO) per year x years. The agreement discount applies
 * to the net amount, the multi-year discount to what is left; VAT applies once to the taxable base.
 */
export function priceCart(
  catalog: Catalog,
  product: Product,
  cart: CartItems,
  years: number,
  agreement: AgreementCode | null,
): Quote {
  const line = (code: QuoteLine['code'], quantity: number, yearlyUnitPriceCents: number): QuoteLine => ({
    code,
    quantity,
    yearlyUnitPriceCents,
    years,
    amountCents: quantity * yearlyUnitPriceCents * years,
  });
  const lines = [
    line('BASE', 1, product.yearlyPriceCents),
    line('STORAGE_PACK', cart.storagePacks, catalog.storagePack.yearlyPriceCents),
    line('EXTRA_USER', cart.extraUsers, catalog.extraUser.yearlyPriceCents),
    line('NSO_MODULE', cart.nso ? 1 : 0, catalog.nsoModule.yearlyPriceCents),
  ].filter((entry) => entry.quantity > 0);
  const netCents = lines.reduce((sum, entry) => sum + entry.amountCents, 0);

  const discounts: QuoteDiscount[] = [];
  let remaining = netCents;
  if (agreement) {
    const amountCents = applyRate(remaining, agreement.discountBps);
    discounts.push({
      code: 'AGREEMENT',
      agreementCode: agreement.code,
      rateBps: agreement.discountBps,
      amountCents,
    });
    remaining -= amountCents;
  }
  const multiYearBps = multiYearDiscountFor(catalog, years);
  if (multiYearBps > 0) {
    const amountCents = applyRate(remaining, multiYearBps);
    discounts.push({
      code: 'MULTI_YEAR',
      rateBps: multiYearBps,
      amountCents,
    });
    remaining -= amountCents;
  }
  const discountCents = netCents - remaining;
  const vatCents = applyRate(remaining, catalog.vatRateBps);
  return {
    catalogVersion: catalog.version,
    currency: catalog.currency,
    lines,
    netCents,
    discounts,
    discountCents,
    taxableCents: remaining,
    vatRateBps: catalog.vatRateBps,
    vatCents,
    grossCents: remaining + vatCents,
  };
}
