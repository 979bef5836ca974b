/**
 * The billing details of a service's holder (dati di fatturazione), as the FatturaPA's
 * CessionarioCommittente needs them, and the checks an Italian invoice's recipient must pass: the
 * Partita IVA's check digit, the Codice Fiscale's check character, the CAP, the province, and the
 * SdI recipient code or a PEC address.
 */
export type Holder =
  { kind: 'company'; name: string } | { kind: 'person'; firstName: string; lastName: string };

export interface BillingAddress {
  street: string;
  /** CAP: five digits in Italy. */
  postalCode: string;
  /** Comune. */
  city: string;
  /** Sigla della provincia (two letters); null outside Italy. */
  province: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface BillingDetails {
  holder: Holder;
  /** Partita IVA, 11 digits, without the IT prefix; null for a private person. */
  vatNumber: string | null;
  /** Codice Fiscale: 16 characters (a person), or 11 digits (a company or a body). */
  taxCode: string | null;
  address: BillingAddress;
  /** A public body (pubblica amministrazione) receives FPA12 invoices through its 6-character office code. */
  publicBody: boolean;
  /** Codice destinatario: 7 characters, or 6 for a public body's office (codice univoco ufficio). */
  sdiCode: string | null;
  /** Where the exchange delivers when there is no recipient code. */
  pec: string | null;
}

export interface BillingIssue {
  field: string;
  reason: string;
}

/** The Partita IVA's check: the last digit is the Luhn-like sum of the first ten (DM 23/12/1976). */
export function isValidVatNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value) || /^0{7}/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = Number(value[i]);
    if (i % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return (10 - (sum % 10)) % 10 === Number(value[10]);
}

/** Odd positions (1st, 3rd, ...) weigh each character by this table (DM 12/03/1974). */
const ODD: Record<string, number> = Object.fromEntries(
  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23].flatMap(
    (weight, i) => [[String.fromCharCode(65 + i), weight], ...(i < 10 ? [[String(i), weight]] : [])],
  ),
);
const even = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);

/** The 16-character Codice Fiscale of a person (omocodia's letters for digits allowed), its check character right. */
export function isValidPersonTaxCode(value: string): boolean {
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(value))
    return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[value[i]] : even(value[i]);
  return String.fromCharCode(65 + (sum % 26)) === value[15];
}

export function isValidTaxCode(value: string): boolean {
  return value.length === 11 ? isValidVatNumber(value) : isValidPersonTaxCode(value);
}

const PEC = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/** Every field that an invoice's recipient cannot have, with the reason; none: the details are good. */
export function billingIssues(details: BillingDetails): BillingIssue[] {
  const issues: BillingIssue[] = [];
  const issue = (field: string, reason: string) => issues.push({ field, reason });
  const { holder, address } = details;
  if (holder.kind === 'company') {
    if (!holder.name.trim()) issue('holder.name', 'the company name is empty');
    else if (holder.name.length > 80) issue('holder.name', 'the company name is longer than 80 characters');
  } else {
    if (!holder.firstName.trim()) issue('holder.firstName', 'the first name is empty');
    if (!holder.lastName.trim()) issue('holder.lastName', 'the last name is empty');
  }
  if (details.vatNumber !== null && !isValidVatNumber(details.vatNumber))
    issue(
      'vatNumber',
      /^\d{11}$/.test(details.vatNumber)
        ? 'the Partita IVA’s check digit is wrong'
        : 'a Partita IVA is 11 digits',
    );
  if (details.taxCode !== null && !isValidTaxCode(details.taxCode))
    issue(
      'taxCode',
      /^\d{11}$/.test(details.taxCode) || /^[A-Z0-9]{16}$/.test(details.taxCode)
        ? 'the Codice Fiscale’s check character is wrong'
        : 'a Codice Fiscale is 16 letters and digits (a person) or 11 digits',
    );
  if (details.vatNumber === null && details.taxCode === null)
    issue('taxCode', 'a Partita IVA or a Codice Fiscale is needed');
  if (holder.kind === 'company' && details.vatNumber === null && !details.publicBody)
    issue('vatNumber', 'a company is invoiced with its Partita IVA');
  if (!address.street.trim()) issue('address.street', 'the street is empty');
  if (!address.city.trim()) issue('address.city', 'the comune is empty');
  if (!/^[A-Z]{2}$/.test(address.country)) issue('address.country', 'a country is two capital letters (IT)');
  if (address.country === 'IT') {
    if (!/^\d{5}$/.test(address.postalCode)) issue('address.postalCode', 'a CAP is five digits');
    if (address.province === null || !/^[A-Z]{2}$/.test(address.province))
      issue('address.province', 'an Italian address needs its province’s two letters (MI, RM, ...)');
  }
  if (details.publicBody) {
    if (details.sdiCode === null || !/^[A-Z0-9]{6}$/.test(details.sdiCode))
      issue(
        'sdiCode',
        'a public body is invoiced through its 6-character office code (codice univoco ufficio)',
      );
  } else if (details.sdiCode !== null && !/^[A-Z0-9]{7}$/.test(details.sdiCode))
    issue('sdiCode', 'a recipient code is 7 capital letters and digits');
  if (details.pec !== null && !PEC.test(details.pec)) issue('pec', 'not an email address');
  if (!details.publicBody && details.sdiCode === null && details.pec === null && holder.kind === 'company')
    issue('sdiCode', 'a company needs a recipient code or a PEC address');
  return issues;
}
