import { StoredEvent } from '@app/event-store';

/**
 * Values one statement may list (`where id in (...)`, rows of a multi-row insert): well under SQLite's
 * limit on a statement's parameters (32,766) and PostgreSQL's (65,535), for rows of up to 60 columns.
 */
export const PER_STATEMENT = 500;

/** `items` in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = PER_STATEMENT): T[][] {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}

/** The distinct ids the events' data name under `field` (a batch's services, orders...), for a prefetch. */
export function idsIn(events: readonly StoredEvent[], field: string): string[] {
  const ids = new Set<string>();
  for (const { data } of events) {
    const id = data && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
    if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}
