/**
 * Matching offers to needs on the resource board (资源共济). Pure: no I/O.
 *
 * An offer can serve a need when both are of the same kind (raw material, parts, equipment time,
 * capacity, warehouse, logistics), name the same item (compared after normalising case, spaces
 * and full-width characters), measure it in the same dimension (kg and t, not kg and pieces), and
 * their date windows overlap. The specification must fit: when the need states one, the offer's
 * must contain it (or the other way round) — otherwise the pair is kept only as a weaker fit.
 *
 * Among all fitting pairs, the matcher moves as much quantity as possible to the needs, serving
 * flagged needs first (a need for a forecast break's binding input), and among equal cover
 * prefers the better specification fit, the nearer firm (same district, same city, other city)
 * and the cheaper offer. Solved exactly as a min-cost flow (`domain/flow/min-cost-flow.ts`):
 * source → offer (its quantity), offer → need (cost: −(COVER [+ URGENT]) + penalties per unit…),
 * need → sink (its quantity), and a bypass for what is left unmatched. Each proposal carries its
 * reasons, so people see why the matcher paired them.
 */
import { FlowNetworkBuilder, solveMinCostFlow } from '../../domain/flow/min-cost-flow';
import { districtByCode } from '../../domain/districts';
import { sameDimension, type UnitCode } from '../../domain/units';
import type { CurrentForecast, ForecastBreak } from '../chain/chain.forecast';

export const RESOURCE_KINDS = ['raw_material', 'parts', 'equipment_time', 'capacity', 'warehouse', 'logistics'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface BoardEntry {
  id: number;
  enterpriseId: number;
  kind: ResourceKind;
  item: string;
  spec: string;
  /** Base units of `unit`'s dimension. */
  amount: number;
  unit: UnitCode;
  /** YYYY-MM-DD, inclusive. */
  availableFrom: string;
  availableTo: string;
  district: string | null;
  /** Per unit of `unit`, fen; null: free or at cost. */
  unitPriceFen: number | null;
}

export interface NeedEntry extends BoardEntry {
  /** Need for a forecast break's binding input: ranked first. */
  urgent: boolean;
}

export type DistanceBand = 'same_district' | 'same_city' | 'other_city' | 'unknown';

export interface MatchReason {
  code: 'item' | 'spec_exact' | 'spec_partial' | 'spec_differs' | 'dates_overlap' | DistanceBand | 'free' | 'priced' | 'binding_input';
  /** Extra figures for the text (overlap days, price). */
  value?: number | string;
}

export interface MatchProposal {
  offerId: number;
  needId: number;
  /** Base units proposed. */
  amount: number;
  score: number;
  reasons: MatchReason[];
}

const COVER = 1_000_000;
const URGENT = 1_000_000;

export function normaliseItem(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_·・]+/g, '');
}

export function distanceBand(a: string | null, b: string | null): DistanceBand {
  if (!a || !b) return 'unknown';
  if (a === b) return 'same_district';
  const da = districtByCode(a);
  const db = districtByCode(b);
  if (!da || !db) return 'unknown';
  return da.city === db.city ? 'same_city' : 'other_city';
}

const DISTANCE_PENALTY: Record<DistanceBand, number> = { same_district: 0, same_city: 100, unknown: 200, other_city: 300 };

