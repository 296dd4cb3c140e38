/**
 * Compact supply-chain network: the one data layout every chain-break computation runs over.
 *
 * The model (see `./index.ts`) only ever asks two questions of the map: "which links feed this
 * customer's item?" and "which customers does this firm feed?". Both are answered by CSR
 * (compressed sparse row) arrays, so a million-firm map is a handful of typed arrays instead of
 * millions of small objects, and every sweep is a linear walk the CPU can prefetch.
 *
 * Layout (n firms, m needs, L links):
 * - firms 0..n-1: `capacity` (n, or n·capDays when any firm reports per-day capacity),
 *   `actual`, `weight`;
 * - needs 0..m-1 are (customer, item) pairs, grouped per customer by `needStart` (n+1):
 *   `needItem`, `needEssential`, `needOutside` (r), `needStock0`;
 * - links grouped per need by `linkStart` (m+1): `linkSupplier`, `linkShare`, `linkLead`;
 * - downstream adjacency over essential links (`downStart` n+1, `downCustomer`, `downLead`):
 *   only essential links can carry a shortfall, so only they define the cone a change reaches;
 * - topology over the same essential links: strongly connected components in topological
 *   order (`order`, `compStart`, `comp`, `compCyclic`) so acyclic maps solve in one sweep.
 *
 * Firms are numbered supplier-first (see `finishNetwork`), not in input order: translate with
 * `firmIndex` / `firmId`.
 */

import { NETWORK_ARRAYS, packNetwork, type NetworkArena } from './arena';

/** Longest accepted lead time (leads are stored as 16-bit day counts). */
export const MAX_LEAD_DAYS = 65535;

/** One firm as supplied by callers (HTTP body, CLI file, tests). */
export interface FirmInput {
  id: string;
  /** Own capacity a_i in [0,1]: one number, or one number per day from today (the last value persists). */
  capacity: number | readonly number[];
  /** Latest reported actual output in [0,1]; stands in for x_i(t) on days before today. Default 1. */
  actual?: number;
  /** Weight v_i (normal output value, headcount when unknown), ≥ 0. Default 1. */
  weight?: number;
}

/** One supply link: `supplier` provides `share` of `customer`'s need of `item`. */
export interface LinkInput {
  supplier: string;
  customer: string;
  item: string;
  /** Share w_l in [0,1] of the customer's full need of the item. */
  share: number;
  /** Whether the item constrains the customer's output. Default true. Must agree across links of one item. */
  essential?: boolean;
  /** Lead time L_l in whole days, ≥ 1. Default 1. */
  leadDays?: number;
}

/** Declared stock: `days` of the firm's full need of `item` on hand today. */
export interface StockInput {
  firm: string;
  item: string;
  days: number;
}

/** Plain-object form of a network; `buildNetwork` validates it and compacts it. */
export interface NetworkInput {
  firms: readonly FirmInput[];
  links: readonly LinkInput[];
  stocks?: readonly StockInput[];
}

/** Machine-readable kind of a validation problem. */
export type NetworkIssueCode =
  | 'invalid_type'
  | 'duplicate_firm'
  | 'unknown_firm'
  | 'capacity_invalid'
  | 'actual_invalid'
  | 'weight_invalid'
  | 'share_range'
  | 'share_sum'
  | 'lead_invalid'
  | 'essential_conflict'
  | 'duplicate_link'
  | 'stock_invalid'
  | 'duplicate_stock'
  | 'link_not_found'
  | 'unknown_district'
  | 'day_invalid';

/** One validation problem, located by a JSON-path-like `path` (e.g. `links[3].share`). */
export interface NetworkIssue {
  path: string;
  code: NetworkIssueCode;
  message: string;
}

/**
 * Thrown when a network (or scenario) cannot be built. It carries every problem found, not
 * just the first, so a user fixing a spreadsheet export sees the whole list at once.
 */
export class NetworkInputError extends Error {
  readonly issues: readonly NetworkIssue[];

  constructor(issues: readonly NetworkIssue[]) {
    const head = issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(`Invalid chain network: ${head}${more}`);
    this.name = 'NetworkInputError';
    this.issues = issues;
  }
}

