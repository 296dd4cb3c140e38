/**
 * The whole `fugong chain simulate` command at the issue's size, on its own:
 *
 *   node --import tsx bench/chain/cli-run.ts [--in map.fgn | --firms 1000000 --links 5000000 --seed 20240301]
 *        [--reps 3] [--candidates 2000] [--workers 2] [--modes dynamic,static] [--out-dir /tmp/fugong-cli]
 *        [--write bench/chain/CLI.md]
 *
 * Without `--in` the generator's map is written as `.fgn` first. Each repetition runs every mode
 * once (alternating, so a change of the machine's load hits both), each command in a child
 * process under `/usr/bin/time` with the load average read before and after; the stage lines of
 * its stderr give the breakdown. Prints a Markdown table and (with `--write`) puts it between the
 * `cli-runs` markers of the file. The big suite (`run.ts`) runs the same commands through
 * `measureCli` at its own map size.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeNetworkBinary } from '../../server/modules/chain/chain.fgn';
import { generateNetwork } from '../../server/modules/chain/engine/index';
import { runSimulate, type CliRun } from './cli-stage';

/** Options of `runCliBench`. */
export interface CliBenchOptions {
  /** A network file to run on; generated (firms, links, seed) when absent. */
  inPath?: string;
  firms: number;
  links: number;
  seed: number;
  reps: number;
  candidates: number;
  workers: number;
  modes: ReadonlyArray<'dynamic' | 'static'>;
  outDir: string;
  log: (line: string) => void;
}

/** One measured command with the load average (1 min) before and after. */
export interface CliBenchRun extends CliRun {
  mode: 'dynamic' | 'static';
  loadBefore: number;
  loadAfter: number;
}

/** Figures of `runCliBench`. */
export interface CliBenchFigures {
  map: string;
  candidates: number;
  workers: number;
  started: string;
  runs: CliBenchRun[];
}

/** Runs the commands (see the module comment). */
export async function runCliBench(opts: CliBenchOptions): Promise<CliBenchFigures> {
  mkdirSync(opts.outDir, { recursive: true });
  let inPath = opts.inPath;
  let map: string;
  if (inPath === undefined) {
    inPath = `${opts.outDir}/chain-cli-${opts.firms}-${opts.links}-${opts.seed}.fgn`;
    map = `generated ${opts.firms.toLocaleString('en')} firms / ${opts.links.toLocaleString('en')} links (seed ${opts.seed})`;
    if (!existsSync(inPath)) {
      opts.log(`generating ${map} …`);
      const net = generateNetwork({ firms: opts.firms, links: opts.links, seed: opts.seed });
      writeNetworkBinary(inPath, net, { theta: 0.5, horizon: undefined, inputOrder: Int32Array.from({ length: net.n }, (_, i) => i) });
    }
  } else map = inPath;
  const started = new Date().toISOString();
  const runs: CliBenchRun[] = [];
  for (let r = 0; r < opts.reps; r++) {
    for (const mode of opts.modes) {
      const label = mode === 'static' ? '--static' : 'dynamic (30 d)';
      opts.log(`run ${r + 1}/${opts.reps}: ${label} …`);
      const loadBefore = loadavg()[0];
      const args = ['--candidates', String(opts.candidates), '--workers', String(opts.workers)];
      if (mode === 'static') args.push('--static');
      const run = await runSimulate(label, inPath, `${opts.outDir}/chain-cli-result-${mode}.json`, args);
      runs.push({ ...run, mode, loadBefore, loadAfter: loadavg()[0] });
      opts.log(`  ${(run.ms / 1000).toFixed(1)} s, ${(run.peakBytes / 2 ** 20).toFixed(0)} MiB: ${run.stages.map((s) => `${s.what} ${s.s} s`).join('; ')}`);
    }
  }
  return { map, candidates: opts.candidates, workers: opts.workers, started, runs };
}

/** Short names of the CLI's stage lines, in the order it prints them. */
const STAGE_COLUMNS: ReadonlyArray<[string, RegExp]> = [
  ['loading', /^loaded /],
  ['solve', / solve$/],
  ['writing the forecast', /^wrote the forecast/],
  ['criticality', /^criticality/],
  ['help priority', /^help priority/],
  ['writing the rankings', /^wrote (?!the forecast)/],
];

/** The runs as a Markdown table (seconds per stage, whole command, peak RSS, load). */
export function cliMarkdown(f: CliBenchFigures): string {
  const head = ['run', ...STAGE_COLUMNS.map(([name]) => name), 'whole command', 'peak RSS', 'load avg before → after'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of f.runs) {
    const cells = STAGE_COLUMNS.map(([, re]) => {
      const st = r.stages.find((s) => re.test(s.what));
      return st === undefined ? '' : `${st.s.toFixed(1)} s`;
    });
    lines.push(`| ${[r.label, ...cells, `**${(r.ms / 1000).toFixed(1)} s**`, `${(r.peakBytes / 2 ** 20).toFixed(0)} MiB`, `${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)}`].join(' | ')} |`);
  }
  return [
    `Map: ${f.map}; ${f.candidates.toLocaleString('en')} candidates, ${f.workers} worker threads; runs from ${f.started}.`,
    '',
    ...lines,
  ].join('\n');
}

const BEGIN = '<!-- cli-runs:begin -->';
const END = '<!-- cli-runs:end -->';

/** Puts `table` between the cli-runs markers of `path` (appended when the file has none). */
export function writeCliSection(path: string, table: string): void {
  const block = `${BEGIN}\n${table}\n${END}`;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const a = old.indexOf(BEGIN);
  const b = old.indexOf(END);
  writeFileSync(path, a >= 0 && b > a ? `${old.slice(0, a)}${block}${old.slice(b + END.length)}` : `${old}${old === '' || old.endsWith('\n') ? '' : '\n'}${block}\n`);
}

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
}

function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const v = arg(argv, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a positive whole number`);
  return n;
}

/** Parses the command line (see the module comment). */
export function parseCliBenchArgs(argv: readonly string[]): Omit<CliBenchOptions, 'log'> & { write?: string } {
  const modes = (arg(argv, 'modes') ?? 'dynamic,static').split(',').map((m) => m.trim());
  for (const m of modes) if (m !== 'dynamic' && m !== 'static') throw new Error(`--modes: unknown mode "${m}"`);
  return {
    inPath: arg(argv, 'in'),
    firms: numberArg(argv, 'firms', 1_000_000),
    links: numberArg(argv, 'links', 5_000_000),
    seed: numberArg(argv, 'seed', 20240301),
    reps: numberArg(argv, 'reps', 3),
    candidates: numberArg(argv, 'candidates', 2000),
    workers: numberArg(argv, 'workers', 2),
    modes: modes as Array<'dynamic' | 'static'>,
    outDir: arg(argv, 'out-dir') ?? '/tmp/fugong-cli',
    write: arg(argv, 'write'),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const { write, ...opts } = parseCliBenchArgs(argv);
  const t0 = performance.now();
  const figures = await runCliBench({ ...opts, log: (line) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}\n`) });
  const table = cliMarkdown(figures);
  process.stdout.write(`${table}\n`);
  if (write !== undefined) {
    writeCliSection(write, table);
    process.stderr.write(`wrote ${write}\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
