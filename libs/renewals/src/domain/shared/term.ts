import { BusinessRuleViolation } from '@app/kernel';
import { RenewalPolicy } from './policy';

/** RENEWAL.md step 7: the longest term, 1 to maxYears (promotional products 1 to maxPromoYears). */
export function maxTermYears(policy: RenewalPolicy, promotional: boolean): number {
  return promotional ? policy.maxPromoYears : policy.maxYears;
}

/** Refuses a term outside 1 to the product's maximum (TERM_OUT_OF_RANGE, on `years`). */
export function requireTerm(policy: RenewalPolicy, promotional: boolean, years: number): void {
  const max = maxTermYears(policy, promotional);
  if (!Number.isInteger(years) || years < 1 || years > max)
    throw new BusinessRuleViolation(
      'TERM_OUT_OF_RANGE',
      promotional
        ? `Promotional products renew for 1 to ${max} years.`
        : `The term must be from 1 to ${max} years.`,
      'years',
      { min: 1, max },
    );
}
