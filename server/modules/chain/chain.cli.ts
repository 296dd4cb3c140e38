/**
 * JSON file front end of the chain-break engine: `fugong chain simulate --in network.json
 * --out result.json [--horizon 30] [--static]` calls `simulateFile`. The format is documented
 * in FORMAT.md next to this file. Parsing and formatting are pure; only `simulateFile` touches
 * the file system.
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  buildNetwork,
  criticality,
  criticalityParallel,
  dynamicCause,
  firmId,
  firmIndex,
  helpPriority,
  itemName,
  NetworkInputError,
  runDynamic,
  solveStatic,
  staticCause,
  DEFAULT_HORIZON,
  DEFAULT_THETA,
  type BreakCause,
  type CriticalityEntry,
  type DynamicResult,
  type FirmInput,
  type LinkInput,
  type Network,
  type NetworkIssue,
  type PriorityStep,
  type StaticResult,
  type StockInput,
} from './engine/index';

/** Rows of the criticality ranking written to the result file. */
export const CRITICAL_ROWS = 50;
/** Greedy help steps written to the result file. */
export const PRIORITY_STEPS = 20;

/** A parsed and validated network file. */
export interface ParsedNetworkFile {
  network: Network;
  /** Break threshold from the file (default 0.5). */
  theta: number;
  /** Horizon from the file, if any (the CLI flag overrides it). */
  horizon: number | undefined;
  /** Firm ids in file order, the order results are written in. */
  firmOrder: string[];
}

/** One firm of a result file. */
export interface FirmResultJson {
  id: string;
  /** Static: x_i. Dynamic: x_i(t) for t = 0..horizon−1. */
  x: number | number[];
  /** Dynamic: first break day. Static: 0 when broken. Null when not broken. */
  breakDay: number | null;
  cause: { item: string; path: string[] } | null;
}

