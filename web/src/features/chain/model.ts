/**
 * Reading an analysis result: each firm's forecast status, the tiered map layout, cause chains
 * and the numbers behind the plain-language explanations. Pure functions (unit-tested).
 */
import type { Analysis, AnalysisFirm, AnalysisLink } from './api';

export const FIRM_STATUSES = ['breaks', 'constrained', 'lowCapacity', 'ok'] as const;
export type FirmStatus = (typeof FIRM_STATUSES)[number];

export const STATUS_COLORS: Record<FirmStatus, string> = { breaks: '#dc2626', constrained: '#f59e0b', lowCapacity: '#7c3aed', ok: '#16a34a' };
export const STATUS_TAG_COLORS: Record<FirmStatus, string> = { breaks: 'red', constrained: 'orange', lowCapacity: 'purple', ok: 'green' };

/** Own capacity below this share of normal marks a firm held back by its own problems. */
export const LOW_CAPACITY = 0.5;

/** Below this gap a firm's output counts as its own capacity (float noise). */
const EPS = 0.005;

/**
 * breaks: its inputs hold it below θ × its own capacity within the horizon (red);
 * constrained: its inputs hold it below its own capacity on some day, not enough to break (orange);
 * lowCapacity: its own capacity (staff, machines, orders) is below half of normal — often the
 *   root cause of its customers' breaks;
 * ok: runs at its own capacity throughout.
 */
export function firmStatus(f: AnalysisFirm): FirmStatus {
  if (f.breakDay !== null) return 'breaks';
  if (f.x.some((x) => x < f.capacity - EPS)) return 'constrained';
  if (f.capacity < LOW_CAPACITY) return 'lowCapacity';
  return 'ok';
}

export function statusCounts(a: Analysis): Record<FirmStatus, number> {
  const out: Record<FirmStatus, number> = { breaks: 0, constrained: 0, lowCapacity: 0, ok: 0 };
  for (const f of a.firms) out[firmStatus(f)]++;
  return out;
}

const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

/** Σ Y over the horizon (the baseline for loss and gain percentages). */
export const totalY = (a: Analysis) => sum(a.Y);

/** Chain output per day as % of normal (Y / yFull). */
export const outputPct = (a: Analysis, y: number[] = a.Y) => y.map((v) => (a.yFull > 0 ? (v / a.yFull) * 100 : 0));

/** A share of the baseline Σ Y, in percent. */
export const shareOfY = (a: Analysis, v: number) => {
  const base = totalY(a);
  return base > 0 ? (v / base) * 100 : 0;
};

/** Firms that break within `days` days (day 0 = today). */
export const breaksWithin = (a: Analysis, days: number) => a.firms.filter((f) => f.breakDay !== null && f.breakDay < days);

/** Breaking firms, earliest first (ties: larger weight first). */
export function breakTimeline(a: Analysis): AnalysisFirm[] {
  return a.firms.filter((f) => f.breakDay !== null).sort((x, y) => x.breakDay! - y.breakDay! || y.weight - x.weight || x.id - y.id);
}

export interface CauseStep {
  firm: { id: number; name: string };
  /** The item this firm lacks from the next firm in the chain (null for the root firm). */
  item: string | null;
}

/**
 * The cause path as steps from the broken firm to the root-cause firm: the broken firm lacks the
 * binding item; each further firm lacks what it buys from the next (read off the map's links).
 */
export function causeSteps(a: Analysis, f: AnalysisFirm): CauseStep[] {
  if (!f.cause) return [];
  const path = f.cause.path.length ? f.cause.path : [{ id: f.id, name: f.name }];
  return path.map((firm, i) => {
    const next = path[i + 1];
    if (!next) return { firm, item: null };
    if (i === 0) return { firm, item: f.cause!.item };
    const link = a.links.find((l) => l.customerId === firm.id && l.supplierId === next.id);
    return { firm, item: link?.item ?? null };
  });
}

/** The root-cause firm of a break (the last firm of its path). */
export function rootCause(f: AnalysisFirm): { id: number; name: string } | null {
  return f.cause?.path.length ? f.cause.path[f.cause.path.length - 1] : null;
}

export interface Neighbour {
  link: AnalysisLink;
  firm: AnalysisFirm | undefined;
}

export function suppliersOf(a: Analysis, firmId: number, byId: Map<number, AnalysisFirm>): Neighbour[] {
  return a.links.filter((l) => l.customerId === firmId).map((link) => ({ link, firm: byId.get(link.supplierId) })).sort((x, y) => x.link.item.localeCompare(y.link.item) || y.link.sharePct - x.link.sharePct);
}