/** The arrays that define a network; everything else is derived from them by `finishNetwork`. */
export interface NetworkCore {
  n: number;
  /** Firm ids by index, or null for generated maps (ids are then the decimal index). */
  ids: readonly string[] | null;
  /** Item names by item index, or null for generated maps (names are then the decimal index). */
  items: readonly string[] | null;
  /** 1 when capacity is one number per firm, else the per-firm stride of `capacity` (days stored). */
  capDays: number;
  capacity: Float64Array;
  actual: Float64Array;
  weight: Float64Array;
  needStart: Int32Array;
  needItem: Int32Array;
  needEssential: Uint8Array;
  needOutside: Float64Array;
  needStock0: Float64Array;
  linkStart: Int32Array;
  linkSupplier: Int32Array;
  linkShare: Float64Array;
  /** Lead times in days (1..MAX_LEAD_DAYS). */
  linkLead: Uint16Array;
}

/** A compact, validated network with its downstream adjacency and topology. Treat as immutable. */
export interface Network extends NetworkCore {
  m: number;
  linkCount: number;
  maxLead: number;
  downStart: Int32Array;
  downCustomer: Int32Array;
  downLead: Uint16Array;
  /**
   * Firms grouped by strongly connected component, components in topological order (suppliers
   * first). After renumbering this is the identity; it stays explicit so sweeps and the C++
   * reference follow the same order whatever the numbering.
   */
  order: Int32Array;
  compStart: Int32Array;
  comp: Int32Array;
  /** 1 when the component has a cycle (more than one firm, or a firm that supplies itself). */
  compCyclic: Uint8Array;
  compCount: number;
  acyclic: boolean;
  /**
   * The shared WebAssembly memory every array above lives in (see `./arena.ts`), absent when
   * the map is too large for one; compiled kernels sweep it in place.
   */
  arena?: NetworkArena;
}

/** The id a result should show for firm `i`. */
export function firmId(net: Pick<NetworkCore, 'ids'>, i: number): string {
  return net.ids === null ? String(i) : net.ids[i];
}

/** The name a result should show for item index `k`. */
export function itemName(net: Pick<NetworkCore, 'items'>, k: number): string {
  return net.items === null ? String(k) : net.items[k];
}

/** Own capacity a_i(t), honouring the "last stored day persists" rule. */
export function capacityAt(net: Pick<NetworkCore, 'capDays' | 'capacity'>, i: number, t: number): number {
  const d = net.capDays;
  return d === 1 ? net.capacity[i] : net.capacity[i * d + (t < d ? t : d - 1)];
}

/** Index of every firm id; built on demand because generated maps have no ids. */
export function firmIndex(net: Pick<NetworkCore, 'ids' | 'n'>): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < net.n; i++) map.set(firmId(net, i), i);
  return map;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const pct = (v: number): string => `${(Math.round(v * 10000) / 100).toString()} %`;

interface NeedDraft {
  firm: number;
  item: number;
  essential: boolean | null;
  stock: number;
  links: number[];
  shareSum: number;
  /** Path of the link that took the item's shares over 100 %, if any. */
  overPath: string | null;
}

/**
 * Validates plain objects and compacts them into a `Network`.
 *
 * Every problem is collected (unknown ids, shares out of [0,1], an item whose shares total more
 * than 100 %, lead < 1, duplicate firms or links, conflicting essential flags, bad stocks) and
 * thrown together as a `NetworkInputError`. Firms are renumbered supplier-first (see
 * `finishNetwork`): translate with `firmIndex(net)` and `firmId(net, i)`. Needs are ordered by
 * customer then first appearance and links keep input order within a need, so sums are
 * evaluated in a reproducible order.
 */
