/**
 * Working-day calendar for mainland China, used for every "within N working days" deadline.
 *
 * Model: a day is a working day if it is listed as an adjusted working day (调休上班, usually a
 * weekend), otherwise not if it is listed as a public holiday (放假), otherwise iff it is Monday–
 * Friday. The data (see `/work/shared/data/cn-workday-calendar.json`) lists per year the
 * State Council's holidays and adjusted working days; dates of years with no data simply follow
 * the ordinary week, and {@link WorkdayCalendar.isCovered} tells callers when that is happening.
 *
 * Dates are plain `YYYY-MM-DD` strings (calendar dates, no time zone). Instants are turned into
 * dates in Asia/Shanghai (UTC+8 all year; China has had no DST since 1991), because deadlines
 * run on the local calendar of the authorities and enterprises, whatever the server's zone.
 *
 * Deadline convention ({@link WorkdayCalendar.addWorkdays}): "N working days from a submission
 * on day d" ends at the end of the N-th working day after d. The submission day itself is not
 * counted (as in 民法典 art. 201, the period starts the next day). A submission on a non-working
 * day is treated as received on the next working day, so the count starts after that day.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of a valid `YYYY-MM-DD`, or undefined. */
function parseDay(date: string): number | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  // Round-trip rejects 2026-02-30, month 13, and years < 100 (which Date.UTC shifts to 19xx).
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return t / DAY_MS;
}

function toDay(date: string): number {
  const n = parseDay(date);
  if (n === undefined) throw new RangeError(`expected a calendar date YYYY-MM-DD, got "${date}"`);
  return n;
}

function fromDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWeekend(n: number): boolean {
  const w = weekdayOf(n);
  return w === 0 || w === 6;
}

/**
 * Number of Monday–Friday days among day numbers ≤ n, up to a constant: differences give exact
 * counts over any interval, in O(1). k counts days from Monday 1969-12-29.
 */
