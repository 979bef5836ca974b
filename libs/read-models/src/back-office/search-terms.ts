/**
 * What the back office finds orders by, as words in an index (bo_search_terms) instead of a scan of every
 * order with LIKE '%...%': a query word matches a stored word it begins, so a range of the index.
 * Words are lower case, without accents, letters a-z and digits only, so that their order is the same
 * under SQLite's binary collation and any PostgreSQL collation.
 */

/** The words of a name, an email or a service's name: "Niccolò D'Amico" gives niccolo, d, amico. */
export function searchWords(text: string): string[] {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, MAX_WORD));
  return [...new Set(words)];
}

/**
 * The words a text is filed under: its words, and those it has with dots and apostrophes taken out, so
 * that "Rossi S.r.l." is found by "srl" as well as by "s.r.l." and "D'Amico" by "damico".
 */
export function indexWords(text: string): string[] {
  return [...new Set([...searchWords(text), ...searchWords(text.replace(/[.'\u2019]/g, ''))])];
}

export const MAX_WORD = 40;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** The first word after every word that begins with `prefix`; null when there is none (all z's). */
export function prefixEnd(prefix: string): string | null {
  let end = prefix;
  while (end.endsWith('z')) end = end.slice(0, -1);
  if (end.length === 0) return null;
  return end.slice(0, -1) + ALPHABET[ALPHABET.indexOf(end[end.length - 1]) + 1];
}

/** The digits of an order number (FE-2026-000123 gives 000123): what a customer reads out on the phone. */
export function orderNumberDigits(orderNumber: string): string | null {
  return /-(\d{6})$/.exec(orderNumber)?.[1] ?? null;
}

/** Whom a stored word leads to: an order (its number), a service (its name) or a customer (name, email). */
export type TermKind = 'order' | 'service' | 'customer';
