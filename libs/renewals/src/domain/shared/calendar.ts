/**
 * Day arithmetic as the provider's customers live it: in the provider's time zone (Europe/Rome), with
 * Italy's national holidays. "Day N after expiry", a reminder "7 days before", "the next working day" and
 * "the end of the day" are all counted on the calendar of that zone, so that a daylight-saving change or a
 * holiday moves them as a person would expect. Holidays come from the policy file; Easter Monday is computed.
 */
const DAY_MS = 86_400_000;

/** A holiday on the same day every year (`MM-DD`), from a year on and until a year, both optional. */
export interface HolidayRule {
  monthDay: string;
  name: string;
  fromYear?: number;
  untilYear?: number;
}

export interface CalendarPolicy {
  timeZone: string;
  holidays: HolidayRule[];
  /** Easter Monday (Lunedì dell'Angelo) is a national holiday in Italy. */
  easterMonday: boolean;
}

/** The Italian national holidays (L. 260/1949 and later laws; 4 October again from 2026, L. 151/2025). */
export const ITALIAN_CALENDAR: CalendarPolicy = {
  timeZone: 'Europe/Rome',
  easterMonday: true,
  holidays: [
    { monthDay: '01-01', name: 'Capodanno' },
    { monthDay: '01-06', name: 'Epifania' },
    { monthDay: '04-25', name: 'Festa della Liberazione' },
    { monthDay: '05-01', name: 'Festa del Lavoro' },
    { monthDay: '06-02', name: 'Festa della Repubblica' },
    { monthDay: '08-15', name: 'Ferragosto' },
    { monthDay: '10-04', name: "San Francesco d'Assisi", fromYear: 2026 },
    { monthDay: '11-01', name: 'Ognissanti' },
    { monthDay: '12-08', name: 'Immacolata Concezione' },
    { monthDay: '12-25', name: 'Natale' },
    { monthDay: '12-26', name: 'Santo Stefano' },
  ],
};

interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Problems with a calendar policy, by field; the service refuses to start on one. */
export function validateCalendar(policy: CalendarPolicy): string[] {
  const problems: string[] = [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: policy.timeZone });
  } catch {
    problems.push(`calendar.timeZone "${policy.timeZone}" is not a time zone`);
  }
  for (const rule of policy.holidays ?? []) {
    const match = /^(\d{2})-(\d{2})$/.exec(rule.monthDay ?? '');
    const [month, day] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (!match || month < 1 || month > 12 || day < 1 || day > 31)
      problems.push(`calendar.holidays "${rule.monthDay}" is not MM-DD`);
  }
  return problems;
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const QUARTERS_PER_DAY = DAY_MS / QUARTER_HOUR_MS;
/** UTC days whose offsets are kept: 270 years of them. */
const MAX_CACHED_DAYS = 100_000;

/** A UTC day's offsets: the zone's at its start, and the instant it changes within it (or never) and to what. */
interface DayOffsets {
  start: number;
  changesAt: number;
  after: number;
}

export class BusinessCalendar {
  private readonly parts: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayOffsets>();
  private readonly fixed: Map<string, HolidayRule[]>;

