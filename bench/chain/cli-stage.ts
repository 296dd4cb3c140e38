/**
 * Loading and the whole `fugong chain simulate` command at the benchmark's size: the map is
 * written as a JSON network file (streamed, as a big map's file cannot be one string) and as
 * `.fgn`; then JSON.parse of the file's bytes (`timeJsonParse`: in pieces when the file is too
 * large for one string), the streaming reader and the binary reader are timed, and the real CLI runs in child processes under
 * `/usr/bin/time` (wall time and peak resident memory).
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeNetworkBinary } from '../../server/modules/chain/chain.fgn';
import { readNetworkJson } from '../../server/modules/chain/chain.load';
import { readNetworkBinary } from '../../server/modules/chain/chain.fgn';
import { firmId, itemName, type Network } from '../../server/modules/chain/engine/index';

const execFileAsync = promisify(execFile);

/** One stage line of the CLI's stderr: what finished and the seconds it took. */
export interface CliStageTime {
  what: string;
  s: number;
}

/** One whole `chain simulate` command. */
export interface CliRun {
  label: string;
  /** Wall time of the child process (ms) and its peak RSS (bytes), from /usr/bin/time. */
  ms: number;
  peakBytes: number;
  /** The stage lines the command printed, in order. */
  stages: CliStageTime[];
}

/** Stage lines ("what (12.3 s)") of the CLI's stderr. */
export function parseStages(stderr: string): CliStageTime[] {
  const out: CliStageTime[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(.*\S) \((\d+(?:\.\d+)?) s\)$/.exec(line.trim());
    if (m !== null) out.push({ what: m[1], s: Number(m[2]) });
  }
  return out;
}

/**
 * Runs `fugong chain simulate` once in a child process under `/usr/bin/time`; `args` are the
 * options after `--in … --out …`.
 */
export async function runSimulate(label: string, inPath: string, outPath: string, args: readonly string[]): Promise<CliRun> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const t0 = performance.now();
  const { stderr } = await execFileAsync(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, `${root}bin/fugong.mjs`, 'chain', 'simulate', '--in', inPath, '--out', outPath, ...args],
    { cwd: root, maxBuffer: 1 << 26 },
  );
  const ms = performance.now() - t0;
  const last = stderr.trim().split('\n').at(-1) ?? '';
  const peakKiB = Number(last.split(' ')[1]);
  return { label, ms, peakBytes: peakKiB * 1024, stages: parseStages(stderr) };
}

/** Figures of the loading and CLI stage. */
export interface CliFigures {
  jsonBytes: number;
  fgnBytes: number;
  /** JSON.parse of the file's bytes (best of the rounds), see `timeJsonParse`. */
  jsonParse: JsonParseTiming;
  /** The streaming reader (parse + validate + build the network), best of the same rounds. */
  streamMs: number;
  binaryMs: number;
  /** Whole `chain simulate` commands: wall time (ms), peak RSS (bytes) and stages. */
  runs: CliRun[];
}