export function buildNetwork(input: NetworkInput): Network {
  const issues: NetworkIssue[] = [];
  const firms = input.firms;
  const n = firms.length;
  const index = new Map<string, number>();
  let capDays = 1;
  for (let i = 0; i < n; i++) {
    const f = firms[i];
    if (typeof f.id !== 'string' || f.id.length === 0) {
      issues.push({ path: `firms[${i}].id`, code: 'invalid_type', message: 'firm id must be a non-empty string' });
      continue;
    }
    if (index.has(f.id)) {
      issues.push({ path: `firms[${i}].id`, code: 'duplicate_firm', message: `firm id "${f.id}" appears more than once` });
    } else index.set(f.id, i);
    if (Array.isArray(f.capacity)) {
      const cap = f.capacity as readonly number[];
      if (cap.length === 0) {
        issues.push({ path: `firms[${i}].capacity`, code: 'capacity_invalid', message: 'per-day capacity needs at least one day' });
      }
      cap.forEach((v, d) => {
        if (!isFiniteNumber(v) || v < 0 || v > 1) {
          issues.push({ path: `firms[${i}].capacity[${d}]`, code: 'capacity_invalid', message: `capacity must be a number in [0,1], got ${String(v)}` });
        }
      });
      if (cap.length > capDays) capDays = cap.length;
    } else {
      const v = f.capacity as number;
      if (!isFiniteNumber(v) || v < 0 || v > 1) {
        issues.push({ path: `firms[${i}].capacity`, code: 'capacity_invalid', message: `capacity must be a number in [0,1], got ${String(v)}` });
      }
    }
    if (f.actual !== undefined && (!isFiniteNumber(f.actual) || f.actual < 0 || f.actual > 1)) {
      issues.push({ path: `firms[${i}].actual`, code: 'actual_invalid', message: `actual output must be a number in [0,1], got ${String(f.actual)}` });
    }
    if (f.weight !== undefined && (!isFiniteNumber(f.weight) || f.weight < 0)) {
      issues.push({ path: `firms[${i}].weight`, code: 'weight_invalid', message: `weight must be a finite number ≥ 0, got ${String(f.weight)}` });
    }
  }

  const itemIndex = new Map<string, number>();
  const itemNames: string[] = [];
  const itemOf = (name: string): number => {
    let k = itemIndex.get(name);
    if (k === undefined) {
      k = itemNames.length;
      itemIndex.set(name, k);
      itemNames.push(name);
    }
    return k;
  };
  const needs = new Map<string, NeedDraft>();
  const needOf = (firm: number, item: string): NeedDraft => {
    const key = `${firm}\u0000${item}`;
    let d = needs.get(key);
    if (d === undefined) {
      d = { firm, item: itemOf(item), essential: null, stock: 0, links: [], shareSum: 0, overPath: null };
      needs.set(key, d);
    }
    return d;
  };

  const links = input.links;
  const seenLinks = new Set<string>();
  for (let l = 0; l < links.length; l++) {
    const k = links[l];
    const p = `links[${l}]`;
    const s = index.get(k.supplier);
    const c = index.get(k.customer);
    let ok = true;
    if (s === undefined) {
      issues.push({ path: `${p}.supplier`, code: 'unknown_firm', message: `unknown supplier firm "${String(k.supplier)}"` });
      ok = false;
    }
    if (c === undefined) {
      issues.push({ path: `${p}.customer`, code: 'unknown_firm', message: `unknown customer firm "${String(k.customer)}"` });
      ok = false;
    }
    if (typeof k.item !== 'string' || k.item.length === 0) {
      issues.push({ path: `${p}.item`, code: 'invalid_type', message: 'item must be a non-empty string' });
      ok = false;
    }
    if (!isFiniteNumber(k.share) || k.share < 0 || k.share > 1) {
      issues.push({ path: `${p}.share`, code: 'share_range', message: `share must be a number in [0,1], got ${String(k.share)}` });
      ok = false;
    }
    const lead = k.leadDays ?? 1;
    if (!Number.isInteger(lead) || lead < 1 || lead > MAX_LEAD_DAYS) {
      issues.push({ path: `${p}.leadDays`, code: 'lead_invalid', message: `lead time must be a whole number of days from 1 to ${MAX_LEAD_DAYS}, got ${String(lead)}` });
      ok = false;
    }
    if (!ok || s === undefined || c === undefined) continue;
    const dupKey = `${s}\u0000${c}\u0000${k.item}`;
    if (seenLinks.has(dupKey)) {
      issues.push({ path: p, code: 'duplicate_link', message: `link ${k.supplier} → ${k.customer} for item "${k.item}" appears more than once` });
      continue;
    }
    seenLinks.add(dupKey);
    const need = needOf(c, k.item);
    const essential = k.essential ?? true;
    if (need.essential !== null && need.essential !== essential) {
      issues.push({ path: `${p}.essential`, code: 'essential_conflict', message: `item "${k.item}" of "${k.customer}" is flagged both essential and non-essential` });
    }
    need.essential = need.essential ?? essential;
    need.links.push(l);
    need.shareSum += k.share;
    if (need.overPath === null && need.shareSum > 1 + 1e-9) need.overPath = p;
  }

  const stocks = input.stocks ?? [];
  const seenStocks = new Set<string>();
  for (let i = 0; i < stocks.length; i++) {
    const st = stocks[i];
    const p = `stocks[${i}]`;
    const f = index.get(st.firm);
    if (f === undefined) {
      issues.push({ path: `${p}.firm`, code: 'unknown_firm', message: `unknown firm "${String(st.firm)}"` });
      continue;
    }
    if (typeof st.item !== 'string' || st.item.length === 0) {
      issues.push({ path: `${p}.item`, code: 'invalid_type', message: 'item must be a non-empty string' });
      continue;
    }
    if (!isFiniteNumber(st.days) || st.days < 0) {
      issues.push({ path: `${p}.days`, code: 'stock_invalid', message: `days of cover must be a finite number ≥ 0, got ${String(st.days)}` });
      continue;
    }
    const key = `${f}\u0000${st.item}`;
    if (seenStocks.has(key)) {
      issues.push({ path: p, code: 'duplicate_stock', message: `stock of "${st.item}" at "${st.firm}" is declared more than once` });
      continue;
    }
    seenStocks.add(key);
    needOf(f, st.item).stock = st.days;
  }

  for (const need of needs.values()) {
    if (need.overPath !== null) {
      const customer = firms[need.firm].id;
      issues.push({
        path: need.overPath,
        code: 'share_sum',
        message: `shares of item "${itemNames[need.item]}" for "${customer}" total ${pct(need.shareSum)}, exceeding 100 % by ${pct(need.shareSum - 1)}`,
      });
    }
  }
  if (issues.length > 0) throw new NetworkInputError(issues);

  const capacity = new Float64Array(n * capDays);
  const actual = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = firms[i];
    if (Array.isArray(f.capacity)) {
      const cap = f.capacity as readonly number[];
      for (let d = 0; d < capDays; d++) capacity[i * capDays + d] = cap[d < cap.length ? d : cap.length - 1];
    } else capacity.fill(f.capacity as number, i * capDays, (i + 1) * capDays);
    actual[i] = f.actual ?? 1;
    weight[i] = f.weight ?? 1;
  }

  const drafts = [...needs.values()];
  const m = drafts.length;
  const needStart = new Int32Array(n + 1);
  for (const d of drafts) needStart[d.firm + 1]++;
  for (let i = 0; i < n; i++) needStart[i + 1] += needStart[i];
  const fill = needStart.slice(0, n);
  const sorted: NeedDraft[] = new Array<NeedDraft>(m);
  for (const d of drafts) sorted[fill[d.firm]++] = d;

  const needItem = new Int32Array(m);
  const needEssential = new Uint8Array(m);
  const needOutside = new Float64Array(m);
  const needStock0 = new Float64Array(m);
  const linkStart = new Int32Array(m + 1);
  let L = 0;
  for (let q = 0; q < m; q++) L += sorted[q].links.length;
  const linkSupplier = new Int32Array(L);
  const linkShare = new Float64Array(L);
  const linkLead = new Uint16Array(L);
  let at = 0;
  for (let q = 0; q < m; q++) {
    const d = sorted[q];
    needItem[q] = d.item;
    needEssential[q] = d.essential === false ? 0 : 1;
    needStock0[q] = d.stock;
    linkStart[q] = at;
    let sum = 0;
    for (const l of d.links) {
      const k = links[l];
      linkSupplier[at] = index.get(k.supplier) as number;
      linkShare[at] = k.share;
      linkLead[at] = k.leadDays ?? 1;
      sum += k.share;
      at++;
    }
    needOutside[q] = sum >= 1 ? 0 : 1 - sum;
  }
  linkStart[m] = at;

  return finishNetwork({
    n,
    ids: firms.map((f) => f.id),
    items: itemNames,
    capDays,
    capacity,
    actual,
    weight,
    needStart,
    needItem,
    needEssential,
    needOutside,
    needStock0,
    linkStart,
    linkSupplier,
    linkShare,
    linkLead,
  });
}

