/**
 * Reads the State Council General Office's yearly holiday notice (国务院办公厅关于部分节假日安排的
 * 通知) as an admin pastes it — the notice's numbered paragraphs, or its table copied from a web
 * page or a spreadsheet — into the holidays (放假) and adjusted working days (调休上班) of a year.
 *
 * The notice's paragraphs read like
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 * and its table rows like
 *   春节	2月15日至23日	2月14日（周六）、2月28日（周六）	9天
 * Per holiday: the dates before 放假 (or, in a table, the first date column) are the holiday — a
 * range `M月D日至[M月]D日` or single days —, the dates of a clause ending in 上班 (or of the later
 * date columns) are working days; `共N天` / `N天`, when given, must equal the number of holiday
 * days. Dates carry the notice's year unless written with one (`2027年1月1日`).
 *
 * Pure; shared by the server (which applies it) and the web app (which previews it).
 */

export interface NoticeHoliday {
  name: string;
  nameEn: string;
  dates: string[];
}

export interface NoticeError {
  /** 1-based line of the pasted text. */
  line: number;
  code: 'unknown_holiday' | 'no_dates' | 'bad_date' | 'day_count_mismatch' | 'wrong_year' | 'duplicate_date';
  params?: Record<string, string | number>;
}

export interface ParsedNotice {
  year: number;
  holidays: NoticeHoliday[];
  workdays: string[];
  errors: NoticeError[];
}

/** The holidays a notice names, longest names first so 中秋节、国庆节 wins over 国庆节. */
const HOLIDAYS: readonly { names: readonly string[]; name: string; en: string }[] = [
  { names: ['中秋节、国庆节', '国庆节、中秋节', '中秋国庆'], name: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' },
  { names: ['元旦'], name: '元旦', en: "New Year's Day" },
  { names: ['春节'], name: '春节', en: 'Spring Festival' },
  { names: ['清明节', '清明'], name: '清明节', en: 'Qingming Festival' },
  { names: ['劳动节', '五一'], name: '劳动节', en: 'Labour Day' },
  { names: ['端午节', '端午'], name: '端午节', en: 'Dragon Boat Festival' },
  { names: ['中秋节', '中秋'], name: '中秋节', en: 'Mid-Autumn Festival' },
  { names: ['国庆节', '国庆'], name: '国庆节', en: 'National Day' },
];

/** `[YYYY年]M月D日` optionally followed by `至[[YYYY年]M月]D日`, with any parenthetical notes. */
const DATE_EXPR = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*[（(][^）)]*[）)])?(?:\s*(?:至|到|—|-|－|~|～)\s*(?:(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*[（(][^）)]*[）)])?)?/g;

const pad = (n: number) => String(n).padStart(2, '0');

