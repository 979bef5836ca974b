import { describe, expect, it } from '@jest/globals';
import { isoTimestamp } from './timestamps';

describe('isoTimestamp', () => {
  it.each([
    ['2026-12-07 11:00:00+00', '2026-12-07T11:00:00.000Z'],
    ['2026-12-07 11:00:00.1+00', '2026-12-07T11:00:00.100Z'],
    ['2026-12-07 11:00:00.12+00', '2026-12-07T11:00:00.120Z'],
    ['2026-12-07 11:00:00.123+00', '2026-12-07T11:00:00.123Z'],
    // Microseconds (a time written by PostgreSQL's now()): cut to milliseconds, as a Date does.
    ['2026-12-07 11:00:00.123999+00', '2026-12-07T11:00:00.123Z'],
    ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000Z'],
  ])('reads %s in UTC as %s', (text, iso) => {
    expect(isoTimestamp(text)).toBe(iso);
  });

  it.each([
    // Another session zone, a zone with minutes, and a year past 9999: through a Date.
    ['2026-12-07 12:00:00.12+01', '2026-12-07T11:00:00.120Z'],
    ['2026-12-07 16:30:00+05:30', '2026-12-07T11:00:00.000Z'],
    ['2026-03-29 03:00:00.5+02', '2026-03-29T01:00:00.500Z'],
  ])('reads %s, not in UTC, as %s', (text, iso) => {
    expect(isoTimestamp(text)).toBe(iso);
  });

  it('gives what a Date gives for times across years, fractions and zones', () => {
    for (let i = 0; i < 2_000; i++) {
      const ms = Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 60 * 365 * 86_400_000);
      const iso = new Date(ms).toISOString();
      const [date, time] = iso.slice(0, -1).split('T');
      const fraction = time.slice(9).replace(/0+$/, '');
      const text = `${date} ${time.slice(0, 8)}${fraction ? `.${fraction}` : ''}+00`;
      expect(isoTimestamp(text)).toBe(iso);
    }
  });
});
