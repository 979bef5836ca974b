/**
 * How personal data inside events is declared (decisions.md #34). Each library's domain says, per
 * stored event type, whose data the event holds and which of its fields are personal (erased with the
 * person's key) or fiscal records (kept until their retention ends, and hidden once the person is
 * erased). The event store's protection (platform) encrypts those fields on append and reads them back,
 * or as ERASED once the key is gone. The domain never sees an envelope: only the value or ERASED.
 */

/** What a personal field reads as once its key is deleted: every string under an erased path. */
export const ERASED = '[cancellato]';

export const isErased = (value: unknown): boolean => value === ERASED;

/**
 * A path into the event's data: property names joined by dots, `*` for every element of an array
 * (`document.lines.*.description`). Every string under it is protected; numbers, booleans and nulls
 * keep their place in clear, so an erased event still has its shape.
 */
export type DataPath = string;

export interface PersonalFields<Data = never> {
  /**
   * Whose data: a customer's (account's) id found in the event. Absent: the owner of the stream's first
   * event (a service's, an order's).
   */
  subject?: (data: Data) => string | undefined;
  /** Erased with the person's key. */
  personal?: DataPath[];
  /**
   * A fiscal record (an invoice's buyer): kept readable until `retainUntil` (YYYY-MM-DD), even after
   * the person is erased, for those who must keep it (the invoices' documents); every other reader
   * sees it as erased once the person is.
   */
  fiscal?: { paths: DataPath[]; retainUntil: (data: Data) => string };
}

/** By stored event type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry is typed by its event's data
export type PersonalDataPolicy = Record<string, PersonalFields<any>>;

/** Ten years from the end of the year a fiscal document is dated in (art. 2220 c.c.): YYYY-12-31. */
export const tenYearsAfter = (isoDate: string): string => `${Number(isoDate.slice(0, 4)) + 10}-12-31`;
