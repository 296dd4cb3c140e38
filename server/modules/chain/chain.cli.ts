/**
 * JSON file front end of the chain-break engine: `fugong chain simulate --in network.json
 * --out result.json [--horizon 30] [--static]` calls `simulateFile`. The format is documented
 * in FORMAT.md next to this file. Parsing and formatting are pure; only `simulateFile` touches
 * the file system.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadNetworkFile } from './chain.load';
import {
  buildNetwork,
  criticality,
  criticalityParallel,
  dynamicCause,
  firmId,
  firmIndex,
  helpPriority,
  helpPriorityParallel,
  ImpactEngine,
  ImpactPool,
  arenaBaseline,
  itemName,
  NetworkInputError,
  runDynamic,
  solveStatic,
  staticCause,
  topByExposure,
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

/** Default number of criticality and help candidates: the firms with the largest exposure. */
export const DEFAULT_CANDIDATES = 2000;

/** Options of `simulateFile`. */
export interface SimulateFileOptions {
  /** Network file: JSON (FORMAT.md) or binary `.fgn`, told apart by content. */
  inPath: string;
  outPath: string;
  /** Overrides the file's horizon (default 30 days). */
  horizon?: number;
  /** Static model instead of the day-by-day one. */
  static?: boolean;
  /**
   * Criticality and help priority run on the firms with the largest direct exposure (Σ share ×
   * customer weight over their essential links), this many (default 2,000; all firms when the
   * map is smaller): ranking every firm of a million-firm map would take hours.
   */
  candidates?: number;
  /** Called as criticality candidates and help steps complete (total = candidates + help steps). */
  onProgress?: (done: number, total: number) => void;
  /** Called with a line about each finished stage (loading, solving, ranking, writing). */
  onStage?: (line: string) => void;
  /** Worker threads for criticality and the help list's gains; 1 (default) runs in this thread. */
  workers?: number;
}

/**
 * Reads a network file, runs the chosen model, ranks the criticality of the most exposed firms
 * (top 50) and the greedy help list among them (20 steps), and writes the result file. Throws
 * `NetworkInputError` for an invalid file (including invalid JSON).
 */
export async function simulateFile(opts: SimulateFileOptions): Promise<void> {
  let t0 = performance.now();
  const stage = (what: string): void => {
    const now = performance.now();
    opts.onStage?.(`${what} (${((now - t0) / 1000).toFixed(1)} s)`);
    t0 = now;
  };
  const loaded = loadNetworkFile(opts.inPath);
  const net = loaded.network;
  stage(`loaded ${net.n.toLocaleString('en')} firms, ${net.linkCount.toLocaleString('en')} links`);
  const mode = opts.static === true ? 'static' : 'dynamic';
  const horizon = opts.horizon ?? loaded.horizon ?? DEFAULT_HORIZON;
  const theta = loaded.theta;
  const candidates = topByExposure(net, Math.min(net.n, opts.candidates ?? DEFAULT_CANDIDATES));
  const total = candidates.length + PRIORITY_STEPS;
  // The CLI reads the run once, in place: no copy of a history that can be gigabytes.
  const result = mode === 'static' ? solveStatic(net, { theta }) : runDynamic(net, { horizon, theta, history: true, transient: true });
  stage(`${mode} solve`);
  const progress = (done: number): void => opts.onProgress?.(done, total);
  // The forecast part of the result file first: the rankings then use the forecast's arrays in
  // place (the help list's steps change them) instead of a copy of a history of gigabytes.
  const out = startResultFile(opts.outPath, net, result, loaded.inputOrder);
  try {
    stage(`wrote the forecast to ${opts.outPath}`);
    collectGarbage();
    // One impact engine for both rankings, starting from the forecast just made (no second run);
    // in dynamic mode it reads the forecast in the network's arena in place, as do the workers.
    const dyn = 'horizon' in result ? result : undefined;
    const engine = new ImpactEngine(net, { mode, horizon, theta }, dyn === undefined ? undefined : (arenaBaseline(net, dyn) ?? dyn));
    const critOpts = { mode, horizon, theta, top: CRITICAL_ROWS, candidates, engine, onProgress: (d: number) => progress(d) } as const;
    const helpOpts = { mode, horizon, theta, steps: PRIORITY_STEPS, candidates, engine, onProgress: (d: number) => progress(candidates.length + d) } as const;
    // The same worker threads answer both rankings (they read the engine's baseline in place).
    const pool = (opts.workers ?? 1) > 1 && candidates.length > 0 ? new ImpactPool(engine, Math.min(opts.workers ?? 1, candidates.length)) : null;
    let critical: CriticalityEntry[];
    let priority: PriorityStep[];
    try {
      critical = pool !== null ? await criticalityParallel(net, { ...critOpts, pool }) : criticality(net, critOpts);
      progress(candidates.length);
      stage(`criticality of ${candidates.length.toLocaleString('en')} candidates`);
      priority = pool !== null ? await helpPriorityParallel(net, { ...helpOpts, pool }) : helpPriority(net, helpOpts);
      stage(`help priority${pool !== null ? ` (${pool.size} workers)` : ''}`);
    } finally {
      await pool?.close();
    }
    out.finish(critical, priority);
  } finally {
    out.close();
  }
  progress(total);
  stage(`wrote ${opts.outPath}`);
}

/**
 * A full garbage collection now. Writing a million-firm forecast leaves a few hundred MB of
 * dead text in the old generation, and V8 — its heap limit raised by the gigabytes of network
 * arena beside it — would keep them until the end of the command, on top of the rankings' peak
 * (measured: 2.45 → 2.12 GB peak RSS at 1M / 5M). The command collects once between the two
 * parts; `gc` is not exposed by default, so it is taken from a fresh context after allowing it.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Bytes of the result writer's buffer. */
