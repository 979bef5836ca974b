import { describe, expect, it } from '@jest/globals';
import {
  addYears,
  calendarDaysBetween,
  endOfWorkingDaysAfter,
  isItalianHoliday,
  isWorkingDay,
} from './calendar';

const d = (iso: string) => new Date(iso);

describe('calendar', () => {
  it('adds years keeping the day, and 29 February becomes 28 February', () => {
    expect(addYears(d('2026-03-15T10:00:00Z'), 2).toISOString()).toBe('2028-03-15T10:00:00.000Z');
    expect(addYears(d('2028-02-29T00:00:00Z'), 1).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });

  it('knows weekends, fixed Italian holidays and Easter Monday', () => {
    expect(isWorkingDay(d('2026-11-28T12:00:00Z'))).toBe(false); // Saturday
    expect(isWorkingDay(d('2026-11-27T12:00:00Z'))).toBe(true); // Friday
    expect(isItalianHoliday(d('2026-12-08T00:00:00Z'))).toBe(true); // Immacolata
    expect(isItalianHoliday(d('2026-04-06T00:00:00Z'))).toBe(true); // Easter Monday 2026
    expect(isItalianHoliday(d('2027-03-29T00:00:00Z'))).toBe(true); // Easter Monday 2027
  });

  it('counts working days across weekends and holidays', () => {
    // Friday 2026-12-04 + 1 working day = Monday 7th (8th is a holiday)
    expect(endOfWorkingDaysAfter(d('2026-12-04T15:00:00Z'), 1).toISOString()).toBe(
      '2026-12-07T23:59:59.999Z',
    );
    // Monday 7th + 1 = Wednesday 9th, skipping the holiday on the 8th
    expect(endOfWorkingDaysAfter(d('2026-12-07T15:00:00Z'), 1).toISOString()).toBe(
      '2026-12-09T23:59:59.999Z',
    );
    // same day on a Saturday is the next Monday
    expect(endOfWorkingDaysAfter(d('2026-11-28T09:00:00Z'), 0).toISOString()).toBe(
      '2026-11-30T23:59:59.999Z',
    );
  });

  it('counts calendar days between UTC dates', () => {
    expect(calendarDaysBetween(d('2026-11-25T23:00:00Z'), d('2026-11-26T01:00:00Z'))).toBe(1);
    expect(calendarDaysBetween(d('2026-11-26T01:00:00Z'), d('2026-11-25T23:00:00Z'))).toBe(-1);
  });
});
