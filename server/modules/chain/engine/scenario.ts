/**
 * What-if scenarios: named sets of changes applied to a copy of a network, and the comparison
 * of a scenario's run with the baseline's.
 *
 * A scenario is applied to the plain-object form of the network and rebuilt with
 * `buildNetwork`, so a change that makes the map invalid (an added link pushing an item's
 * shares over 100 %, an unknown firm) is reported exactly like bad input, as a
 * `NetworkInputError` whose paths point into `changes[i]`.
 */
import {
  buildNetwork,
  MAX_LEAD_DAYS,
  firmId,
  firmIndex,
  NetworkInputError,
  networkToInput,
  type LinkInput,
  type Network,
  type NetworkIssue,
} from './network';
import { solveStatic } from './static';
import { runDynamic } from './dynamic';
import type { ChainMode } from './impact';

/** Set a firm's own capacity to `value`, on days fromDay..toDay inclusive (default: every day). */
export interface CapacityChange {
  type: 'capacity';
  firm: string;
  value: number;
  fromDay?: number;
  toDay?: number;
}

/** Remove the link supplier → customer for item. */
export interface RemoveLinkChange {
  type: 'removeLink';
  supplier: string;
  customer: string;
  item: string;
}

/** Add a link (e.g. a substitute supplier). */
export interface AddLinkChange extends LinkInput {
  type: 'addLink';
}

/** Add `days` of cover of `item` at `firm` (e.g. an emergency delivery). */
export interface AddStockChange {
  type: 'addStock';
  firm: string;
  item: string;
  days: number;
}

/**
 * A district lockdown: every firm of `district` works at most at `value` of its capacity on days
 * fromDay..toDay inclusive (default: every day). A firm already below `value` keeps its own
 * (lower) capacity: a lockdown never raises a firm.
 */
export interface DistrictLockdownChange {
  type: 'districtLockdown';
  district: string;
  value: number;
  fromDay?: number;
  toDay?: number;
}

/**
 * A logistics delay: every link through `district` (its supplier or its customer lies there)
 * takes `days` more days. In the model a customer lives on the supplier's latest reported
 * output for the first L days (the pipeline), so the delay keeps it on that pipeline `days`
 * longer and makes any change of the supplier's output (a lockdown, a restart) reach it later.
 */
export interface LogisticsDelayChange {
  type: 'logisticsDelay';
  district: string;
  days: number;
}

/** One change of a scenario. */
export type ScenarioChange = CapacityChange | RemoveLinkChange | AddLinkChange | AddStockChange | DistrictLockdownChange | LogisticsDelayChange;

/** A named set of changes. */
export interface Scenario {
  name: string;
  changes: readonly ScenarioChange[];
  /** District of each firm (firm id → district code); district changes need it. */
  districts?: Readonly<Record<string, string>>;
}

/**
 * Copy of `net` with the scenario's changes applied, in order. Capacity changes limited to some
 * days turn the firm's capacity into a per-day series (the value before `fromDay` and after
 * `toDay` is the firm's own); static runs use day 0 only.
 */