/** The result file. */
export interface ChainResultJson {
  mode: 'static' | 'dynamic';
  theta: number;
  /** Days simulated (dynamic) — absent in static mode. */
  horizon?: number;
  firms: FirmResultJson[];
  /** Chain output per day (static: one value). */
  Y: number[];
  critical: { id: string; loss: number; broken: string[] }[];
  priority: { id: string; gain: number; cumulativeY: number; restored: string[] }[];
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates the shape of a network file and builds the network. Type problems (missing ids,
 * a share that is not a number, …) and model problems (unknown firms, shares over 100 %, …)
 * are all reported together in one `NetworkInputError`.
 */
export function parseNetworkJson(obj: Json): ParsedNetworkFile {
  const issues: NetworkIssue[] = [];
  const bad = (path: string, message: string): void => {
    issues.push({ path, code: 'invalid_type', message });
  };
  if (!isObject(obj)) throw new NetworkInputError([{ path: '', code: 'invalid_type', message: 'network file must be a JSON object' }]);

  const firms: FirmInput[] = [];
  if (!Array.isArray(obj.firms)) bad('firms', 'firms must be an array');
  else {
    obj.firms.forEach((f: Json, i: number) => {
      const p = `firms[${i}]`;
      if (!isObject(f)) return bad(p, 'firm must be an object');
      if (typeof f.id !== 'string') return bad(`${p}.id`, 'firm id must be a string');
      const cap = f.capacity;
      const capOk = typeof cap === 'number' || (Array.isArray(cap) && cap.every((v: Json) => typeof v === 'number'));
      if (!capOk) return bad(`${p}.capacity`, 'capacity must be a number or an array of numbers (one per day)');
      if (f.actual !== undefined && typeof f.actual !== 'number') return bad(`${p}.actual`, 'actual must be a number');
      if (f.weight !== undefined && typeof f.weight !== 'number') return bad(`${p}.weight`, 'weight must be a number');
      firms.push({
        id: f.id,
        capacity: cap as number | number[],
        actual: f.actual as number | undefined,
        weight: f.weight as number | undefined,
      });
    });
  }

  const links: LinkInput[] = [];
  if (!Array.isArray(obj.links)) bad('links', 'links must be an array');
  else {
    obj.links.forEach((l: Json, i: number) => {
      const p = `links[${i}]`;
      if (!isObject(l)) return bad(p, 'link must be an object');
      for (const key of ['supplier', 'customer', 'item'] as const) {
        if (typeof l[key] !== 'string') return bad(`${p}.${key}`, `${key} must be a string`);
      }
      if (typeof l.share !== 'number') return bad(`${p}.share`, 'share must be a number');
      if (l.essential !== undefined && typeof l.essential !== 'boolean') return bad(`${p}.essential`, 'essential must be true or false');
      if (l.leadDays !== undefined && typeof l.leadDays !== 'number') return bad(`${p}.leadDays`, 'leadDays must be a number');
      links.push({
        supplier: l.supplier as string,
        customer: l.customer as string,
        item: l.item as string,
        share: l.share,
        essential: l.essential as boolean | undefined,
        leadDays: l.leadDays as number | undefined,
      });
    });
  }

  const stocks: StockInput[] = [];
  if (obj.stocks !== undefined) {
    if (!Array.isArray(obj.stocks)) bad('stocks', 'stocks must be an array');
    else {
      obj.stocks.forEach((s: Json, i: number) => {
        const p = `stocks[${i}]`;
        if (!isObject(s)) return bad(p, 'stock must be an object');
        if (typeof s.firm !== 'string') return bad(`${p}.firm`, 'firm must be a string');
        if (typeof s.item !== 'string') return bad(`${p}.item`, 'item must be a string');
        if (typeof s.days !== 'number') return bad(`${p}.days`, 'days must be a number');
        stocks.push({ firm: s.firm, item: s.item, days: s.days });
      });
    }
  }

  let theta = DEFAULT_THETA;
  if (obj.theta !== undefined) {
    if (typeof obj.theta !== 'number' || !(obj.theta > 0 && obj.theta <= 1)) bad('theta', 'theta must be a number in (0,1]');
    else theta = obj.theta;
  }
  let horizon: number | undefined;
  if (obj.horizon !== undefined) {
    if (typeof obj.horizon !== 'number' || !Number.isInteger(obj.horizon) || obj.horizon < 1) bad('horizon', 'horizon must be a whole number of days ≥ 1');
    else horizon = obj.horizon;
  }

  let network: Network | null = null;
  try {
    network = buildNetwork({ firms, links, stocks });
  } catch (err) {
    if (!(err instanceof NetworkInputError)) throw err;
    issues.push(...err.issues);
  }
  if (issues.length > 0 || network === null) throw new NetworkInputError(issues);
  return { network, theta, horizon, firmOrder: firms.map((f) => f.id) };
}

function causeJson(net: Network, cause: BreakCause | null): FirmResultJson['cause'] {
  if (cause === null) return null;
  return { item: itemName(net, cause.item), path: cause.path.map((i) => firmId(net, i)) };
}

/**
 * Turns engine results into the result-file object. `firmOrder` (ids) fixes the order of the
 * `firms` array; by default it is the network's index order.
 */
export function formatResult(
  net: Network,
  result: StaticResult | DynamicResult,
  critical: readonly CriticalityEntry[],
  priority: readonly PriorityStep[],
  firmOrder?: readonly string[],
): ChainResultJson {
  const order = firmOrder === undefined ? Array.from({ length: net.n }, (_, i) => i) : (() => {
    const index = firmIndex(net);
    return firmOrder.map((id) => {
      const i = index.get(id);
      if (i === undefined) throw new Error(`firm "${id}" is not in the network`);
      return i;
    });
  })();
  const ids = (list: readonly number[]): string[] => list.map((i) => firmId(net, i));
  const common = {
    theta: result.theta,
    critical: critical.map((c) => ({ id: firmId(net, c.firm), loss: c.loss, broken: ids(c.broken) })),
    priority: priority.map((p) => ({ id: firmId(net, p.firm), gain: p.gain, cumulativeY: p.cumulativeY, restored: ids(p.restored) })),
  };
  if ('horizon' in result) {
    const h = result.history;
    if (h === null) throw new Error('formatResult needs a dynamic run made with history: true');
    return {
      mode: 'dynamic',
      horizon: result.horizon,
      firms: order.map((i) => ({
        id: firmId(net, i),
        x: Array.from(h.x.subarray(i * h.stride, i * h.stride + result.horizon)),
        breakDay: result.breakDay[i] < 0 ? null : result.breakDay[i],
        cause: causeJson(net, dynamicCause(net, result, i)),
      })),
      Y: Array.from(result.Y),
      ...common,
    };
  }
  return {
    mode: 'static',
    firms: order.map((i) => ({
      id: firmId(net, i),
      x: result.x[i],
      breakDay: result.broken[i] === 1 ? 0 : null,
      cause: causeJson(net, staticCause(net, result, i)),
    })),
    Y: [result.Y],
    ...common,
  };
}

/** Options of `simulateFile`. */
export interface SimulateFileOptions {
  inPath: string;
  outPath: string;
  /** Overrides the file's horizon (default 30 days). */
  horizon?: number;
  /** Static model instead of the day-by-day one. */
  static?: boolean;
  /** Called as criticality candidates and help steps complete (total = firms + help steps). */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads for criticality; 1 (default) runs in this thread. */
  workers?: number;
}

/**
 * Reads a network file, runs the chosen model, ranks every firm's criticality (top 50) and the
 * greedy help list (20 steps), and writes the result file. Throws `NetworkInputError` for an
 * invalid file (including invalid JSON).
 */
export async function simulateFile(opts: SimulateFileOptions): Promise<void> {
  const text = await readFile(opts.inPath, 'utf8');
  let obj: Json;
  try {
    obj = JSON.parse(text) as Json;
  } catch (err) {
    throw new NetworkInputError([{ path: '', code: 'invalid_type', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  const parsed = parseNetworkJson(obj);
  const net = parsed.network;
  const mode = opts.static === true ? 'static' : 'dynamic';
  const horizon = opts.horizon ?? parsed.horizon ?? DEFAULT_HORIZON;
  const theta = parsed.theta;
  const total = net.n + PRIORITY_STEPS;
  const result = mode === 'static' ? solveStatic(net, { theta }) : runDynamic(net, { horizon, theta, history: true });
  const progress = (done: number): void => opts.onProgress?.(done, total);
  const critOpts = { mode, horizon, theta, top: CRITICAL_ROWS, onProgress: (d: number) => progress(d) } as const;
  const critical = (opts.workers ?? 1) > 1 ? await criticalityParallel(net, { ...critOpts, workers: opts.workers }) : criticality(net, critOpts);
  progress(net.n);
  const priority = helpPriority(net, { mode, horizon, theta, steps: PRIORITY_STEPS, onProgress: (d) => progress(net.n + d) });
  const out = formatResult(net, result, critical, priority, parsed.firmOrder);
  await writeFile(opts.outPath, `${JSON.stringify(out)}\n`, 'utf8');
  progress(total);
}