/** Writes `net` as a JSON network file (FORMAT.md), firm by firm. */
export function writeNetworkJsonFile(net: Network, path: string): void {
  const fd = openSync(path, 'w');
  let pending = '';
  const put = (s: string): void => {
    pending += s;
    if (pending.length > 1 << 20) {
      writeSync(fd, pending);
      pending = '';
    }
  };
  try {
    put('{"firms":[');
    for (let i = 0; i < net.n; i++) {
      const cap = net.capDays === 1 ? String(net.capacity[i]) : `[${Array.from(net.capacity.subarray(i * net.capDays, (i + 1) * net.capDays)).join(',')}]`;
      put(`${i === 0 ? '' : ','}{"id":${JSON.stringify(firmId(net, i))},"capacity":${cap},"actual":${net.actual[i]},"weight":${net.weight[i]}}`);
    }
    put('],"links":[');
    let first = true;
    const stocks: string[] = [];
    for (let c = 0; c < net.n; c++) {
      const customer = JSON.stringify(firmId(net, c));
      for (let q = net.needStart[c]; q < net.needStart[c + 1]; q++) {
        const item = JSON.stringify(itemName(net, net.needItem[q]));
        const ess = net.needEssential[q] === 1;
        for (let l = net.linkStart[q]; l < net.linkStart[q + 1]; l++) {
          put(`${first ? '' : ','}{"supplier":${JSON.stringify(firmId(net, net.linkSupplier[l]))},"customer":${customer},"item":${item},"share":${net.linkShare[l]},"essential":${ess},"leadDays":${net.linkLead[l]}}`);
          first = false;
        }
        if (net.needStock0[q] > 0 || net.linkStart[q + 1] === net.linkStart[q]) stocks.push(`{"firm":${customer},"item":${item},"days":${net.needStock0[q]}}`);
      }
    }
    put(']');
    put(',"stocks":[');
    for (let i = 0; i < stocks.length; i++) put(`${i === 0 ? '' : ','}${stocks[i]}`);
    put(']}\n');
    writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
}

/** JSON.parse of a file's bytes: the parse alone and the UTF-8 decoding before it. */
export interface JsonParseTiming {
  /** Sum of the JSON.parse calls (strings already decoded). */
  ms: number;
  /** Sum of decoding the pieces' bytes into strings (not in `ms`). */
  decodeMs: number;
  /** 1 when the file was parsed as one string. */
  pieces: number;
  /** Bytes the pieces covered (the whole file, or all but the top level's keys and scalars). */
  bytes: number;
}

/** A piece's longest size in bytes: well below V8's longest string (2^29 − 24 characters). */
export const JSON_PIECE_BYTES = 128 * 2 ** 20;

/**
 * Times JSON.parse on the bytes of a JSON file. A file that fits in one string is decoded and
 * parsed whole. A larger one cannot be (V8's string limit), so it is parsed as several valid
 * documents, cut at record boundaries: every array member of the top-level object (`firms`,
 * `links`, `stocks`) is split between its elements into pieces of at most `pieceBytes`, each
 * parsed as `[element,…]`; the pieces together hold every byte of the file but the top level's
 * braces, keys and scalar members (a few dozen bytes). JSON.parse does the same work per byte
 * as on the whole file (the same objects are built), so the sum of the pieces' times is its
 * time on the file. The cut points are found before timing by a byte scan that follows strings
 * and nesting.
 */
export function timeJsonParse(path: string, pieceBytes = JSON_PIECE_BYTES): JsonParseTiming {
  const buf = readFileSync(path);
  if (buf.length <= pieceBytes) {
    const t0 = performance.now();
    const text = buf.toString('utf8');
    const t1 = performance.now();
    JSON.parse(text);
    return { ms: performance.now() - t1, decodeMs: t1 - t0, pieces: 1, bytes: buf.length };
  }
  const slack = Math.min(1 << 20, pieceBytes >> 3);
  // [start, end) of each piece's elements; the bytes at start − 1 and end are '[' / ',' / ']'.
  const cuts: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let arrayStart = -1; // first element byte of the top-level member array being scanned
  let pieceStart = -1;
  for (let i = 0; i < buf.length; i++) {
    const ch = buf[i];
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth === 2 && ch === 0x5b) {
        arrayStart = i + 1;
        pieceStart = i + 1;
      }
    } else if (ch === 0x7d || ch === 0x5d) {
      if (depth === 2 && ch === 0x5d && arrayStart >= 0) {
        if (i > pieceStart) cuts.push([pieceStart, i]);
        arrayStart = -1;
      }
      depth--;
    } else if (ch === 0x2c && depth === 2 && arrayStart >= 0 && i - pieceStart >= pieceBytes - slack) {
      // Cut at this separator (elements are far smaller than the slack).
      cuts.push([pieceStart, i]);
      pieceStart = i + 1;
    }
  }
  let ms = 0;
  let decodeMs = 0;
  let bytes = 0;
  for (const [a, b] of cuts) {
    const before = buf[a - 1];
    const after = buf[b];
    buf[a - 1] = 0x5b;
    buf[b] = 0x5d;
    const t0 = performance.now();
    const text = buf.toString('utf8', a - 1, b + 1);
    const t1 = performance.now();
    JSON.parse(text);
    const t2 = performance.now();
    buf[a - 1] = before;
    buf[b] = after;
    ms += t2 - t1;
    decodeMs += t1 - t0;
    bytes += b - a;
  }
  return { ms, decodeMs, pieces: cuts.length, bytes };
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** Runs the stage; `cliRuns` picks which whole commands run. */
export async function measureCli(
  net: Network,
  outDir: string,
  cliRuns: ReadonlyArray<{ label: string; file: 'json' | 'fgn'; static: boolean }>,
  log: (line: string) => void,
  candidates = 2000,
  rounds = 2,
): Promise<CliFigures> {
  const jsonPath = `${outDir}/chain-network.json`;
  const fgnPath = `${outDir}/chain-network.fgn`;
  log('writing the map as a JSON network file and as .fgn …');
  writeNetworkJsonFile(net, jsonPath);
  const order = Int32Array.from({ length: net.n }, (_, i) => i);
  writeNetworkBinary(fgnPath, net, { theta: 0.5, horizon: undefined, inputOrder: order });
  const jsonBytes = statSync(jsonPath).size;
  // JSON.parse and the streaming reader alternate, best of `rounds` each (the machine is shared).
  let jsonParse: JsonParseTiming | null = null;
  let streamMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    log(`JSON.parse of the file's bytes (round ${r + 1}/${rounds}) …`);
    const t = timeJsonParse(jsonPath);
    if (jsonParse === null || t.ms < jsonParse.ms) jsonParse = t;
    log(`streaming JSON reader (round ${r + 1}/${rounds}) …`);
    streamMs = Math.min(streamMs, time(() => readNetworkJson(jsonPath)).ms);
  }
  log('.fgn reader …');
  const binaryMs = time(() => readNetworkBinary(fgnPath)).ms;
  const runs: CliFigures['runs'] = [];
  for (const run of cliRuns) {
    log(`fugong chain simulate: ${run.label} …`);
    const args = run.static ? ['--static'] : [];
    args.push('--candidates', String(candidates));
    runs.push(await runSimulate(run.label, run.file === 'json' ? jsonPath : fgnPath, `${outDir}/chain-result.json`, args));
  }
  return { jsonBytes, fgnBytes: statSync(fgnPath).size, jsonParse: jsonParse as JsonParseTiming, streamMs, binaryMs, runs };
}

/** Whether the whole-command stage can run here (it needs /usr/bin/time). */
export const cliStageAvailable = (): boolean => existsSync('/usr/bin/time');
