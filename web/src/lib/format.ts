/** Dates and numbers as the alliance reads them: calendar days in China (Asia/Shanghai). */
import dayjs from 'dayjs';
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

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
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