function isoOf(y: number, m: number, d: number): string | null {
  const t = Date.UTC(y, m - 1, d);
  const dt = new Date(t);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Every date an expression names (a range expands), or null when a date does not exist. */
function datesOf(text: string, year: number): { dates: string[]; bad: boolean } {
  const dates: string[] = [];
  let bad = false;
  for (const m of text.matchAll(DATE_EXPR)) {
    const y1 = m[1] ? Number(m[1]) : year;
    const start = isoOf(y1, Number(m[2]), Number(m[3]));
    if (!start) {
      bad = true;
      continue;
    }
    if (m[6] === undefined) {
      dates.push(start);
      continue;
    }
    const y2 = m[4] ? Number(m[4]) : y1;
    const m2 = m[5] ? Number(m[5]) : Number(m[2]);
    let end = isoOf(y2, m2, Number(m[6]));
    // "12月31日至1月2日" without years crosses into the next year.
    if (end && end < start && !m[4]) end = isoOf(y2 + 1, m2, Number(m[6]));
    if (!end || end < start || Date.parse(end) - Date.parse(start) > 40 * 86_400_000) {
      bad = true;
      continue;
    }
    for (let d = start; d <= end; d = nextDay(d)) dates.push(d);
  }
  return { dates, bad };
}

function holidayOf(text: string): (typeof HOLIDAYS)[number] | null {
  let best: { h: (typeof HOLIDAYS)[number]; at: number; len: number } | null = null;
  for (const h of HOLIDAYS) {
    for (const n of h.names) {
      const at = text.indexOf(n);
      if (at >= 0 && (!best || at < best.at || (at === best.at && n.length > best.len))) best = { h, at, len: n.length };
    }
  }
  return best?.h ?? null;
}

/** Splits a line into table cells (tabs, `|`, or runs of 2+ spaces), or null for prose. */
function cellsOf(line: string): string[] | null {
  const cells = line
    .split(/\t|\||\s{2,}/)
    .map((c) => c.trim())
    .filter(Boolean);
  return cells.length >= 2 ? cells : null;
}

const HEADER = /^(节日|节假日|名称)/;

export function parseHolidayNotice(text: string, year: number): ParsedNotice {
  const holidays: NoticeHoliday[] = [];
  const workdays: string[] = [];
  const errors: NoticeError[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const lineNo = i + 1;
    if (!line || HEADER.test(line) || !/\d\s*月\s*\d/.test(line)) return;
    const h = holidayOf(line);
    if (!h) {
      errors.push({ line: lineNo, code: 'unknown_holiday' });
      return;
    }
    let holidayPart: string;
    let workPart: string;
    let countPart: string;
    const cells = cellsOf(line);
    if (cells && !/放假/.test(line)) {
      // Table row: name | holiday dates | working days | day count (any of the last two may be missing).
      const dated = cells.filter((c) => /\d\s*月\s*\d/.test(c));
      holidayPart = dated[0] ?? '';
      workPart = dated.slice(1).join('、');
      countPart = cells.find((c) => /^\s*共?\s*\d+\s*天\s*$/.test(c)) ?? '';
    } else {
      // Prose: the holiday is what comes before 放假; working days are the clauses ending in 上班.
      const body = line.replace(/^[一二三四五六七八九十\d]+\s*[、.．]\s*/, '');
      const cut = body.indexOf('放假');
      holidayPart = cut >= 0 ? body.slice(0, cut) : body.split(/[。；;]/)[0]!;
      const rest = cut >= 0 ? body.slice(cut) : body.slice(holidayPart.length);
      workPart = rest
        .split(/[。；;]/)
        .filter((s) => /上班/.test(s))
        .join('、');
      countPart = (rest.match(/共\s*\d+\s*天/) ?? [''])[0]!;
    }
    const hol = datesOf(holidayPart, year);
    const work = datesOf(workPart, year);
    if (hol.bad || work.bad) errors.push({ line: lineNo, code: 'bad_date' });
    if (!hol.dates.length) {
      errors.push({ line: lineNo, code: 'no_dates' });
      return;
    }
    const count = countPart.match(/(\d+)/);
    if (count && Number(count[1]) !== hol.dates.length) {
      errors.push({ line: lineNo, code: 'day_count_mismatch', params: { stated: Number(count[1]), found: hol.dates.length } });
    }
    for (const d of [...hol.dates, ...work.dates]) {
      // A holiday may spill into the neighbouring year (元旦 from 12-31, 春节 in late January of
      // the next year is not: it belongs to that year's notice); the notice's own year must hold
      // at least one of its days.
      if (seen.has(d)) errors.push({ line: lineNo, code: 'duplicate_date', params: { date: d } });
      seen.add(d);
    }
    if (![...hol.dates, ...work.dates].some((d) => d.startsWith(`${year}-`))) {
      errors.push({ line: lineNo, code: 'wrong_year', params: { year } });
    }
    const existing = holidays.find((x) => x.name === h.name);
    if (existing) existing.dates.push(...hol.dates);
    else holidays.push({ name: h.name, nameEn: h.en, dates: hol.dates });
    workdays.push(...work.dates);
  });
  return { year, holidays, workdays: [...new Set(workdays)].sort(), errors };
}
