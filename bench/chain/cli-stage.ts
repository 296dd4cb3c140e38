/**
 * Loading and the whole `fugong chain simulate` command at the benchmark's size: the map is
 * written as a JSON network file (streamed, as a big map's file cannot be one string) and as
 * `.fgn`; then JSON.parse of the file (when the file fits in one string), the streaming reader
 * and the binary reader are timed, and the real CLI runs in child processes under
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
  /** JSON.parse of the whole file as one string; null when the file is too large for one string. */
  jsonParseMs: number | null;
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
): Promise<CliFigures> {
  const jsonPath = `${outDir}/chain-network.json`;
  const fgnPath = `${outDir}/chain-network.fgn`;
  log('writing the map as a JSON network file and as .fgn …');
  writeNetworkJsonFile(net, jsonPath);
  const order = Int32Array.from({ length: net.n }, (_, i) => i);
  writeNetworkBinary(fgnPath, net, { theta: 0.5, horizon: undefined, inputOrder: order });
  const jsonBytes = statSync(jsonPath).size;
  let jsonParseMs: number | null = null;
  if (jsonBytes < 500 * 2 ** 20) {
    log('JSON.parse of the whole file …');
    jsonParseMs = time(() => JSON.parse(readFileSync(jsonPath, 'utf8')) as unknown).ms;
  }
  log('streaming JSON reader …');
  const streamMs = time(() => readNetworkJson(jsonPath)).ms;
  log('.fgn reader …');
  const binaryMs = time(() => readNetworkBinary(fgnPath)).ms;
  const runs: CliFigures['runs'] = [];
  for (const run of cliRuns) {
    log(`fugong chain simulate: ${run.label} …`);
    const args = run.static ? ['--static'] : [];
    args.push('--candidates', String(candidates));
    runs.push(await runSimulate(run.label, run.file === 'json' ? jsonPath : fgnPath, `${outDir}/chain-result.json`, args));
  }
  return { jsonBytes, fgnBytes: statSync(fgnPath).size, jsonParseMs, streamMs, binaryMs, runs };
}

/** Whether the whole-command stage can run here (it needs /usr/bin/time). */
export const cliStageAvailable = (): boolean => existsSync('/usr/bin/time');
