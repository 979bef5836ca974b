const MONTHS =
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre';
const ELIDED: Record<string, string> = { il: "l'", del: "dell'", al: "all'", dal: "dall'", nel: "nell'" };

/**
 * Dates in an Italian sentence as a native speaker writes them: "l'11 dicembre", "dell'8 marzo" (the
 * article elides before otto and undici), and "1° novembre" (the first of the month is ordinal). The
 * pages (apps/api/web/i18n.js) apply the same rules to their own sentences.
 */
export function italianDates(text: string): string {
  return text
    .replace(
      new RegExp(`\\b(il|del|al|dal|nel) (8|11) (${MONTHS})`, 'gi'),
      (_, article: string, day, month) => {
        const elided = ELIDED[article.toLowerCase()];
        const cased =
          article[0] === article[0].toUpperCase() ? elided[0].toUpperCase() + elided.slice(1) : elided;
        return `${cased}${day} ${month}`;
      },
    )
    .replace(new RegExp(`(^|[^\\d])1 (${MONTHS})`, 'gi'), '$11° $2');
}

/** A term in Italian words: "1 anno", "3 anni" (the emails and the invoices say it the same way). */
export const italianTerm = (years: number) => `${years} ${years === 1 ? 'anno' : 'anni'}`;