export function applyScenario(net: Network, scenario: Scenario): Network {
  const input = networkToInput(net);
  const firms = input.firms.map((f) => ({ ...f }));
  const links = [...input.links];
  const stocks = [...(input.stocks ?? [])];
  // Where each link and stock came from, so rebuild errors point at the responsible change.
  const linkOrigin = links.map((_, k) => `network.links[${k}]`);
  const stockOrigin = stocks.map((_, k) => `network.stocks[${k}]`);
  const byId = new Map(firms.map((f, i) => [f.id, i]));
  const issues: NetworkIssue[] = [];
  const districts = scenario.districts ?? {};

  const validCapacity = (ch: { value: number; fromDay?: number; toDay?: number }, p: string) => {
    if (!Number.isFinite(ch.value) || ch.value < 0 || ch.value > 1) {
      issues.push({ path: `${p}.value`, code: 'capacity_invalid', message: `capacity must be a number in [0,1], got ${String(ch.value)}` });
      return false;
    }
    const from = ch.fromDay ?? 0;
    const to = ch.toDay;
    if (!Number.isInteger(from) || from < 0 || (to !== undefined && (!Number.isInteger(to) || to < from))) {
      issues.push({ path: p, code: 'day_invalid', message: 'fromDay and toDay must be whole days with 0 ≤ fromDay ≤ toDay' });
      return false;
    }
    return true;
  };
  /** Indexes of the firms of a district; none is an issue. */
  const firmsOf = (district: string, p: string) => {
    const out: number[] = [];
    firms.forEach((f, k) => {
      if (districts[f.id] === district) out.push(k);
    });
    if (out.length === 0) issues.push({ path: `${p}.district`, code: 'unknown_district', message: `no firm in district "${district}"` });
    return out;
  };

  scenario.changes.forEach((ch, i) => {
    const p = `changes[${i}]`;
    switch (ch.type) {
      case 'capacity': {
        const f = byId.get(ch.firm);
        if (f === undefined) {
          issues.push({ path: `${p}.firm`, code: 'unknown_firm', message: `unknown firm "${ch.firm}"` });
          return;
        }
        if (!validCapacity(ch, p)) return;
        setCapacity(firms[f], ch.value, ch.fromDay ?? 0, ch.toDay, false);
        return;
      }
      case 'districtLockdown': {
        const inDistrict = firmsOf(ch.district, p);
        if (inDistrict.length === 0 || !validCapacity(ch, p)) return;
        for (const f of inDistrict) setCapacity(firms[f], ch.value, ch.fromDay ?? 0, ch.toDay, true);
        return;
      }
      case 'logisticsDelay': {
        if (firmsOf(ch.district, p).length === 0) return;
        if (!Number.isInteger(ch.days) || ch.days < 1) {
          issues.push({ path: `${p}.days`, code: 'lead_invalid', message: `a delay must be a whole number of days ≥ 1, got ${String(ch.days)}` });
          return;
        }
        const through = (id: string) => districts[id] === ch.district;
        links.forEach((l, k) => {
          if (!through(l.supplier) && !through(l.customer)) return;
          links[k] = { ...l, leadDays: Math.min(MAX_LEAD_DAYS, (l.leadDays ?? 1) + ch.days) };
          linkOrigin[k] = p;
        });
        return;
      }
      case 'removeLink': {
        const at = links.findIndex((l) => l.supplier === ch.supplier && l.customer === ch.customer && l.item === ch.item);
        if (at < 0) {
          issues.push({ path: p, code: 'link_not_found', message: `no link ${ch.supplier} → ${ch.customer} for item "${ch.item}"` });
          return;
        }
        links.splice(at, 1);
        linkOrigin.splice(at, 1);
        return;
      }
      case 'addLink': {
        const { type: _type, ...link } = ch;
        links.push(link);
        linkOrigin.push(p);
        return;
      }
      case 'addStock': {
        if (!byId.has(ch.firm)) {
          issues.push({ path: `${p}.firm`, code: 'unknown_firm', message: `unknown firm "${ch.firm}"` });
          return;
        }
        if (!Number.isFinite(ch.days) || ch.days < 0) {
          issues.push({ path: `${p}.days`, code: 'stock_invalid', message: `days of cover must be a finite number ≥ 0, got ${String(ch.days)}` });
          return;
        }
        const at = stocks.findIndex((s) => s.firm === ch.firm && s.item === ch.item);
        if (at >= 0) {
          stocks[at] = { ...stocks[at], days: stocks[at].days + ch.days };
          stockOrigin[at] = p;
        } else {
          stocks.push({ firm: ch.firm, item: ch.item, days: ch.days });
          stockOrigin.push(p);
        }
        return;
      }
    }
  });
  if (issues.length > 0) throw new NetworkInputError(issues);
  try {
    return buildNetwork({ firms, links, stocks });
  } catch (err) {
    if (!(err instanceof NetworkInputError)) throw err;
    throw new NetworkInputError(
      err.issues.map((iss) => {
        const m = /^(links|stocks)\[(\d+)\](.*)$/.exec(iss.path);
        if (m === null) return iss;
        const origin = m[1] === 'links' ? linkOrigin : stockOrigin;
        return { ...iss, path: `${origin[Number(m[2])]}${m[3]}` };
      }),
    );
  }
}

/**
 * Sets `firm`'s capacity to `value` on days from..to (to undefined: every day from `from` on);
 * with `cap`, to min(own, value). A change limited to some days turns the capacity into a
 * per-day series that keeps the firm's own value outside the range.
 */
