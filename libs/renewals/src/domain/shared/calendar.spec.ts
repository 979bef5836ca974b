import { describe, expect, it, jest } from '@jest/globals';
import { BusinessCalendar, ITALIAN_CALENDAR, validateCalendar } from './calendar';

const d = (iso: string) => new Date(iso);
const rome = new BusinessCalendar(ITALIAN_CALENDAR);
/** A zone's wall clock by the time-zone database itself: `YYYY-MM-DD, HH:MM`. */
const wallClock = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

describe('the business calendar (Europe/Rome, Italian national holidays)', () => {
  it('adds years keeping the local day and time; 29 February becomes 28 February', () => {
    expect(rome.addYears(d('2026-03-15T10:00:00Z'), 2).toISOString()).toBe('2028-03-15T10:00:00.000Z');
    expect(rome.addYears(d('2028-02-29T10:00:00Z'), 1).toISOString()).toBe('2029-02-28T10:00:00.000Z');
    // 11:00 in Rome in summer (CEST, +2) is 11:00 in Rome a year later, also across the winter.
    expect(rome.addYears(d('2026-07-01T09:00:00Z'), 1).toISOString()).toBe('2027-07-01T09:00:00.000Z');
  });

  it('adds days on the local calendar: the same wall-clock time across a daylight-saving change', () => {
    // Saturday 28 March 2026, 10:00 in Rome (CET, +1); summer time starts on the 29th.
    expect(rome.addDays(d('2026-03-28T09:00:00Z'), 1).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    // 90 days after 12:00 on 1 August (CEST) is 12:00 on 30 October (CET).
    expect(rome.addDays(d('2026-08-01T10:00:00Z'), 90).toISOString()).toBe('2026-10-30T11:00:00.000Z');
    expect(rome.addDays(d('2026-10-30T11:00:00Z'), -90).toISOString()).toBe('2026-08-01T10:00:00.000Z');
  });

  it('reads a wall-clock time a change repeats as its first time, one a change skips as later by the change', () => {
    // 02:30 on 25 October 2026 happens twice in Rome: 00:30 UTC (CEST), then 01:30 UTC (CET).
    expect(rome.addDays(d('2026-10-24T00:30:00Z'), 1).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // 02:30 on 29 March 2026 does not happen in Rome: 03:30 CEST.
    expect(rome.addDays(d('2026-03-28T01:30:00Z'), 1).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const saoPaulo = new BusinessCalendar({
      timeZone: 'America/Sao_Paulo',
      holidays: [],
      easterMonday: false,
    });
    // Midnight of 19 October 2003 did not happen in São Paulo (summer time began): the day began at 01:00.
    expect(saoPaulo.startOfDay(d('2003-10-19T12:00:00Z')).toISOString()).toBe('2003-10-19T03:00:00.000Z');
    // 23:30 on 15 February 2003 happened twice there: 01:30 UTC (summer time), then 02:30 UTC (a day after 23:30 on the 14th).
    expect(saoPaulo.addDays(d('2003-02-15T01:30:00Z'), 1).toISOString()).toBe('2003-02-16T01:30:00.000Z');
  });

  it("reads Rome's wall clock as the time-zone database does, every 7 minutes across both 2026 changes and on random days", () => {
    const wall = wallClock('Europe/Rome');
    const instants: number[] = [];
    for (const around of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'])
      for (let minute = -26 * 60; minute <= 26 * 60; minute += 7)
        instants.push(Date.parse(around) + minute * 60_000);
    for (let i = 0; i < 400; i++)
      instants.push(Date.parse('2020-01-01T00:00:00Z') + ((i * 7_919_993_137) % 4.7e11));
    for (const instant of instants) {
      const at = new Date(instant);
      const start = rome.startOfDay(at);
      // Midnight of the same date in Rome, by the database itself, whatever the cached offsets say.
      expect(wall.format(start)).toBe(`${wall.format(at).slice(0, 10)}, 00:00`);
      expect(wall.format(rome.endOfDay(at)).slice(0, 10)).toBe(wall.format(at).slice(0, 10));
    }
  });

  it.each(['Europe/Rome', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'America/Sao_Paulo'])(
    "reads %s's day as the time-zone database does, around its changes and on random days since 1990",
    (timeZone) => {
      const calendar = new BusinessCalendar({ timeZone, holidays: [], easterMonday: false });
      const wall = wallClock(timeZone);
      const instants: number[] = [];
      for (let i = 0; i < 3_000; i++)
        instants.push(Date.parse('1990-01-01T00:00:00Z') + ((i * 7_919_993_137) % 1.6e12));
      // Every 7 minutes within a day of each change of 2016 and 2026 (found hour by hour).
      const offsetAt = (instant: number) => {
        const [date, time] = wall.format(instant).split(', ');
        return Date.parse(`${date}T${time}:00Z`) - Math.floor(instant / 60_000) * 60_000;
      };
      for (const year of [2016, 2026])
        for (let hour = Date.UTC(year, 0, 1); hour < Date.UTC(year + 1, 0, 1); hour += 3_600_000)
          if (offsetAt(hour) !== offsetAt(hour + 3_600_000))
            for (let minute = -24 * 60; minute <= 25 * 60; minute += 7) instants.push(hour + minute * 60_000);
      for (const instant of instants) {
        const at = new Date(instant);
        const date = wall.format(at).slice(0, 10);
        expect(calendar.dateOf(at)).toBe(date);
        // The day's first instant: midnight, or what follows it where a change skips midnight.
        const start = calendar.startOfDay(at).getTime();
        expect(wall.format(start).slice(0, 10)).toBe(date);
        expect(wall.format(start - 1).slice(0, 10)).not.toBe(date);
      }
    },
  );

  it('asks the time-zone database about a day once, and a few times more on the day its offset changes', () => {
    const calendar = new BusinessCalendar(ITALIAN_CALENDAR);
    const lookups = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      // Every 10 minutes of 2026, twice.
      for (let pass = 0; pass < 2; pass++)
        for (
          let at = Date.parse('2026-01-01T00:00:00Z');
          at < Date.parse('2027-01-01T00:00:00Z');
          at += 600_000
        )
          calendar.dateOf(new Date(at));
      // Two a day at most (each day's start and the next's), and a search of at most 7 on each of the two change days.
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(2 * 366 + 2 * 7);
    } finally {
      lookups.mockRestore();
    }
  });

  it('knows weekends, the fixed holidays, Easter Monday and San Francesco from 2026 on', () => {
    expect(rome.isWorkingDay(d('2026-11-28T12:00:00Z'))).toBe(false); // Saturday
    expect(rome.isWorkingDay(d('2026-11-27T12:00:00Z'))).toBe(true); // Friday
    expect(rome.holiday(d('2026-12-08T12:00:00Z'))).toBe('Immacolata Concezione');
    expect(rome.holiday(d('2026-04-06T12:00:00Z'))).toBe("Lunedì dell'Angelo"); // Easter Monday 2026
    expect(rome.holiday(d('2027-03-29T12:00:00Z'))).toBe("Lunedì dell'Angelo"); // Easter Monday 2027
    expect(rome.holiday(d('2025-10-04T12:00:00Z'))).toBeNull(); // not yet a holiday in 2025
    expect(rome.holiday(d('2027-10-04T12:00:00Z'))).toBe("San Francesco d'Assisi"); // a Monday
    expect(rome.isWorkingDay(d('2027-10-04T12:00:00Z'))).toBe(false);
  });

  it('reads the day in Rome, not in UTC: 23:30 UTC on 7 December is already the 8th in Rome', () => {
    expect(rome.holiday(d('2026-12-07T23:30:00Z'))).toBe('Immacolata Concezione');
    expect(rome.isWorkingDay(d('2026-12-07T22:30:00Z'))).toBe(true); // 23:30 on the 7th in Rome
    expect(rome.dateOf(d('2026-12-07T23:30:00Z'))).toBe('2026-12-08');
    expect(rome.dateOf(d('2026-12-07T22:30:00Z'))).toBe('2026-12-07');
    expect(rome.dateOf(d('2026-07-31T22:00:00Z'))).toBe('2026-08-01'); // summer time: UTC+2
  });

  it('counts working days across weekends and holidays, ending at midnight in Rome', () => {
    // Friday 2026-12-04 + 1 working day = Monday 7th (8th is a holiday); its end is 23:59:59.999 in Rome.
    expect(rome.endOfWorkingDaysAfter(d('2026-12-04T15:00:00Z'), 1).toISOString()).toBe(
      '2026-12-07T22:59:59.999Z',
    );
    // Monday 7th + 1 = Wednesday 9th, skipping the holiday on the 8th
    expect(rome.endOfWorkingDaysAfter(d('2026-12-07T15:00:00Z'), 1).toISOString()).toBe(
      '2026-12-09T22:59:59.999Z',
    );
    // same day on a Saturday is the next Monday
    expect(rome.endOfWorkingDaysAfter(d('2026-11-28T09:00:00Z'), 0).toISOString()).toBe(
      '2026-11-30T22:59:59.999Z',
    );
    // Friday 2 October 2026 + 1 = Monday the 5th (the 4th is a Sunday and a holiday); CEST, +2.
    expect(rome.endOfWorkingDaysAfter(d('2026-10-02T10:00:00Z'), 1).toISOString()).toBe(
      '2026-10-05T21:59:59.999Z',
    );
    // Friday 1 October 2027 + 1 = Tuesday the 5th: Monday the 4th is San Francesco.
    expect(rome.endOfWorkingDaysAfter(d('2027-10-01T10:00:00Z'), 1).toISOString()).toBe(
      '2027-10-05T21:59:59.999Z',
    );
    expect(rome.workingDaysBetween(d('2027-10-01T10:00:00Z'), d('2027-10-06T10:00:00Z'))).toBe(2);
  });

  it('counts calendar days between the dates in Rome', () => {
    expect(rome.daysBetween(d('2026-11-25T23:30:00Z'), d('2026-11-26T01:00:00Z'))).toBe(0); // both the 26th in Rome
    expect(rome.daysBetween(d('2026-11-25T10:00:00Z'), d('2026-11-26T01:00:00Z'))).toBe(1);
    expect(rome.daysBetween(d('2026-11-26T01:00:00Z'), d('2026-11-25T10:00:00Z'))).toBe(-1);
    expect(rome.daysBetween(d('2026-03-01T12:00:00Z'), d('2026-05-30T12:00:00Z'))).toBe(90);
  });

  it('takes its holidays from the policy, and refuses a bad zone or date', () => {
    const other = new BusinessCalendar({
      timeZone: 'Europe/Rome',
      easterMonday: false,
      holidays: [{ monthDay: '06-29', name: 'Santi Pietro e Paolo (Roma)' }],
    });
    expect(other.isWorkingDay(d('2026-06-29T10:00:00Z'))).toBe(false);
    expect(other.isWorkingDay(d('2026-04-06T10:00:00Z'))).toBe(true);
    expect(validateCalendar(ITALIAN_CALENDAR)).toEqual([]);
    expect(
      validateCalendar({
        timeZone: 'Mars/Olympus',
        easterMonday: true,
        holidays: [{ monthDay: '13-40', name: 'x' }],
      }),
    ).toEqual([
      'calendar.timeZone "Mars/Olympus" is not a time zone',
      'calendar.holidays "13-40" is not MM-DD',
    ]);
  });
});