/**
 * Completes core arrays into a `Network`: downstream adjacency, topology, and — unless the
 * firms are already in a supplier-first order — a renumbering of firms into that order
 * (strongly connected components contiguous, components topologically sorted).
 *
 * The renumbering is what makes sweeps fast: the static solve and every dynamic day then walk
 * needs and links front to back, and only supplier outputs are read out of order (5× faster
 * than following a topological order through arrays laid out in input order, at a million
 * firms). Firm indices therefore are not input positions; `ids` is permuted with them, so
 * use `firmIndex(net)` / `firmId(net, i)` to translate. Needs and links keep their relative
 * order, so every sum is evaluated in the same order as before the renumbering.
 */
export function finishNetwork(core: NetworkCore): Network {
  let down = downstream(core);
  let topo: Topology;
  if (isSupplierFirst(core)) topo = identityTopology(core.n);
  else {
    const t = computeTopology(core.n, down.downStart, down.downCustomer);
    core = permuteCore(core, t.order);
    down = downstream(core);
    topo = renumberedTopology(t);
  }
  let maxLead = 1;
  const lead = core.linkLead;
  for (let l = 0; l < lead.length; l++) if (lead[l] > maxLead) maxLead = lead[l];
  return packNetwork({ ...core, m: core.needEssential.length, linkCount: core.linkSupplier.length, maxLead, ...down, ...topo });
}