function setCapacity(firm: { capacity: number | readonly number[] }, value: number, from: number, to: number | undefined, cap: boolean) {
  const apply = (own: number) => (cap ? Math.min(own, value) : value);
  if (from === 0 && to === undefined && typeof firm.capacity === 'number') {
    firm.capacity = apply(firm.capacity);
    return;
  }
  const old = typeof firm.capacity === 'number' ? [firm.capacity] : [...firm.capacity];
  const days = Math.max(old.length, to === undefined ? from + 1 : to + 2);
  const series: number[] = [];
  for (let d = 0; d < days; d++) series.push(old[d < old.length ? d : old.length - 1]);
  const last = to === undefined ? days - 1 : to;
  for (let d = from; d <= last; d++) series[d] = apply(series[d]);
  firm.capacity = series;
}

/** Options of `compare`. */
export interface CompareOptions {
  /** Default 'dynamic'. */
  mode?: ChainMode;
  /** Days simulated in dynamic mode. Default 30. */
  horizon?: number;
  theta?: number;
}

/** How one firm fares in the scenario compared with the baseline. */
export interface FirmDifference {
  /** Firm index in the baseline network. */
  firm: number;
  id: string;
  /** x_after − x_before per day (static: one value). */
  dx: number[];
  /** Σ over days of dx. */
  dxTotal: number;
  /** Break day before / after (static: 0 when broken); null when not broken. */
  breakDayBefore: number | null;
  breakDayAfter: number | null;
}

/** Chain-wide and per-firm differences between a baseline and a scenario. */
export interface Comparison {
  mode: ChainMode;
  /** Y per day (static: one value) before and after. */
  yBefore: number[];
  yAfter: number[];
  /** Σ_t Y(t) before and after, and after − before. */
  totalBefore: number;
  totalAfter: number;
  deltaTotal: number;
  /** Every baseline firm, in baseline index order. */
  firms: FirmDifference[];
}

interface Run {
  Y: number[];
  total: number;
  x: (i: number) => number[];
  breakDay: (i: number) => number | null;
}

function run(net: Network, mode: ChainMode, horizon: number, theta: number | undefined): Run {
  if (mode === 'static') {
    const r = solveStatic(net, { theta });
    return { Y: [r.Y], total: r.Y, x: (i) => [r.x[i]], breakDay: (i) => (r.broken[i] === 1 ? 0 : null) };
  }
  const r = runDynamic(net, { horizon, theta, history: true });
  const h = r.history;
  if (h === null) throw new Error('dynamic comparison needs history');
  return {
    Y: Array.from(r.Y),
    total: r.total,
    x: (i) => Array.from(h.x.subarray(i * h.stride, i * h.stride + horizon)),
    breakDay: (i) => (r.breakDay[i] < 0 ? null : r.breakDay[i]),
  };
}

/**
 * Runs baseline and scenario and lines them up firm by firm (matched by id: a scenario may
 * renumber firms when it changes links). Firms missing from the scenario are reported with
 * x = 0 after.
 */
export function compare(baseline: Network, scenario: Network, opts: CompareOptions = {}): Comparison {
  const mode = opts.mode ?? 'dynamic';
  const horizon = opts.horizon ?? 30;
  const before = run(baseline, mode, horizon, opts.theta);
  const after = run(scenario, mode, horizon, opts.theta);
  const afterIndex = firmIndex(scenario);
  const firms: FirmDifference[] = [];
  for (let i = 0; i < baseline.n; i++) {
    const id = firmId(baseline, i);
    const j = afterIndex.get(id);
    const xb = before.x(i);
    const xa = j === undefined ? xb.map(() => 0) : after.x(j);
    const dx = xa.map((v, t) => v - xb[t]);
    firms.push({
      firm: i,
      id,
      dx,
      dxTotal: dx.reduce((s, v) => s + v, 0),
      breakDayBefore: before.breakDay(i),
      breakDayAfter: j === undefined ? null : after.breakDay(j),
    });
  }
  return {
    mode,
    yBefore: before.Y,
    yAfter: after.Y,
    totalBefore: before.total,
    totalAfter: after.total,
    deltaTotal: after.total - before.total,
    firms,
  };
}

/** `compare(net, applyScenario(net, scenario), opts)`: the one call an HTTP route needs. */
export function compareScenario(net: Network, scenario: Scenario, opts: CompareOptions = {}): Comparison {
  return compare(net, applyScenario(net, scenario), opts);
}
