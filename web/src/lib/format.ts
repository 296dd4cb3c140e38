/**
 * Dates, times and numbers as the alliance reads them. Every date and time the platform shows or
 * takes is Asia/Shanghai, whatever zone the browser runs in: this module is the one place that
 * turns instants into text and date pickers' values into instants.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { currentLocale } from './i18n';

const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China as YYYY-MM-DD (reports are filed per Chinese calendar day). */
export function todayInChina(): string {
  return ymd.format(new Date());
}

/** YYYY-MM-DD `n` days before (negative: after) the given YYYY-MM-DD. */
export function addDays(date: string, n: number): string {
  return dayjs(date).add(n, 'day').format('YYYY-MM-DD');
}

export function formatPct(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${v.toFixed(digits)}%`;
}

/** A 0–1 share as a percentage. */
export function formatRate(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '—' : formatPct(v * 100, digits);
}

export function formatInt(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return new Intl.NumberFormat(currentLocale()).format(v);
}

/** An instant as a Shanghai date and time, e.g. "2026年12月4日 14:30". */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
}

/** A short instant for tables, e.g. "11月27日 17:40". */
export function formatShort(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/**
 * A deadline — the instant a Shanghai day ends — as that day, e.g. "12月10日周四": a due date
 * picked as 12-10 is stored as 12-11 00:00 and must read 12-10, with no time.
 */
export function formatDueDay(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(Date.parse(iso) - 1));
}

/** A YYYY-MM-DD calendar date, localised (no time, no zone: it is already a Shanghai date). */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(`${date}T00:00:00Z`));
}

const SHANGHAI_OFFSET = '+08:00'; // China keeps one offset all year (no daylight saving).
const wallClock = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/**
 * A date-time picker's value for an instant. Pickers show a dayjs's local fields, so the value
 * carries Shanghai's wall-clock time as if it were local: 14:30 in Shanghai shows 14:30 in a
 * browser set to UTC or to Los Angeles alike. {@link instantFromPicker} reads it back.
 */
export function pickerFromInstant(iso: string): Dayjs {
  const p = Object.fromEntries(wallClock.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return dayjs(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`);
}

/** The instant a date-time picker's value means (its fields read as Shanghai wall-clock time). */
export function instantFromPicker(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm:ss')}${SHANGHAI_OFFSET}`;
}

/** A picker value for a Shanghai wall-clock time `days` days from today. */
export function pickerAt(days: number, hour: number, minute: number): Dayjs {
  return dayjs(`${addDays(todayInChina(), days)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`);
}

/** "11-28" style short date for chart axes. */
export function shortDate(date: string): string {
  return date.slice(5);
}

/** Yuan amount from fen, localised (e.g. 11,000,000). */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return new Intl.NumberFormat(currentLocale(), { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(fen / 100);
}