export function customersOf(a: Analysis, firmId: number, byId: Map<number, AnalysisFirm>): Neighbour[] {
  return a.links.filter((l) => l.supplierId === firmId).map((link) => ({ link, firm: byId.get(link.customerId) })).sort((x, y) => x.link.item.localeCompare(y.link.item) || y.link.sharePct - x.link.sharePct);
}

export interface Placed {
  id: number;
  x: number;
  y: number;
}

/** Distance between tiers and between rows, in layout units (the chart scales them to fit). */
export const COLUMN_GAP = 320;
export const ROW_GAP = 44;
/** Tiers with more firms than this are drawn as two staggered sub-columns. */
const SPLIT_AT = 16;

/**
 * Fixed tiered layout: x = tier (raw materials left, finished goods right); within a tier, firms
 * are ordered by the mean position of their suppliers (fewer crossings), the first tier by item
 * and weight; crowded tiers zig-zag into two sub-columns. Rows are centred vertically.
 */
export function layoutTiers(a: Analysis): { placed: Map<number, Placed>; tiers: number[]; height: number } {
  const byTier = new Map<number, AnalysisFirm[]>();
  for (const f of a.firms) byTier.set(f.tier, [...(byTier.get(f.tier) ?? []), f]);
  const tiers = [...byTier.keys()].sort((x, y) => x - y);
  const suppliers = new Map<number, number[]>();
  for (const l of a.links) suppliers.set(l.customerId, [...(suppliers.get(l.customerId) ?? []), l.supplierId]);
  const firstItem = new Map<number, string>();
  for (const l of a.links) if (!firstItem.has(l.supplierId)) firstItem.set(l.supplierId, l.item);

  const rank = new Map<number, number>();
  const ordered = new Map<number, AnalysisFirm[]>();
  for (const tier of tiers) {
    const firms = byTier.get(tier)!;
    const key = (f: AnalysisFirm) => {
      const ranks = (suppliers.get(f.id) ?? []).map((s) => rank.get(s)).filter((r): r is number => r !== undefined);
      return ranks.length ? ranks.reduce((s, r) => s + r, 0) / ranks.length : Number.POSITIVE_INFINITY;
    };
    const sorted = [...firms].sort((x, y) => {
      const kx = key(x);
      const ky = key(y);
      if (kx !== ky) return kx === Number.POSITIVE_INFINITY ? 1 : ky === Number.POSITIVE_INFINITY ? -1 : kx - ky;
      return (firstItem.get(x.id) ?? '').localeCompare(firstItem.get(y.id) ?? '') || y.weight - x.weight || x.id - y.id;
    });
    sorted.forEach((f, i) => rank.set(f.id, i / Math.max(1, sorted.length - 1)));
    ordered.set(tier, sorted);
  }

  const rowsOf = (n: number) => (n > SPLIT_AT ? Math.ceil(n / 2) : n);
  const maxRows = Math.max(1, ...[...ordered.values()].map((fs) => rowsOf(fs.length)));
  const height = (maxRows - 1) * ROW_GAP;
  const placed = new Map<number, Placed>();
  tiers.forEach((tier, col) => {
    const fs = ordered.get(tier)!;
    const split = fs.length > SPLIT_AT;
    const rows = rowsOf(fs.length);
    const top = (height - (rows - 1) * ROW_GAP) / 2;
    fs.forEach((f, i) => {
      const row = split ? Math.floor(i / 2) : i;
      const dx = split ? (i % 2 === 0 ? -1 : 1) * COLUMN_GAP * 0.14 : 0;
      const dy = split && i % 2 === 1 ? ROW_GAP / 2 : 0;
      placed.set(f.id, { id: f.id, x: col * COLUMN_GAP + dx, y: top + row * ROW_GAP + dy });
    });
  });
  return { placed, tiers, height };
}

/** Node size by weight (area-proportional), 10–34 px. */
export function nodeSize(weight: number, maxWeight: number): number {
  return 10 + 24 * Math.sqrt(maxWeight > 0 ? weight / maxWeight : 0);
}

/** Whether a firm's break day differs between the baseline and the scenario. */
export const breakMoved = (f: AnalysisFirm) => f.scenarioBreakDay !== undefined && (f.scenarioBreakDay ?? null) !== f.breakDay;

/** Σ x difference as average percentage points per day over the horizon. */
export const deltaPoints = (a: Analysis, f: AnalysisFirm) => ((f.scenarioDelta ?? 0) / Math.max(1, a.Y.length)) * 100;