/**
 * A `Network` from core arrays already numbered in sweep order (members of each strongly
 * connected component contiguous, components in topological order) with that component split
 * given: what a stored network (`.fgn`) holds, so loading it renumbers nothing. The caller
 * vouches for the order; `compStart` has compCount + 1 entries.
 */
export function assembleNetwork(core: NetworkCore, compStart: Int32Array, compCyclic: Uint8Array): Network {
  const n = core.n;
  const compCount = compCyclic.length;
  let topo: Topology;
  if (compCount === n && !compCyclic.includes(1)) topo = identityTopology(n);
  else {
    const order = new Int32Array(n);
    const comp = new Int32Array(n);
    for (let k = 0; k < compCount; k++) {
      for (let p = compStart[k]; p < compStart[k + 1]; p++) {
        order[p] = p;
        comp[p] = k;
      }
    }
    topo = { order, compStart, comp, compCyclic, compCount, acyclic: false };
  }
  let maxLead = 1;
  const lead = core.linkLead;
  for (let l = 0; l < lead.length; l++) if (lead[l] > maxLead) maxLead = lead[l];
  return packNetwork({ ...core, m: core.needEssential.length, linkCount: core.linkSupplier.length, maxLead, ...downstream(core), ...topo });
}

interface Downstream {
  downStart: Int32Array;
  downCustomer: Int32Array;
  downLead: Uint16Array;
}

/** Supplier → customer adjacency over essential links (one entry per link), customers ascending. */
function downstream(core: NetworkCore): Downstream {
  const { n, needStart, needEssential, linkStart, linkSupplier, linkLead } = core;
  const m = needEssential.length;
  const downStart = new Int32Array(n + 1);
  let E = 0;
  for (let q = 0; q < m; q++) {
    if (needEssential[q] === 0) continue;
    for (let l = linkStart[q]; l < linkStart[q + 1]; l++) downStart[linkSupplier[l] + 1]++;
    E += linkStart[q + 1] - linkStart[q];
  }
  for (let i = 0; i < n; i++) downStart[i + 1] += downStart[i];
  const downCustomer = new Int32Array(E);
  const downLead = new Uint16Array(E);
  const pos = downStart.slice(0, n);
  for (let c = 0; c < n; c++) {
    for (let q = needStart[c]; q < needStart[c + 1]; q++) {
      if (needEssential[q] === 0) continue;
      for (let l = linkStart[q]; l < linkStart[q + 1]; l++) {
        const p = pos[linkSupplier[l]]++;
        downCustomer[p] = c;
        downLead[p] = linkLead[l];
      }
    }
  }
  return { downStart, downCustomer, downLead };
}

/** True when every essential link goes from a lower to a higher firm index (then index order is topological). */
function isSupplierFirst(core: NetworkCore): boolean {
  const { n, needStart, needEssential, linkStart, linkSupplier } = core;
  for (let c = 0; c < n; c++) {
    for (let q = needStart[c]; q < needStart[c + 1]; q++) {
      if (needEssential[q] === 0) continue;
      for (let l = linkStart[q]; l < linkStart[q + 1]; l++) if (linkSupplier[l] >= c) return false;
    }
  }
  return true;
}

