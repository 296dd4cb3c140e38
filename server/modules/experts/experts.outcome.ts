/**
 * The outcome of expert help, measured from the firm's daily reports, not claimed: the mean
 * capacity and output (percent of normal) over the `days` calendar days before the visit against
 * the `days` days after it. The visit day itself belongs to neither side (the line is down while
 * the experts work on it). Pure.
 */
import { addDays } from '../../domain/workdays';
import type { Outcome } from './experts.schema';

export interface DailyFigures {
  date: string;
  capacityPct: number;
  outputPct: number;
}

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

export function outcomeOf(reports: readonly DailyFigures[], visitDate: string | null, days: number): Outcome {
  const empty = { capacityPct: null, outputPct: null, reports: 0 };
  if (!visitDate) return { days, visitDate, before: empty, after: empty, capacityGain: null, outputGain: null, capacityRatio: null };
  const from = addDays(visitDate, -days);
  const to = addDays(visitDate, days);
  const before = reports.filter((r) => r.date >= from && r.date < visitDate);
  const after = reports.filter((r) => r.date > visitDate && r.date <= to);
  const side = (rs: readonly DailyFigures[]) => ({ capacityPct: mean(rs.map((r) => r.capacityPct)), outputPct: mean(rs.map((r) => r.outputPct)), reports: rs.length });
  const b = side(before);
  const a = side(after);
  const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.round((x - y) * 10) / 10);
  return {
    days,
    visitDate,
    before: b,
    after: a,
    capacityGain: diff(a.capacityPct, b.capacityPct),
    outputGain: diff(a.outputPct, b.outputPct),
    capacityRatio: a.capacityPct === null || b.capacityPct === null || b.capacityPct === 0 ? null : Math.round((a.capacityPct / b.capacityPct) * 100) / 100,
  };
}