function cumulativeWeekdays(n: number): number {
  const k = n + 3 + 1;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parseDay(value) !== undefined;
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return fromDay(toDay(date) + n);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (as `Date#getDay`). */
export function dayOfWeek(date: string): number {
  return weekdayOf(toDay(date));
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|([+-])(\d{2}):?(\d{2}))$/;

/**
 * The Asia/Shanghai calendar date of an instant. Accepts a `Date` or an ISO 8601 date-time that
 * carries its offset (`Z` or `±HH:MM`); a string without one is rejected rather than read in the
 * host's zone, since that would make the result depend on where the code runs.
 */
export function shanghaiDate(instant: string | Date): string {
  let ms: number;
  if (instant instanceof Date) {
    ms = instant.getTime();
    if (Number.isNaN(ms)) throw new RangeError('shanghaiDate: invalid Date');
  } else {
    const m = INSTANT_RE.exec(instant.trim());
    const day = m ? parseDay(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
    if (!m || day === undefined) {
      throw new RangeError(`shanghaiDate: expected an ISO date-time with offset, got "${instant}"`);
    }
    const h = Number(m[4]);
    const min = Number(m[5]);
    const s = m[6] === undefined ? 0 : Number(m[6]);
    const frac = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
    const offH = m[10] === undefined ? 0 : Number(m[10]);
    const offM = m[11] === undefined ? 0 : Number(m[11]);
    if (h > 23 || min > 59 || s > 59 || offH > 23 || offM > 59) {
      throw new RangeError(`shanghaiDate: out-of-range time in "${instant}"`);
    }
    const offset = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
    ms = day * DAY_MS + ((h * 60 + min) * 60 + s) * 1000 + frac - offset;
  }
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant a Shanghai calendar day ends (exclusive): midnight at its close, as a UTC ISO
 * string, e.g. "2026-02-24" → "2026-02-24T16:00:00.000Z". Compare `now < endsAt` for "on time".
 */
export function shanghaiDayEnd(date: string): string {
  return new Date((toDay(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS).toISOString();
}

const isoDateSchema = z.string().refine((s) => parseDay(s) !== undefined, {
  message: 'expected a calendar date YYYY-MM-DD',
});

const holidaySchema = z.object({
  name: z.string().min(1),
  en: z.string().min(1),
  dates: z.array(isoDateSchema).min(1),
});

const yearSchema = z.object({
  holidays: z.array(holidaySchema),
  workdays: z.array(isoDateSchema),
});

/**
 * Schema of the calendar data. Beyond the shape it rejects inconsistent data an admin might
 * enter: a date listed twice, a date both holiday and working day, an "adjusted working day" on
 * a Monday–Friday (meaningless, so almost surely a typo), and dates more than a year away from
 * the year they are filed under (a holiday may straddle New Year, so ±1 year is allowed).
 */
export const calendarDataSchema = z
  .object({
    about: z.string().optional(),
    sources: z.record(z.string(), z.string()).optional(),
    years: z.record(z.string().regex(/^\d{4}$/, 'year keys are YYYY'), yearSchema),
  })
  .superRefine((data, ctx) => {
    const seen = new Map<string, string>();
    for (const [year, y] of Object.entries(data.years)) {
      const check = (date: string, where: (string | number)[], what: string): void => {
        const prior = seen.get(date);
        if (prior !== undefined) {
          ctx.addIssue({ code: 'custom', path: where, message: `${date} is listed twice (${prior}, ${what})` });
        }
        seen.set(date, what);
        if (Math.abs(Number(date.slice(0, 4)) - Number(year)) > 1) {
          ctx.addIssue({ code: 'custom', path: where, message: `${date} is filed under ${year}` });
        }
      };
      y.holidays.forEach((h, i) =>
        h.dates.forEach((d, j) => check(d, ['years', year, 'holidays', i, 'dates', j], `holiday ${h.name}`)),
      );
      y.workdays.forEach((d, j) => {
        const where = ['years', year, 'workdays', j];
        check(d, where, 'adjusted working day');
        if (!isWeekend(toDay(d))) {
          ctx.addIssue({ code: 'custom', path: where, message: `adjusted working day ${d} is not a weekend day` });
        }
      });
    }
  });

/** Validated calendar data: `years[YYYY] = { holidays: [{ name, en, dates }], workdays }`. */
export type CalendarData = z.infer<typeof calendarDataSchema>;

/** Validates parsed JSON as calendar data; throws the `ZodError` (format with `z.prettifyError`). */
export function parseCalendarData(json: unknown): CalendarData {
  return calendarDataSchema.parse(json);
}

/** How a date counts, for calendar UIs. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjustedWorkday';

/** Result of {@link WorkdayCalendar.deadline}. */
export interface Deadline {
  /** Shanghai date of the submission instant. */
  submittedOn: string;
  /** Last working day of the period. */
  dueDate: string;
  /** Instant the period ends (exclusive): end of `dueDate` in Shanghai, UTC ISO. */
  endsAt: string;
}

/** Queries over one calendar; see {@link createCalendar}. All dates are `YYYY-MM-DD`. */
export interface WorkdayCalendar {
  isWorkday(date: string): boolean;
  dayKind(date: string): DayKind;
  /**
   * End date of "n working days from d" (n ≥ 0), per the module's convention: with d' = d if d
   * is a working day else the next working day, the n-th working day after d' (d' itself for
   * n = 0). So `addWorkdays(Fri, 1)` is Monday, `addWorkdays(Sat, 0)` Monday, `addWorkdays(Sat, 1)`
   * Tuesday (in an ordinary week).
   */
  addWorkdays(date: string, n: number): string;
  /**
   * Working days in the half-open interval (a, b]; negative (−count of (b, a]) when b < a.
   * For a working day d, `workdaysBetween(d, addWorkdays(d, n)) === n`. O(log k) for k listed dates.
   */
  workdaysBetween(a: string, b: string): number;
  /** The first working day strictly after `date`. */
  nextWorkday(date: string): string;
  /** Name of the public holiday on `date` (Chinese by default), or undefined. */
  holidayName(date: string, lang?: 'zh' | 'en'): string | undefined;
  /** Years the data covers, ascending. */
  knownYears(): number[];
  /** Whether `date`'s year has data; outside, only the ordinary week applies. */
  isCovered(date: string): boolean;
  /** Deadline for a submission at an instant: {@link addWorkdays} on its Shanghai date. */
  deadline(submittedAt: string | Date, n: number): Deadline;
}

/**
 * Builds the calendar. Data is expected validated ({@link parseCalendarData}); it is indexed
 * once, so queries are cheap enough for bulk jobs over many enterprises.
 */
export function createCalendar(data: CalendarData): WorkdayCalendar {
  const holidays = new Map<number, { name: string; en: string }>();
  const adjusted = new Set<number>();
  for (const year of Object.values(data.years)) {
    for (const h of year.holidays) for (const d of h.dates) holidays.set(toDay(d), { name: h.name, en: h.en });
    for (const d of year.workdays) adjusted.add(toDay(d));
  }
  const years = Object.keys(data.years)
    .map(Number)
    .sort((a, b) => a - b);
  const yearSet = new Set(years);

  const isWorkdayN = (n: number): boolean => (adjusted.has(n) ? true : holidays.has(n) ? false : !isWeekend(n));

  // Days whose status differs from the ordinary week, with +1 (extra working day) or −1
  // (weekday off), and prefix sums: workdays in (a, b] = weekdays in (a, b] + Σ deltas in (a, b].
  const exceptionDays = [...new Set([...holidays.keys(), ...adjusted])]
    .filter((n) => isWorkdayN(n) === isWeekend(n))
    .sort((a, b) => a - b);
  const prefix = [0];
  for (const n of exceptionDays) prefix.push(prefix[prefix.length - 1] + (isWorkdayN(n) ? 1 : -1));
  const deltaUpTo = (n: number): number => {
    let lo = 0;
    let hi = exceptionDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (exceptionDays[mid] <= n) lo = mid + 1;
      else hi = mid;
    }
    return prefix[lo];
  };
  const countUpTo = (n: number): number => cumulativeWeekdays(n) + deltaUpTo(n);

  const nextWorkdayN = (n: number): number => {
    let x = n + 1;
    while (!isWorkdayN(x)) x += 1;
    return x;
  };

  const addWorkdaysN = (d: number, n: number): number => {
    let x = isWorkdayN(d) ? d : nextWorkdayN(d);
    for (let i = 0; i < n; i += 1) x = nextWorkdayN(x);
    return x;
  };

  const checkCount = (n: number): void => {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`working-day count must be a non-negative integer, got ${n}`);
    }
  };

  return {
    isWorkday: (date) => isWorkdayN(toDay(date)),
    dayKind(date) {
      const n = toDay(date);
      if (adjusted.has(n)) return 'adjustedWorkday';
      if (holidays.has(n)) return 'holiday';
      return isWeekend(n) ? 'weekend' : 'workday';
    },
    addWorkdays(date, n) {
      checkCount(n);
      return fromDay(addWorkdaysN(toDay(date), n));
    },
    workdaysBetween: (a, b) => countUpTo(toDay(b)) - countUpTo(toDay(a)),
    nextWorkday: (date) => fromDay(nextWorkdayN(toDay(date))),
    holidayName(date, lang = 'zh') {
      const h = holidays.get(toDay(date));
      return h === undefined ? undefined : lang === 'en' ? h.en : h.name;
    },
    knownYears: () => years.slice(),
    isCovered: (date) => yearSet.has(Number(fromDay(toDay(date)).slice(0, 4))),
    deadline(submittedAt, n) {
      checkCount(n);
      const submittedOn = shanghaiDate(submittedAt);
      const dueDate = fromDay(addWorkdaysN(toDay(submittedOn), n));
      return { submittedOn, dueDate, endsAt: shanghaiDayEnd(dueDate) };
    },
  };
}