/** Every firm its own component, in index order. One array backs order, comp and compStart. */
function identityTopology(n: number): Topology {
  const ident = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) ident[i] = i;
  const order = ident.subarray(0, n);
  return { order, compStart: ident, comp: order, compCyclic: new Uint8Array(n), compCount: n, acyclic: true };
}

/** Topology after renumbering firm order[p] to p: same components, members now contiguous indices. */
function renumberedTopology(t: Topology): Topology {
  const n = t.order.length;
  if (t.acyclic) return identityTopology(n);
  const order = new Int32Array(n);
  const comp = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    order[p] = p;
    comp[p] = t.comp[t.order[p]];
  }
  return { order, compStart: t.compStart, comp, compCyclic: t.compCyclic, compCount: t.compCount, acyclic: t.acyclic };
}

/** Core arrays with firm `order[p]` renumbered to p; needs and links keep their relative order. */
function permuteCore(core: NetworkCore, order: Int32Array): NetworkCore {
  const n = core.n;
  const newOf = new Int32Array(n);
  for (let p = 0; p < n; p++) newOf[order[p]] = p;
  const cd = core.capDays;
  const m = core.needEssential.length;
  const L = core.linkSupplier.length;
  const capacity = new Float64Array(core.capacity.length);
  const actual = new Float64Array(n);
  const weight = new Float64Array(n);
  const needStart = new Int32Array(n + 1);
  const needItem = new Int32Array(m);
  const needEssential = new Uint8Array(m);
  const needOutside = new Float64Array(m);
  const needStock0 = new Float64Array(m);
  const linkStart = new Int32Array(m + 1);
  const linkSupplier = new Int32Array(L);
  const linkShare = new Float64Array(L);
  const linkLead = new Uint16Array(L);
  let q2 = 0;
  let l2 = 0;
  for (let p = 0; p < n; p++) {
    const c = order[p];
    actual[p] = core.actual[c];
    weight[p] = core.weight[c];
    for (let d = 0; d < cd; d++) capacity[p * cd + d] = core.capacity[c * cd + d];
    for (let q = core.needStart[c]; q < core.needStart[c + 1]; q++, q2++) {
      needItem[q2] = core.needItem[q];
      needEssential[q2] = core.needEssential[q];
      needOutside[q2] = core.needOutside[q];
      needStock0[q2] = core.needStock0[q];
      linkStart[q2] = l2;
      for (let l = core.linkStart[q]; l < core.linkStart[q + 1]; l++, l2++) {
        linkSupplier[l2] = newOf[core.linkSupplier[l]];
        linkShare[l2] = core.linkShare[l];
        linkLead[l2] = core.linkLead[l];
      }
    }
    needStart[p + 1] = q2;
  }
  linkStart[m] = l2;
  const ids = core.ids;
  return {
    n,
    ids: ids === null ? null : Array.from(order, (c) => ids[c]),
    items: core.items,
    capDays: cd,
    capacity,
    actual,
    weight,
    needStart,
    needItem,
    needEssential,
    needOutside,
    needStock0,
    linkStart,
    linkSupplier,
    linkShare,
    linkLead,
  };
}

/** Topology fields of a `Network`. */
export interface Topology {
  order: Int32Array;
  compStart: Int32Array;
  comp: Int32Array;
  compCyclic: Uint8Array;
  compCount: number;
  acyclic: boolean;
}

/**
 * Strongly connected components of the supplier → customer graph, in topological order.
 *
 * Kahn's algorithm first: on the usual acyclic map it gives the order directly with every firm
 * its own component. Only when it cannot finish (a cycle exists) does an iterative Tarjan pass
 * run, so deep supply chains never hit the call-stack limit.
 */
export function computeTopology(n: number, downStart: Int32Array, downCustomer: Int32Array): Topology {
  const indeg = new Int32Array(n);
  const E = downCustomer.length;
  for (let e = 0; e < E; e++) indeg[downCustomer[e]]++;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indeg[i] === 0) order[tail++] = i;
  while (head < tail) {
    const v = order[head++];
    for (let e = downStart[v]; e < downStart[v + 1]; e++) {
      const w = downCustomer[e];
      if (--indeg[w] === 0) order[tail++] = w;
    }
  }
  if (tail === n) {
    const comp = new Int32Array(n);
    for (let p = 0; p < n; p++) comp[order[p]] = p;
    const compStart = new Int32Array(n + 1);
    for (let p = 0; p <= n; p++) compStart[p] = p;
    return { order, compStart, comp, compCyclic: new Uint8Array(n), compCount: n, acyclic: true };
  }
  return tarjan(n, downStart, downCustomer);
}

