/**
 * Calendar arithmetic in UTC. Working days are Monday to Friday except Italian national holidays
 * (fixed dates and Easter Monday); the payment registration times in RENEWAL.md count working days.
 */
const DAY_MS = 86_400_000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Same month, day and time `years` later; 29 February becomes 28 February in a common year. */
export function addYears(at: Date, years: number): Date {
  const result = new Date(at.getTime());
  const month = at.getUTCMonth();
  result.setUTCFullYear(at.getUTCFullYear() + years);
  if (result.getUTCMonth() !== month) result.setUTCDate(0);
  return result;
}

export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Whole days from `from` to `to`, counted between their UTC calendar dates (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date): number {
  return Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY_MS);
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

const FIXED_HOLIDAYS = [
  '01-01',
  '01-06',
  '04-25',
  '05-01',
  '06-02',
  '08-15',
  '11-01',
  '12-08',
  '12-25',
  '12-26',
];

export function isItalianHoliday(day: Date): boolean {
  const mmdd = day.toISOString().slice(5, 10);
  if (FIXED_HOLIDAYS.includes(mmdd)) return true;
  const easterMonday = addDays(easterSunday(day.getUTCFullYear()), 1);
  return startOfUtcDay(day).getTime() === easterMonday.getTime();
}

export function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isItalianHoliday(day);
}

/**
 * The end of the `n`-th working day after `at`'s day (n = 0: the end of `at`'s day if it is a working
 * day, else of the next working day).
 */
export function endOfWorkingDaysAfter(at: Date, n: number): Date {
  let day = startOfUtcDay(at);
  let remaining = n;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  while (remaining > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) remaining -= 1;
  }
  return new Date(addDays(day, 1).getTime() - 1);
}
