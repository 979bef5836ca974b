import { describe, expect, it } from '@jest/globals';
import { testCatalog } from '../../testing/fixtures';
import { applyRate, priceCart } from './pricing';
import { validateCatalog } from './catalog';

const std = testCatalog.products[0];
const conv15 = testCatalog.agreementCodes[0];

describe('pricing', () => {
  it('prices the base service alone for one year with 22% VAT', () => {
    const quote = priceCart(testCatalog, std, { storagePacks: 0, extraUsers: 0, nso: false }, 1, null);
    expect(quote.lines).toEqual([
      {
        code: 'BASE',
        quantity: 1,
        yearlyUnitPriceCents: 2500,
        years: 1,
        amountCents: 2500,
      },
    ]);
    expect(quote).toMatchObject({
      netCents: 2500,
      discountCents: 0,
      taxableCents: 2500,
      vatCents: 550,
      grossCents: 3050,
    });
  });

  it('adds storage packs, extra users and NSO per year, times the years', () => {
    // (2500 + 2*1000 + 3*500 + 2000) x 2 = 16000
    const quote = priceCart(testCatalog, std, { storagePacks: 2, extraUsers: 3, nso: true }, 2, null);
    expect(quote.lines.map((line) => [line.code, line.amountCents])).toEqual([
      ['BASE', 5000],
      ['STORAGE_PACK', 4000],
      ['EXTRA_USER', 3000],
      ['NSO_MODULE', 4000],
    ]);
    expect(quote).toMatchObject({ netCents: 16000, taxableCents: 16000, vatCents: 3520, grossCents: 19520 });
  });

  it('applies the agreement discount, then the multi-year discount, before VAT', () => {
    // net 2500 x 3 = 7500; agreement 15% = 1125 -> 6375; multi-year 5% of 6375 = 318.75 -> 319 -> 6056
    const quote = priceCart(testCatalog, std, { storagePacks: 0, extraUsers: 0, nso: false }, 3, conv15);
    expect(quote.discounts.map((discount) => [discount.code, discount.amountCents])).toEqual([
      ['AGREEMENT', 1125],
      ['MULTI_YEAR', 319],
    ]);
    // VAT 22% of 6056 = 1332.32 -> 1332
    expect(quote).toMatchObject({
      netCents: 7500,
      discountCents: 1444,
      taxableCents: 6056,
      vatCents: 1332,
      grossCents: 7388,
    });
  });

  it('takes the best multi-year discount the term reaches', () => {
    const quote = priceCart(testCatalog, std, { storagePacks: 0, extraUsers: 0, nso: false }, 10, null);
    expect(quote.discounts).toEqual([
      expect.objectContaining({ code: 'MULTI_YEAR', rateBps: 1000, amountCents: 2500 }),
    ]);
  });

  it('rounds VAT half up to the cent once per order', () => {
    expect(applyRate(2, 2500)).toBe(1); // 0.5 -> 1
    expect(applyRate(1, 2200)).toBe(0); // 0.22 -> 0
    expect(applyRate(25, 2200)).toBe(6); // 5.5 -> 6
    expect(applyRate(1002, 2200)).toBe(220); // 220.44 -> 220
  });

  it('accepts the shipped catalog shape and names the wrong entries of a bad one', () => {
    expect(validateCatalog(testCatalog)).toEqual([]);
    const bad = { ...testCatalog, vatRateBps: 22.5, agreementCodes: [{ ...conv15, products: ['NOPE'] }] };
    expect(validateCatalog(bad)).toEqual([
      'vatRateBps must be a whole number of basis points',
      'agreementCodes.CONV15 names unknown product NOPE',
    ]);
  });
});