const WRITE_BUFFER_BYTES = 1 << 20;

/** `JSON.stringify(v)` of a number (the same shortest round-trip text; null when not finite), without the generic serializer. */
export function jsonNumber(v: number): string {
  return v - v === 0 ? `${v}` : 'null';
}

/**
 * Writes the result file as it is produced, firm by firm, through a small buffer: a
 * million-firm dynamic result is gigabytes of text, more than one string can hold. The bytes
 * are exactly `JSON.stringify(formatResult(…))` (tested).
 */
export function writeResultFile(
  path: string,
  net: Network,
  result: StaticResult | DynamicResult,
  critical: readonly CriticalityEntry[],
  priority: readonly PriorityStep[],
  order: ArrayLike<number>,
  bufferBytes?: number,
): void {
  startResultFile(path, net, result, order, bufferBytes).finish(critical, priority);
}

/** A result file whose forecast part is written; `finish` appends the rankings and closes it. */
export interface ResultFileWriter {
  finish(critical: readonly CriticalityEntry[], priority: readonly PriorityStep[]): void;
  /** Closes the file unfinished (after a failure). */
  close(): void;
}

/**
 * Writes the forecast part of the result file (firms, Y, θ) and keeps the file open for the
 * rankings. The CLI writes it before ranking, so the rankings may then reuse (and the help list
 * change) the forecast's arrays in place instead of copying them first.
 */
export function startResultFile(path: string, net: Network, result: StaticResult | DynamicResult, order: ArrayLike<number>, bufferBytes = WRITE_BUFFER_BYTES): ResultFileWriter {
  // Text goes straight into a byte buffer (UTF-8) written out when full: appending to one
  // string would build a rope that writeSync then has to flatten, which cost more than all the
  // formatting. The forecast part and the rankings go through the same buffer.
  const buf = Buffer.allocUnsafe(bufferBytes);
  let pos = 0;
  const fd = openSync(path, 'w');
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const flush = (): void => {
    if (pos > 0) writeSync(fd, buf, 0, pos);
    pos = 0;
  };
  const put = (text: string): void => {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (pos + text.length * 3 > buf.length) {
      flush();
      if (text.length * 3 > buf.length) {
        writeSync(fd, text);
        return;
      }
    }
    pos += buf.write(text, pos, 'utf8');
  };
  const str = (v: string): string => JSON.stringify(v);
  const num = jsonNumber;
  const ids = (list: readonly number[]): string => `[${list.map((i) => str(firmId(net, i))).join(',')}]`;
  try {
    const cause = (c: BreakCause | null): string =>
      c === null ? 'null' : `{"item":${str(itemName(net, c.item))},"path":${ids(c.path)}}`;
    const dynamic = 'horizon' in result;
    // Key order as formatResult builds its object (theta comes with the rankings).
    put(`{"mode":${dynamic ? '"dynamic"' : '"static"'}`);
    if (dynamic) put(`,"horizon":${result.horizon}`);
    put(',"firms":[');
    const h = dynamic ? result.history : null;
    const row: string[] = new Array<string>(dynamic ? result.horizon : 0).fill('');
    if (dynamic && h === null) throw new Error('writeResultFile needs a dynamic run made with history: true');
    for (let p = 0; p < order.length; p++) {
      const i = order[p];
      let x: string;
      let breakDay: string;
      let c: BreakCause | null;
      if (dynamic && h !== null) {
        // A firm's output is often the same for days on end: a repeated value reuses its text
        // (one reused array of texts, joined into one flat string per firm).
        const o = i * h.stride;
        let prev = h.x[o];
        let text = num(prev);
        row[0] = text;
        for (let t = 1; t < result.horizon; t++) {
          const v = h.x[o + t];
          if (v !== prev) {
            prev = v;
            text = num(v);
          }
          row[t] = text;
        }
        x = `[${row.join(',')}]`;
        breakDay = result.breakDay[i] < 0 ? 'null' : String(result.breakDay[i]);
        c = result.breakDay[i] < 0 ? null : dynamicCause(net, result, i);
      } else {
        const r = result as StaticResult;
        x = num(r.x[i]);
        breakDay = r.broken[i] === 1 ? '0' : 'null';
        c = r.broken[i] === 1 ? staticCause(net, r, i) : null;
      }
      put(`${p === 0 ? '' : ','}{"id":${str(firmId(net, i))},"x":${x},"breakDay":${breakDay},"cause":${cause(c)}}`);
    }
    put(`],"Y":[${dynamic ? Array.from(result.Y, num).join(',') : num(result.Y)}],"theta":${num(result.theta)}`);
    flush();
    return {
      close,
      finish(critical, priority) {
        try {
          writeTail(critical, priority);
        } finally {
          close();
        }
      },
    };
  } catch (err) {
    close();
    throw err;
  }

  function writeTail(critical: readonly CriticalityEntry[], priority: readonly PriorityStep[]): void {
    put(`,"critical":[${critical.map((e) => `{"id":${str(firmId(net, e.firm))},"loss":${num(e.loss)},"broken":${ids(e.broken)}}`).join(',')}]`);
    put(
      `,"priority":[${priority
        .map((e) => `{"id":${str(firmId(net, e.firm))},"gain":${num(e.gain)},"cumulativeY":${num(e.cumulativeY)},"restored":${ids(e.restored)}}`)
        .join(',')}]}\n`,
    );
    flush();
  }
}
