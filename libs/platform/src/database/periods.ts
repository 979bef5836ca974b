import { RawBuilder, sql } from 'kysely';

/** How figures kept by day are summed over time: by day, or by month (YYYY-MM). */
export const GRANULARITIES = ['day', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * The period a day column (YYYY-MM-DD text) falls in: the day itself, or its month (its first seven
 * characters), in the same SQL on SQLite and PostgreSQL. Select it and group by it: no parameter in it, so
 * PostgreSQL sees the same expression in both places (a parameter in each would be two).
 */
export function periodOf(column: string, by: Granularity): RawBuilder<string> {
  return by === 'month' ? sql<string>`substr(${sql.ref(column)}, 1, 7)` : sql<string>`${sql.ref(column)}`;
}
