/** The price list, read from config/catalog.json. Money is integer euro cents; rates are basis points. */
export interface Product {
  code: string;
  name: string;
  promotional: boolean;
  yearlyPriceCents: number;
  includedStorageGb: number;
  includedUsers: number;
}

export interface AddOnPrice {
  name: string;
  yearlyPriceCents: number;
}

export interface AgreementCode {
  code: string;
  description: string;
  discountBps: number;
  /** ISO date-times, inclusive bounds. */
  validFrom: string;
  validUntil: string;
  /** Product codes the agreement applies to. */
  products: string[];
}

export interface MultiYearDiscount {
  minYears: number;
  discountBps: number;
}

export interface Catalog {
  version: string;
  currency: 'EUR';
  vatRateBps: number;
  products: Product[];
  storagePack: AddOnPrice;
  extraUser: AddOnPrice;
  nsoModule: AddOnPrice;
  multiYearDiscounts: MultiYearDiscount[];
  agreementCodes: AgreementCode[];
}

export function findProduct(catalog: Catalog, code: string): Product | undefined {
  return catalog.products.find((product) => product.code === code);
}

export function findAgreementCode(catalog: Catalog, code: string): AgreementCode | undefined {
  const wanted = normaliseAgreementCode(code);
  return catalog.agreementCodes.find((entry) => normaliseAgreementCode(entry.code) === wanted);
}

export function normaliseAgreementCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Checks a parsed catalog file and says which entry is wrong; the service refuses to start on a bad one. */
export function validateCatalog(catalog: Catalog): string[] {
  const problems: string[] = [];
  const isCents = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
  if (!catalog || typeof catalog !== 'object') return ['the catalog is not an object'];
  if (!catalog.version) problems.push('version is missing');
  if (!isCents(catalog.vatRateBps)) problems.push('vatRateBps must be a whole number of basis points');
  if (!Array.isArray(catalog.products) || catalog.products.length === 0) problems.push('products is empty');
  for (const product of catalog.products ?? []) {
    if (!product.code) problems.push('a product has no code');
    if (!isCents(product.yearlyPriceCents))
      problems.push(`products.${product.code}.yearlyPriceCents must be cents`);
    if (!isCents(product.includedStorageGb))
      problems.push(`products.${product.code}.includedStorageGb is invalid`);
    if (!isCents(product.includedUsers)) problems.push(`products.${product.code}.includedUsers is invalid`);
  }
  for (const key of ['storagePack', 'extraUser', 'nsoModule'] as const) {
    if (!catalog[key] || !isCents(catalog[key].yearlyPriceCents))
      problems.push(`${key}.yearlyPriceCents must be cents`);
  }
  for (const discount of catalog.multiYearDiscounts ?? []) {
    if (!isCents(discount.minYears) || !isCents(discount.discountBps) || discount.discountBps > 10_000)
      problems.push(`multiYearDiscounts entry ${JSON.stringify(discount)} is invalid`);
  }
  for (const code of catalog.agreementCodes ?? []) {
    if (!code.code) problems.push('an agreement code has no code');
    if (!isCents(code.discountBps) || code.discountBps > 10_000)
      problems.push(`agreementCodes.${code.code}.discountBps is invalid`);
    if (Number.isNaN(Date.parse(code.validFrom)) || Number.isNaN(Date.parse(code.validUntil)))
      problems.push(`agreementCodes.${code.code} has an invalid validity period`);
    for (const product of code.products ?? [])
      if (!findProduct(catalog, product))
        problems.push(`agreementCodes.${code.code} names unknown product ${product}`);
  }
  return problems;
}