function overlapDays(a: BoardEntry, b: BoardEntry): number {
  const from = a.availableFrom > b.availableFrom ? a.availableFrom : b.availableFrom;
  const to = a.availableTo < b.availableTo ? a.availableTo : b.availableTo;
  if (from > to) return 0;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Whether and how well an offer fits a need: null when it cannot serve it at all. */
export function fit(offer: BoardEntry, need: NeedEntry): { score: number; reasons: MatchReason[] } | null {
  if (offer.enterpriseId === need.enterpriseId) return null;
  if (offer.kind !== need.kind) return null;
  if (normaliseItem(offer.item) !== normaliseItem(need.item)) return null;
  if (!sameDimension(offer.unit, need.unit)) return null;
  const days = overlapDays(offer, need);
  if (days === 0) return null;
  const reasons: MatchReason[] = [];
  if (need.urgent) reasons.push({ code: 'binding_input' });
  reasons.push({ code: 'item', value: need.item });
  const os = normaliseItem(offer.spec);
  const ns = normaliseItem(need.spec);
  let specPenalty = 0;
  if (os === ns) reasons.push({ code: 'spec_exact' });
  else if (!ns || !os || os.includes(ns) || ns.includes(os)) {
    reasons.push({ code: 'spec_partial' });
    specPenalty = 200;
  } else {
    reasons.push({ code: 'spec_differs' });
    specPenalty = 600;
  }
  reasons.push({ code: 'dates_overlap', value: days });
  const band = distanceBand(offer.district, need.district);
  reasons.push({ code: band });
  reasons.push(offer.unitPriceFen === null ? { code: 'free' } : { code: 'priced', value: offer.unitPriceFen });
  const score = 1000 - specPenalty - DISTANCE_PENALTY[band];
  return { score, reasons };
}

/**
 * Proposes offer→need quantities. Quantities are compared in base units, so 2 t of an offer
 * serves a need of 500 kg. Returns proposals best first (urgent needs first, then score).
 */
export function matchBoard(offers: readonly BoardEntry[], needs: readonly NeedEntry[]): MatchProposal[] {
  const b = new FlowNetworkBuilder();
  const source = b.addNode(0);
  const sink = b.addNode(0);
  const offerNode = new Map<number, number>();
  const needNode = new Map<number, number>();
  let supply = 0;
  for (const o of offers) {
    const v = b.addNode(0);
    offerNode.set(o.id, v);
    b.addArc(source, v, o.amount, 0);
    supply += o.amount;
  }
  for (const n of needs) {
    const v = b.addNode(0);
    needNode.set(n.id, v);
    b.addArc(v, sink, n.amount, 0);
  }
  const arcs: { offer: BoardEntry; need: NeedEntry; arc: number; score: number; reasons: MatchReason[] }[] = [];
  for (const o of offers) {
    for (const n of needs) {
      const f = fit(o, n);
      if (!f) continue;
      const priceTie = o.unitPriceFen === null ? 0 : 1;
      const cost = -(COVER + (n.urgent ? URGENT : 0) + f.score * 10 - priceTie);
      arcs.push({ offer: o, need: n, arc: b.addArc(offerNode.get(o.id)!, needNode.get(n.id)!, Math.min(o.amount, n.amount), cost), score: f.score, reasons: f.reasons });
    }
  }
  b.addArc(source, sink, supply, 0);
  b.addSupply(source, supply);
  b.addSupply(sink, -supply);
  const result = solveMinCostFlow(b.build());
  if (result.status !== 'optimal') throw new Error(`board flow is ${result.status}`);
  return arcs
    .filter((a) => result.flow[a.arc]! > 0.5)
    .map((a) => ({ offerId: a.offer.id, needId: a.need.id, amount: Math.round(result.flow[a.arc]!), score: a.score, reasons: a.reasons, urgent: a.need.urgent }))
    .sort((x, y) => Number(y.urgent) - Number(x.urgent) || y.score - x.score || x.needId - y.needId || x.offerId - y.offerId)
    .map(({ urgent: _u, ...p }) => p);
}

export type Urgency = Pick<ForecastBreak, 'enterpriseId' | 'name' | 'day' | 'item'>;
/** Per firm, per normalised item name: the earliest forecast break binding on that item. */
export type UrgentItems = Map<number, Map<string, Urgency>>;

/**
 * The items a firm urgently needs by the forecast: the binding input of its own break and of
 * each break of its customers (the earliest break per item wins). Pure.
 */
export function bindingInputs(forecast: CurrentForecast): UrgentItems {
  const suppliersOf = new Map<number, number[]>();
  for (const [supplier, cs] of forecast.customers) for (const c of cs) suppliersOf.set(c, [...(suppliersOf.get(c) ?? []), supplier]);
  const out: UrgentItems = new Map();
  const add = (firm: number, b: ForecastBreak) => {
    const items = out.get(firm) ?? new Map<string, Urgency>();
    const key = normaliseItem(b.item);
    const seen = items.get(key);
    if (!seen || b.day < seen.day) items.set(key, { enterpriseId: b.enterpriseId, name: b.name, day: b.day, item: b.item });
    out.set(firm, items);
  };
  for (const b of forecast.breaks) {
    add(b.enterpriseId, b);
    for (const s of suppliersOf.get(b.enterpriseId) ?? []) add(s, b);
  }
  return out;
}