  constructor(readonly policy: CalendarPolicy) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: policy.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.fixed = new Map();
    for (const rule of policy.holidays)
      this.fixed.set(rule.monthDay, [...(this.fixed.get(rule.monthDay) ?? []), rule]);
  }

  /** The same wall-clock time `days` calendar days later (or earlier), in the calendar's zone. */
  addDays(at: Date, days: number): Date {
    const local = this.local(at);
    return this.instant({ ...local, day: local.day + days });
  }

  /** Same local month, day and time `years` later; 29 February becomes 28 February in a common year. */
  addYears(at: Date, years: number): Date {
    const local = this.local(at);
    const lastDay = new Date(Date.UTC(local.year + years, local.month, 0)).getUTCDate();
    return this.instant({ ...local, year: local.year + years, day: Math.min(local.day, lastDay) });
  }

  /** `at`'s date in the calendar's zone, as YYYY-MM-DD. */
  dateOf(at: Date): string {
    const { year, month, day } = this.local(at);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  /** Midnight at the start of `at`'s day, in the calendar's zone. */
  startOfDay(at: Date): Date {
    const { year, month, day } = this.local(at);
    return this.instant({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 });
  }

  /** The last millisecond of `at`'s day, in the calendar's zone. */
  endOfDay(at: Date): Date {
    return new Date(this.startOfDay(this.addDays(this.startOfDay(at), 1)).getTime() - 1);
  }

  /** Whole days from `from`'s date to `to`'s date, in the calendar's zone (negative when `to` is earlier). */
  daysBetween(from: Date, to: Date): number {
    return Math.round((this.dateNumber(to) - this.dateNumber(from)) / DAY_MS);
  }

  /** The holiday on `at`'s day, or null. */
  holiday(at: Date): string | null {
    const { year, month, day } = this.local(at);
    const monthDay = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const rule = (this.fixed.get(monthDay) ?? []).find(
      (r) => (r.fromYear ?? -Infinity) <= year && year <= (r.untilYear ?? Infinity),
    );
    if (rule) return rule.name;
    if (this.policy.easterMonday) {
      const easter = easterSunday(year);
      const monday = new Date(easter.getTime() + DAY_MS);
      if (monday.getUTCMonth() + 1 === month && monday.getUTCDate() === day) return "Lunedì dell'Angelo";
    }
    return null;
  }

  isWorkingDay(at: Date): boolean {
    const { year, month, day } = this.local(at);
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return weekday !== 0 && weekday !== 6 && this.holiday(at) === null;
  }

  /**
   * The end of the `n`-th working day after `at`'s day (n = 0: the end of `at`'s day if it is a working
   * day, else of the next working day).
   */
  endOfWorkingDaysAfter(at: Date, n: number): Date {
    let day = this.noonOf(at);
    while (!this.isWorkingDay(day)) day = this.addDays(day, 1);
    for (let remaining = n; remaining > 0;) {
      day = this.addDays(day, 1);
      if (this.isWorkingDay(day)) remaining -= 1;
    }
    return this.endOfDay(day);
  }

  /** Working days from `from`'s day (exclusive) to `to`'s day (inclusive). */
  workingDaysBetween(from: Date, to: Date): number {
    let count = 0;
    const last = this.dateNumber(to);
    for (
      let day = this.addDays(this.noonOf(from), 1);
      this.dateNumber(day) <= last;
      day = this.addDays(day, 1)
    )
      if (this.isWorkingDay(day)) count++;
    return count;
  }

  /** Noon of `at`'s day: a time every day has, whatever a daylight-saving change does to its night. */
  private noonOf(at: Date): Date {
    const { year, month, day } = this.local(at);
    return this.instant({ year, month, day, hour: 12, minute: 0, second: 0, millisecond: 0 });
  }

  /** `at`'s local date as a number of UTC milliseconds (for day differences). */
  private dateNumber(at: Date): number {
    const { year, month, day } = this.local(at);
    return Date.UTC(year, month - 1, day);
  }

  /** `at` on the zone's wall clock: its offset there (cached), then plain UTC arithmetic. */
  private local(at: Date): LocalTime {
    const shifted = new Date(at.getTime() + this.offset(at.getTime()));
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      millisecond: shifted.getUTCMilliseconds(),
    };
  }

  /** The instant of a local time (out-of-range fields roll over, as Date.UTC does). */
  private instant(local: LocalTime): Date {
    const asUtc = Date.UTC(
      local.year,
      local.month - 1,
      local.day,
      local.hour,
      local.minute,
      local.second,
      local.millisecond,
    );
    // The instants that read as this local time are those whose offset is the one assumed. Next to a
    // change, the offsets of a day before and a day after: a local time that exists twice is the first;
    // one that does not exist (skipped by a change forward) comes out later by the change, read with the
    // offset before it. (Settling from a single guess got either answer, by the sign of the zone's offset:
    // where a change skips midnight, the start of that day came out on the day before.)
    const before = this.offset(asUtc - DAY_MS);
    const after = this.offset(asUtc + DAY_MS);
    const early = asUtc - before;
    if (before === after) return new Date(early);
    const late = asUtc - after;
    const earlyHolds = this.offset(early) === before;
    const lateHolds = this.offset(late) === after;
    if (earlyHolds && lateHolds) return new Date(Math.min(early, late));
    return new Date(lateHolds ? late : early);
  }

  /**
   * The zone's offset from UTC at an instant, in milliseconds. The lookup (Intl, the time-zone database) is
   * most of what date arithmetic costs, so it is made per UTC day, not per instant: the offsets at the day's
   * start and at the next day's; when they differ, the change is searched for among the day's quarter hours
   * (zones change their offset on quarter hours, UTC). Exact for a zone that changes its offset at most once
   * in a UTC day, as Italy's and every European change since 1970 do (the specs check zones of other
   * continents too). Per quarter hour before: a rebuild walks a log spanning years and missed that cache on
   * most events (4% of a rebuild).
   */
  private offset(instant: number): number {
    const day = Math.floor(instant / DAY_MS);
    let offsets = this.days.get(day);
    if (offsets === undefined) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      offsets = this.dayOffsets(day);
      this.days.set(day, offsets);
    }
    return instant < offsets.changesAt ? offsets.start : offsets.after;
  }

  private dayOffsets(day: number): DayOffsets {
    const from = day * DAY_MS;
    // A day's start is its neighbour's end: each midnight's offset is looked up once while both are kept.
    const start = this.days.get(day - 1)?.after ?? this.zoneOffset(from);
    const after = this.days.get(day + 1)?.start ?? this.zoneOffset(from + DAY_MS);
    if (start === after) return { start, changesAt: Infinity, after };
    // The first quarter hour with the next day's offset: after `before`, at or before `changed`.
    let before = 0;
    let changed = QUARTERS_PER_DAY;
    while (changed - before > 1) {
      const middle = (before + changed) >> 1;
      if (this.zoneOffset(from + middle * QUARTER_HOUR_MS) === start) before = middle;
      else changed = middle;
    }
    return { start, changesAt: from + changed * QUARTER_HOUR_MS, after };
  }

  private zoneOffset(instant: number): number {
    const values: Record<string, number> = {};
    for (const part of this.parts.formatToParts(new Date(instant)))
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    return (
      Date.UTC(values.year, values.month - 1, values.day, values.hour, values.minute, values.second) - instant
    );
  }
}

function easterSunday(year: number): Date {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const calendars = new WeakMap<CalendarPolicy, BusinessCalendar>();

/** The calendar of a policy, made once per policy object. */
export function calendarOf(policy: { calendar: CalendarPolicy }): BusinessCalendar {
  let calendar = calendars.get(policy.calendar);
  if (!calendar) calendars.set(policy.calendar, (calendar = new BusinessCalendar(policy.calendar)));
  return calendar;
}

/** A plain duration (`days` × 24 hours): for timeouts and windows, not for dates a person reads. */
export function addDuration(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
