import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  calendarDataSchema,
  createCalendar,
  dayOfWeek,
  isIsoDate,
  parseCalendarData,
  shanghaiDate,
  shanghaiDayEnd,
} from './workdays';

// A copy of /work/shared/data/cn-workday-calendar.json (2025 and 2026, State Council notices),
// inlined so the tests do not depend on files outside the repository.
const DATA = {
  years: {
    '2025': {
      holidays: [
        { name: '元旦', en: "New Year's Day", dates: [
          '2025-01-01',
        ] },
        { name: '春节', en: 'Spring Festival', dates: [
          '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01',
          '2025-02-02', '2025-02-03', '2025-02-04',
        ] },
        { name: '清明节', en: 'Qingming Festival', dates: [
          '2025-04-04', '2025-04-05', '2025-04-06',
        ] },
        { name: '劳动节', en: 'Labour Day', dates: [
          '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
        ] },
        { name: '端午节', en: 'Dragon Boat Festival', dates: [
          '2025-05-31', '2025-06-01', '2025-06-02',
        ] },
        { name: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival', dates: [
          '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05',
          '2025-10-06', '2025-10-07', '2025-10-08',
        ] },
      ],
      workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
    '2026': {
      holidays: [
        { name: '元旦', en: "New Year's Day", dates: [
          '2026-01-01', '2026-01-02', '2026-01-03',
        ] },
        { name: '春节', en: 'Spring Festival', dates: [
          '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
          '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
        ] },
        { name: '清明节', en: 'Qingming Festival', dates: [
          '2026-04-04', '2026-04-05', '2026-04-06',
        ] },
        { name: '劳动节', en: 'Labour Day', dates: [
          '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
        ] },
        { name: '端午节', en: 'Dragon Boat Festival', dates: [
          '2026-06-19', '2026-06-20', '2026-06-21',
        ] },
        { name: '中秋节', en: 'Mid-Autumn Festival', dates: [
          '2026-09-25', '2026-09-26', '2026-09-27',
        ] },
        { name: '国庆节', en: 'National Day', dates: [
          '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05',
          '2026-10-06', '2026-10-07',
        ] },
      ],
      workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  },
};

const cal = createCalendar(parseCalendarData(DATA));

/** Independent reference: day-by-day from the raw lists. */
function naiveIsWorkday(date: string): boolean {
  const y = DATA.years[date.slice(0, 4) as keyof typeof DATA.years] ?? { holidays: [], workdays: [] };
  if (y.workdays.includes(date)) return true;
  if (y.holidays.some((h) => h.dates.includes(date))) return false;
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w !== 0 && w !== 6;
}

const DAY = 86_400_000;
/** Dates from 2024-06-01 to 2027-06-30, which covers both listed years and their edges. */
const dateArb = fc
  .integer({ min: Date.UTC(2024, 5, 1) / DAY, max: Date.UTC(2027, 5, 30) / DAY })
  .map((n) => new Date(n * DAY).toISOString().slice(0, 10));

describe('date helpers', () => {
  it('isIsoDate accepts only real dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('0050-01-01')).toBe(false);
    expect(isIsoDate(20260101)).toBe(false);
  });

  it('addDays and dayOfWeek', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayOfWeek('2026-02-17')).toBe(2); // Tuesday, 春节 day 3
    expect(dayOfWeek('1969-12-28')).toBe(0); // before the epoch too
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('shanghaiDate', () => {
  it('gives the UTC+8 calendar date of an instant', () => {
    expect(shanghaiDate('2026-02-13T15:59:59.999Z')).toBe('2026-02-13');
    expect(shanghaiDate('2026-02-13T16:00:00Z')).toBe('2026-02-14');
    expect(shanghaiDate('2026-02-14T00:30:00+08:00')).toBe('2026-02-14');
    expect(shanghaiDate('2026-02-13T23:30:00-05:00')).toBe('2026-02-14');
    expect(shanghaiDate('2025-12-31T16:00:00.000Z')).toBe('2026-01-01');
    expect(shanghaiDate('2026-06-30 23:59:59.9999999+0800')).toBe('2026-06-30');
    expect(shanghaiDate(new Date(Date.UTC(2026, 9, 1, 15, 59)))).toBe('2026-10-01');
  });

  it('rejects strings without an offset or with impossible fields', () => {
    expect(() => shanghaiDate('2026-02-13T10:00:00')).toThrow(RangeError);
    expect(() => shanghaiDate('2026-02-13')).toThrow(RangeError);
    expect(() => shanghaiDate('2026-02-30T10:00:00Z')).toThrow(RangeError);
    expect(() => shanghaiDate('2026-02-13T24:00:00Z')).toThrow(RangeError);
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('agrees with Date for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(shanghaiDate(iso)).toBe(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('shanghaiDayEnd is midnight at the close of the local day', () => {
    expect(shanghaiDayEnd('2026-02-24')).toBe('2026-02-24T16:00:00.000Z');
    expect(shanghaiDate(new Date(Date.parse(shanghaiDayEnd('2026-02-24')) - 1))).toBe('2026-02-24');
    expect(shanghaiDate(shanghaiDayEnd('2026-02-24'))).toBe('2026-02-25');
  });
});

describe('parseCalendarData', () => {
  it('accepts the published data and keeps about/sources', () => {
    const parsed = parseCalendarData({ about: 'x', sources: { '2026': 'notice' }, ...DATA });
    expect(parsed.about).toBe('x');
    expect(Object.keys(parsed.years)).toEqual(['2025', '2026']);
  });

  const year = (holidays: { name: string; en: string; dates: string[] }[], workdays: string[]) => ({
    years: { '2026': { holidays, workdays } },
  });
  const h = (dates: string[]) => ({ name: '测试', en: 'Test', dates });

  it.each([
    ['a missing key', { years: { '2026': { holidays: [] } } }],
    ['an invalid date', year([h(['2026-02-30'])], [])],
    ['a bad year key', { years: { '26': { holidays: [], workdays: [] } } }],
    ['an empty holiday', year([h([])], [])],
    ['a date both holiday and workday', year([h(['2026-02-14'])], ['2026-02-14'])],
    ['a date listed twice', year([h(['2026-10-01']), h(['2026-10-01'])], [])],
    ['an adjusted working day on a weekday', year([], ['2026-02-13'])],
    ['a date far from its year', year([h(['2062-10-01'])], [])],
  ])('rejects %s', (_what, json) => {
    expect(calendarDataSchema.safeParse(json).success).toBe(false);
    expect(() => parseCalendarData(json)).toThrow();
  });

  it('allows a holiday straddling New Year under the following year', () => {
    expect(calendarDataSchema.safeParse(year([h(['2025-12-31', '2026-01-01'])], [])).success).toBe(true);
  });
});

describe('calendar: classification', () => {
  it('knows years and coverage', () => {
    expect(cal.knownYears()).toEqual([2025, 2026]);
    expect(cal.isCovered('2026-12-31')).toBe(true);
    expect(cal.isCovered('2027-01-01')).toBe(false);
  });

  it('2026 Spring Festival: Sat 02-14 and Sat 02-28 are working days, 02-15…02-23 off', () => {
    expect(cal.dayKind('2026-02-13')).toBe('workday');
    expect(cal.dayKind('2026-02-14')).toBe('adjustedWorkday');
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) {
      expect(cal.isWorkday(d)).toBe(false);
      expect(cal.dayKind(d)).toBe('holiday');
      expect(cal.holidayName(d)).toBe('春节');
      expect(cal.holidayName(d, 'en')).toBe('Spring Festival');
    }
    expect(cal.isWorkday('2026-02-24')).toBe(true);
    expect(cal.isWorkday('2026-02-28')).toBe(true);
    expect(cal.isWorkday('2026-03-01')).toBe(false);
    expect(cal.dayKind('2026-03-01')).toBe('weekend');
    expect(cal.holidayName('2026-02-24')).toBeUndefined();
  });

  it('2026 Mid-Autumn and National Day: Sun 09-20 and Sat 10-10 worked', () => {
    expect(cal.isWorkday('2026-09-20')).toBe(true);
    expect(cal.holidayName('2026-09-25')).toBe('中秋节');
    expect(cal.isWorkday('2026-09-28')).toBe(true);
    expect(cal.isWorkday('2026-09-30')).toBe(true);
    expect(cal.holidayName('2026-10-07')).toBe('国庆节');
    expect(cal.isWorkday('2026-10-07')).toBe(false);
    expect(cal.isWorkday('2026-10-08')).toBe(true);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isWorkday('2026-10-11')).toBe(false);
  });

  it('years without data follow the ordinary week', () => {
    expect(cal.isWorkday('2027-01-01')).toBe(true); // a Friday; 2027's notice is not in the data
    expect(cal.isWorkday('2027-01-02')).toBe(false);
    expect(cal.holidayName('2027-01-01')).toBeUndefined();
  });

  it('matches a naive reading of the lists on every day', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(cal.isWorkday(d)).toBe(naiveIsWorkday(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects malformed dates', () => {
    expect(() => cal.isWorkday('2026/02/14')).toThrow(RangeError);
    expect(() => cal.addWorkdays('2026-02-14', -1)).toThrow(RangeError);
    expect(() => cal.addWorkdays('2026-02-14', 1.5)).toThrow(RangeError);
  });
});

describe('calendar: deadlines (expected results worked out by hand)', () => {
  it.each([
    // Ordinary March 2026 week: Wed 03-04, Fri 03-06, Sat 03-07.
    ['2026-03-06', 0, '2026-03-06'],
    ['2026-03-06', 1, '2026-03-09'],
    ['2026-03-07', 0, '2026-03-09'], // Saturday submission counts as received Monday
    ['2026-03-07', 1, '2026-03-10'],
    ['2026-03-04', 5, '2026-03-11'],
    // Spring Festival 2026.
    ['2026-02-13', 1, '2026-02-14'], // Fri → adjusted Sat
    ['2026-02-13', 2, '2026-02-24'], // then the 9-day break
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-18', 0, '2026-02-24'], // submitted during the holiday
    ['2026-02-18', 1, '2026-02-25'],
    ['2026-02-24', 4, '2026-02-28'], // Wed, Thu, Fri, adjusted Sat
    ['2026-02-24', 5, '2026-03-02'],
    ['2026-02-12', 8, '2026-03-02'], // 02-13, 14, 24, 25, 26, 27, 28, 03-02
    // Mid-Autumn + National Day 2026.
    ['2026-09-24', 1, '2026-09-28'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-30', 4, '2026-10-12'],
    ['2026-09-18', 1, '2026-09-20'], // Fri → adjusted Sun
    // Year boundary: 2026-01-01…03 off, Sun 01-04 worked.
    ['2025-12-31', 1, '2026-01-04'],
    ['2025-12-31', 2, '2026-01-05'],
    ['2025-12-26', 4, '2026-01-04'], // Fri → 12-29, 30, 31, then adjusted Sun 01-04
    ['2025-12-26', 5, '2026-01-05'],
    // 2025 Spring Festival straddling the adjusted Sunday 01-26.
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-01-27', 1, '2025-02-05'],
  ])('addWorkdays(%s, %i) = %s', (d, n, expected) => {
    expect(cal.addWorkdays(d, n)).toBe(expected);
  });

  it.each([
    ['2026-02-13', '2026-02-27', 5], // 02-14, 24, 25, 26, 27
    ['2026-02-13', '2026-02-28', 6],
    ['2026-02-14', '2026-02-23', 0],
    ['2026-02-12', '2026-03-02', 8],
    ['2026-09-30', '2026-10-12', 4], // 10-08, 09, 10, 12
    ['2026-09-19', '2026-09-30', 8], // 09-20, 21, 22, 23, 24, 28, 29, 30
    ['2025-12-26', '2026-01-05', 5], // 12-29, 30, 31, 01-04, 01-05
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-09', '2026-03-02', -5],
    ['2026-01-01', '2026-12-31', 248], // 365 − 104 weekend days − 19 weekday holidays + 6 adjusted
    ['2025-12-31', '2026-12-31', 248], // 01-01 is a holiday, so including it changes nothing
    ['2025-12-30', '2026-12-31', 249], // + Wed 2025-12-31
  ])('workdaysBetween(%s, %s) = %i', (a, b, expected) => {
    expect(cal.workdaysBetween(a, b)).toBe(expected);
  });

  it('nextWorkday is strictly after', () => {
    expect(cal.nextWorkday('2026-02-13')).toBe('2026-02-14');
    expect(cal.nextWorkday('2026-02-14')).toBe('2026-02-24');
    expect(cal.nextWorkday('2026-02-24')).toBe('2026-02-25');
    expect(cal.nextWorkday('2026-12-31')).toBe('2027-01-01');
  });

  it('deadline() dates a submission in Shanghai time', () => {
    // 21:00 UTC on Fri 02-13 is 05:00 Sat 02-14 in Shanghai (an adjusted working day).
    expect(cal.deadline('2026-02-13T21:00:00Z', 1)).toEqual({
      submittedOn: '2026-02-14',
      dueDate: '2026-02-24',
      endsAt: '2026-02-24T16:00:00.000Z',
    });
    expect(cal.deadline('2026-02-13T15:00:00Z', 1).dueDate).toBe('2026-02-14');
  });
});

describe('calendar: properties', () => {
  it('addWorkdays lands on a working day, never before the start', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(400), (d, n) => {
        const r = cal.addWorkdays(d, n);
        expect(cal.isWorkday(r)).toBe(true);
        expect(r >= d).toBe(true);
      }),
    );
  });

  it('workdaysBetween(d, addWorkdays(d, n)) = n for a working day d (n + 1 from a day off)', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(400), (d, n) => {
        const expected = cal.isWorkday(d) ? n : n + 1;
        expect(cal.workdaysBetween(d, cal.addWorkdays(d, n))).toBe(expected);
      }),
    );
  });

  it('workdaysBetween agrees with day-by-day counting and is antisymmetric', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(500), (a, span) => {
        const b = addDays(a, span);
        let count = 0;
        for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (naiveIsWorkday(d)) count += 1;
        expect(cal.workdaysBetween(a, b)).toBe(count);
        expect(cal.workdaysBetween(b, a)).toBe(0 - count);
      }),
    );
  });

  it('addWorkdays(d, n + 1) = nextWorkday(addWorkdays(d, n))', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(100), (d, n) => {
        expect(cal.addWorkdays(d, n + 1)).toBe(cal.nextWorkday(cal.addWorkdays(d, n)));
      }),
    );
  });
});