function tarjan(n: number, downStart: Int32Array, downCustomer: Int32Array): Topology {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const rawComp = new Int32Array(n);
  let sp = 0;
  let next = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let csp = 0;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp++] = downStart[root];
    while (csp > 0) {
      const v = callNode[csp - 1];
      const e = callEdge[csp - 1];
      if (e < downStart[v + 1]) {
        callEdge[csp - 1] = e + 1;
        const w = downCustomer[e];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp++] = downStart[w];
        } else if (onStack[w] === 1 && index[w] < low[v]) low[v] = index[w];
      } else {
        csp--;
        if (csp > 0) {
          const u = callNode[csp - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            rawComp[w] = count;
          } while (w !== v);
          count++;
        }
      }
    }
  }
  // Tarjan emits sink components first; flip so suppliers come before their customers.
  const comp = new Int32Array(n);
  const compStart = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) {
    comp[i] = count - 1 - rawComp[i];
    compStart[comp[i] + 1]++;
  }
  for (let k = 0; k < count; k++) compStart[k + 1] += compStart[k];
  const fill = compStart.slice(0, count);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[comp[i]]++] = i;
  const compCyclic = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    if (compStart[k + 1] - compStart[k] > 1) compCyclic[k] = 1;
    else {
      const v = order[compStart[k]];
      for (let e = downStart[v]; e < downStart[v + 1]; e++) if (downCustomer[e] === v) compCyclic[k] = 1;
    }
  }
  return { order, compStart, comp, compCyclic, compCount: count, acyclic: false };
}

type TypedArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

function toShared<T extends TypedArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * `net` with every array in shared memory, so worker threads can read the same memory instead
 * of each receiving a clone of a map that may be hundreds of megabytes. Networks built by
 * `finishNetwork` already live in a shared arena and come back unchanged (no copy).
 */
export function shareNetwork(net: Network): Network {
  const out: Network = { ...net };
  for (const field of NETWORK_ARRAYS) (out as unknown as Record<string, TypedArray>)[field] = toShared(net[field]);
  return out;
}

/** Bytes held by the network's arrays: the memory figure the benchmarks report. */
export function networkBytes(net: Network): number {
  // Arrays may be views of one buffer (the arena, the identity topology): count each buffer once.
  const seen = new Set<ArrayBufferLike>();
  let sum = 0;
  for (const field of NETWORK_ARRAYS) {
    const buffer = net[field].buffer;
    if (seen.has(buffer)) continue;
    seen.add(buffer);
    sum += net.arena !== undefined && buffer === net.arena.buffer ? net.arena.bytes : buffer.byteLength;
  }
  return sum;
}

/**
 * Plain-object form of a compact network, the inverse of `buildNetwork` (stocks included,
 * per-day capacity kept as arrays). Scenarios edit this form and rebuild, which re-validates.
 */
export function networkToInput(net: Network): NetworkInput {
  const firms: FirmInput[] = [];
  for (let i = 0; i < net.n; i++) {
    let capacity: number | number[];
    if (net.capDays === 1) capacity = net.capacity[i];
    else capacity = Array.from(net.capacity.subarray(i * net.capDays, (i + 1) * net.capDays));
    firms.push({ id: firmId(net, i), capacity, actual: net.actual[i], weight: net.weight[i] });
  }
  const links: LinkInput[] = [];
  const stocks: StockInput[] = [];
  for (let c = 0; c < net.n; c++) {
    const customer = firmId(net, c);
    for (let q = net.needStart[c]; q < net.needStart[c + 1]; q++) {
      const item = itemName(net, net.needItem[q]);
      for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) {
        links.push({
          supplier: firmId(net, net.linkSupplier[l]),
          customer,
          item,
          share: net.linkShare[l],
          essential: net.needEssential[q] === 1,
          leadDays: net.linkLead[l],
        });
      }
      if (net.needStock0[q] > 0 || net.linkStart[q + 1] === net.linkStart[q]) {
        stocks.push({ firm: customer, item, days: net.needStock0[q] });
      }
    }
  }
  return { firms, links, stocks };
}
