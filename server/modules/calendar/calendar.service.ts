/**
 * The working-day calendar in the database. Every deadline of the platform counts working days
 * (Asia/Shanghai) with `domain/workdays.ts`; this service feeds it the rows of the
 * `workday_calendar` table — official holidays (放假) and adjusted working days (调休上班) —
 * which a platform admin keeps current (e.g. when the State Council publishes next year's
 * notice). The table is filled from the bundled official calendar when it is empty.
 *
 * The calendar is read from the database for each operation that needs it (a few dozen rows),
 * so an admin's edit applies at once in every server process.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor } from '../../core/db/database';
import { AppError, type FieldError } from '../../core/errors';
import { addDays, createCalendar, dayOfWeek, parseCalendarData, shanghaiDate, type CalendarData, type WorkdayCalendar } from '../../domain/workdays';
import officialCalendar from '../../seed/cn-workday-calendar.json' with { type: 'json' };
import * as repo from './calendar.repository';
import { parseHolidayNotice } from '../../domain/holiday-notice';
import type { CalendarResponse, CalendarQuery, CalendarStatusResponse, ImportNoticeBody, PutCalendarDaysBody } from './calendar.schema';

export const ADJUSTED_WORKDAY_NAME = { zh: '调休上班', en: 'Adjusted working day' } as const;
const MAX_RANGE_DAYS = 370;

/** Rows of the bundled official calendar (2025–2026 State Council notices). */
export function officialCalendarRows(): repo.CalendarRow[] {
  const data = parseCalendarData(officialCalendar);
  const rows: repo.CalendarRow[] = [];
  for (const year of Object.values(data.years)) {
    for (const h of year.holidays) for (const date of h.dates) rows.push({ date, kind: 'holiday', name: h.name, name_en: h.en });
    for (const date of year.workdays) rows.push({ date, kind: 'workday', name: ADJUSTED_WORKDAY_NAME.zh, name_en: ADJUSTED_WORKDAY_NAME.en });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Loads the official calendar into an empty `workday_calendar` table; does nothing when the
 * table has rows (an admin's edits are never overwritten). Returns the rows inserted.
 */
export async function ensureCalendar(deps: Deps, db: Executor = deps.db): Promise<number> {
  if ((await repo.countCalendarRows(db)) > 0) return 0;
  const rows = officialCalendarRows();
  await repo.insertCalendarRows(db, rows, deps.clock.now().toISOString());
  return rows.length;
}

/** Calendar data (the `domain/workdays` shape) from table rows, filed under each date's year. */
export function calendarDataOf(rows: readonly repo.CalendarRow[]): CalendarData {
  const years: CalendarData['years'] = {};
  for (const r of rows) {
    const y = (years[r.date.slice(0, 4)] ??= { holidays: [], workdays: [] });
    if (r.kind === 'workday') {
      y.workdays.push(r.date);
      continue;
    }
    const name = r.name || r.name_en || '假日';
    let h = y.holidays.find((x) => x.name === name);
    if (!h) {
      h = { name, en: r.name_en || name, dates: [] };
      y.holidays.push(h);
    }
    h.dates.push(r.date);
  }
  return { years };
}

/** The working-day calendar as the database holds it now. */
export async function loadCalendar(db: Executor): Promise<WorkdayCalendar> {
  return createCalendar(calendarDataOf(await repo.listCalendarRows(db)));
}

function presentDay(cal: WorkdayCalendar, date: string, lang: 'zh' | 'en') {
  const kind = cal.dayKind(date);
  return {
    date,
    kind,
    isWorkday: cal.isWorkday(date),
    name: kind === 'holiday' ? (cal.holidayName(date, lang) ?? null) : kind === 'adjustedWorkday' ? ADJUSTED_WORKDAY_NAME[lang] : null,
    official: cal.knownYears().includes(Number(date.slice(0, 4))),
  };
}

export async function listCalendar(deps: Deps, ctx: Ctx, q: CalendarQuery): Promise<CalendarResponse> {
  if (q.year !== undefined && (q.from || q.to)) throw new AppError('validation_failed', {}, [{ path: 'year', code: 'year_or_range' }]);
  const from = q.from ?? `${q.year ?? shanghaiDate(deps.clock.now()).slice(0, 4)}-01-01`;
  const to = q.to ?? `${from.slice(0, 4)}-12-31`;
  if (from > to) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_reversed' }]);
  if (to > addDays(from, MAX_RANGE_DAYS - 1)) throw new AppError('validation_failed', {}, [{ path: 'to', code: 'range_too_long', params: { days: MAX_RANGE_DAYS } }]);
  const cal = await loadCalendar(deps.db);
  const lang = ctx.locale === 'en-US' ? 'en' : 'zh';
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(presentDay(cal, d, lang));
  return { from, to, coveredYears: cal.knownYears(), official: days.every((d) => d.official), days };
}

/** Which years have official holidays, and whether the admin should enter next year's now. */
export async function calendarStatus(deps: Deps): Promise<CalendarStatusResponse> {
  const today = shanghaiDate(deps.clock.now());
  const year = Number(today.slice(0, 4));
  const coveredYears = (await loadCalendar(deps.db)).knownYears();
  const nextYearOfficial = coveredYears.includes(year + 1);
  // The State Council publishes next year's notice in late October or November.
  return { year, coveredYears, nextYearOfficial, nextYearMissing: !nextYearOfficial && Number(today.slice(5, 7)) >= 11 };
}

/**
 * Reads a pasted State Council notice (domain/holiday-notice.ts) and, unless `dryRun`, makes it
 * the year's calendar in one transaction: the year's overrides are replaced by the notice's.
 */
export async function importNotice(deps: Deps, ctx: Ctx, body: ImportNoticeBody) {
  const parsed = parseHolidayNotice(body.text, body.year);
  if (parsed.errors.length) {
    throw new AppError(
      'validation_failed',
      {},
      parsed.errors.map((e) => ({ path: 'text', code: `notice_${e.code}`, params: { line: e.line, ...e.params } })),
    );
  }
  if (!parsed.holidays.length) throw new AppError('validation_failed', {}, [{ path: 'text', code: 'notice_empty' }]);
  const notWeekend = parsed.workdays.filter((d) => !isWeekend(d));
  if (notWeekend.length) throw new AppError('validation_failed', {}, [{ path: 'text', code: 'adjusted_workday_not_weekend', params: { date: notWeekend[0]! } }]);
  const preview = { year: body.year, holidays: parsed.holidays, workdays: parsed.workdays };
  if (body.dryRun) return { ...preview, applied: false, replaced: 0 };
  const now = deps.clock.now();
  const at = now.toISOString();
  const rows: repo.CalendarRow[] = [
    ...parsed.holidays.flatMap((h) => h.dates.map((date) => ({ date, kind: 'holiday', name: h.name, name_en: h.nameEn }))),
    ...parsed.workdays.map((date) => ({ date, kind: 'workday', name: ADJUSTED_WORKDAY_NAME.zh, name_en: ADJUSTED_WORKDAY_NAME.en })),
  ];
  return deps.db.transaction().execute(async (trx) => {
    const replaced = await repo.deleteCalendarRows(trx, `${body.year}-01-01`, `${body.year}-12-31`, rows.map((r) => r.date));
    await repo.insertCalendarRows(trx, rows, at);
    await recordAudit(trx, {
      ...auditFrom(ctx, now),
      action: 'calendar.import',
      targetType: 'workday_calendar',
      targetId: String(body.year),
      detail: { holidays: parsed.holidays.map((h) => `${h.name}:${h.dates[0]}..${h.dates[h.dates.length - 1]}`), workdays: parsed.workdays, replaced },
    });
    return { ...preview, applied: true, replaced };
  });
}

const isWeekend = (date: string) => [0, 6].includes(dayOfWeek(date));

/**
 * Sets or clears calendar overrides, all or nothing. An adjusted working day must fall on a
 * weekend (a weekday is a working day anyway); a holiday needs a name.
 */
export async function putCalendarDays(deps: Deps, ctx: Ctx, body: PutCalendarDaysBody) {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  body.days.forEach((d, i) => {
    if (seen.has(d.date)) errors.push({ path: `days.${i}.date`, code: 'duplicate_date' });
    seen.add(d.date);
    if (d.kind === 'workday' && !isWeekend(d.date)) errors.push({ path: `days.${i}.kind`, code: 'adjusted_workday_not_weekend' });
    if (d.kind === 'holiday' && !d.name) errors.push({ path: `days.${i}.name`, code: 'required' });
  });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    for (const d of body.days) {
      if (d.kind === 'ordinary') await repo.deleteCalendarRow(trx, d.date);
      else {
        const names = d.kind === 'workday' ? { name: d.name || ADJUSTED_WORKDAY_NAME.zh, name_en: d.nameEn || ADJUSTED_WORKDAY_NAME.en } : { name: d.name, name_en: d.nameEn || d.name };
        await repo.upsertCalendarRow(trx, { date: d.date, kind: d.kind, ...names }, at);
      }
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'calendar.update', targetType: 'workday_calendar', targetId: body.days[0]!.date, detail: { days: body.days.map((d) => `${d.date}:${d.kind}`) } });
    const cal = createCalendar(calendarDataOf(await repo.listCalendarRows(trx)));
    const lang = ctx.locale === 'en-US' ? 'en' : 'zh';
    return { changed: body.days.length, days: body.days.map((d) => presentDay(cal, d.date, lang)) };
  });
}
