/**
 * Matching-solver benchmark: our network simplex against LEMON's `NetworkSimplex` (g++ -O2, Debian
 * `liblemon-dev`) on the same instances, runs interleaved, optima compared.
 *
 *   node --import tsx bench/flow/run.ts [--reps 5] [--seed 7] [--small] [--no-write]
 *
 * Instances: experts (5,000 requests × 400 experts, fit on every pair) and workforce (20,000
 * workers in 2,000 postings against 1,000 shortages). `--small` uses a tenth of each (the smoke
 * test). Writes the "Matching solver" section of bench/RESULTS.md unless --no-write.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { solveMinCostFlow, type FlowProblem } from '../../server/domain/flow/min-cost-flow';
import { expertInstance, workforceInstance, writeInstance } from './instances';

const OUT = fileURLToPath(new URL('../out/', import.meta.url));
const SOURCE = fileURLToPath(new URL('./lemon_ref.cpp', import.meta.url));
const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const BEGIN = '<!-- flow:begin -->';
const END = '<!-- flow:end -->';

export interface FlowFigure {
  name: string;
  nodes: number;
  arcs: number;
  ours: number[];
  lemon: number[] | null;
  ourCost: number;
  lemonCost: number | null;
  target: { ratio: number; ms: number };
}

/** Compiles the LEMON reference when g++ and the headers are there; null otherwise. */
export function compileLemon(): string | null {
  if (!existsSync('/usr/include/lemon/network_simplex.h')) return null;
  mkdirSync(OUT, { recursive: true });
  const bin = `${OUT}lemon_ref`;
  const fresh = existsSync(bin) && statSync(bin).mtimeMs > statSync(SOURCE).mtimeMs;
  if (!fresh) execFileSync('g++', ['-O2', '-std=c++17', '-o', bin, SOURCE], { stdio: 'inherit' });
  return bin;
}

const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function timeOurs(p: FlowProblem): { ms: number; cost: number } {
  const t0 = performance.now();
  const r = solveMinCostFlow(p);
  const ms = performance.now() - t0;
  if (r.status !== 'optimal') throw new Error(`our solver: ${r.status}`);
  return { ms, cost: r.totalCost };
}

export function runFlowBenchmark(opts: { reps: number; seed: number; small: boolean; log?: (s: string) => void }): FlowFigure[] {
  const log = opts.log ?? (() => {});
  const scale = opts.small ? 10 : 1;
  const instances: { name: string; build: () => FlowProblem; target: { ratio: number; ms: number } }[] = [
    {
      name: `experts: ${5000 / scale} requests × ${400 / scale} experts`,
      build: () => expertInstance({ requests: 5000 / scale, experts: 400 / scale, seed: opts.seed }),
      target: { ratio: 3, ms: 1000 },
    },
    {
      name: `workforce: ${20000 / scale} workers in ${2000 / scale} postings × ${1000 / scale} shortages`,
      build: () => workforceInstance({ postings: 2000 / scale, shortages: 1000 / scale, workers: 20000 / scale, seed: opts.seed }),
      target: { ratio: 3, ms: 2000 },
    },
  ];
  const lemon = compileLemon();
  const figures: FlowFigure[] = [];
  for (const inst of instances) {
    const p = inst.build();
    log(`${inst.name}: ${p.nodeCount} nodes, ${p.source.length} arcs`);
    let file: string | null = null;
    if (lemon) {
      file = `${OUT}flow-${figures.length}.bin`;
      writeInstance(p, file);
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    let ourCost = NaN;
    let lemonCost: number | null = null;
    // Interleaved: one run of each per round, so machine load hits both alike.
    for (let r = 0; r < opts.reps; r++) {
      const o = timeOurs(p);
      ours.push(o.ms);
      ourCost = o.cost;
      if (lemon && file) {
        const out = JSON.parse(execFileSync(lemon, [file, '1'], { encoding: 'utf8' })) as { ms: number[]; cost: number; status: string };
        if (out.status !== 'optimal') throw new Error(`LEMON: ${out.status}`);
        theirs.push(out.ms[0]);
        lemonCost = out.cost;
      }
      log(`  round ${r + 1}: ours ${o.ms.toFixed(1)} ms${theirs.length ? `, LEMON ${theirs[theirs.length - 1].toFixed(1)} ms` : ''}`);
    }
    if (lemonCost !== null && lemonCost !== ourCost) throw new Error(`optima differ: ours ${ourCost}, LEMON ${lemonCost}`);
    figures.push({ name: inst.name, nodes: p.nodeCount, arcs: p.source.length, ours, lemon: lemon ? theirs : null, ourCost, lemonCost, target: inst.target });
  }
  return figures;
}

export function formatFlowTable(figures: FlowFigure[]): string {
  const rows = ['| instance | nodes | arcs | ours best / median | LEMON best / median | ratio (best) | ratio (median) | optimum (both) | target |', '|---|---:|---:|---:|---:|---:|---:|---:|---|'];
  for (const f of figures) {
    const lem = f.lemon ? `${best(f.lemon).toFixed(1)} / ${median(f.lemon).toFixed(1)} ms` : 'n/a';
    const rb = f.lemon ? `${(best(f.ours) / best(f.lemon)).toFixed(2)}×` : 'n/a';
    const rm = f.lemon ? `${(median(f.ours) / median(f.lemon)).toFixed(2)}×` : 'n/a';
    const met = f.lemon ? best(f.ours) / best(f.lemon) <= f.target.ratio && best(f.ours) < f.target.ms : best(f.ours) < f.target.ms;
    rows.push(
      `| ${f.name} | ${f.nodes.toLocaleString('en')} | ${f.arcs.toLocaleString('en')} | ${best(f.ours).toFixed(1)} / ${median(f.ours).toFixed(1)} ms | ${lem} | ${rb} | ${rm} | ${f.ourCost}${f.lemonCost === null ? '' : ' = ' + f.lemonCost} | ≤ ${f.target.ratio}× and < ${f.target.ms} ms: ${met ? 'met' : 'NOT met'} |`,
    );
  }
  return rows.join('\n');
}

function main(argv: string[]): void {
  const num = (name: string, d: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : d;
  };
  const started = performance.now();
  const figures = runFlowBenchmark({
    reps: num('reps', 5),
    seed: num('seed', 7),
    small: argv.includes('--small'),
    log: (s) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${s}\n`),
  });
  const table = formatFlowTable(figures);
  process.stdout.write(`${table}\n`);
  if (!argv.includes('--no-write') && !argv.includes('--small')) {
    const section = `${BEGIN}\n## Matching solver (min-cost flow)\n\n\`node --import tsx bench/flow/run.ts\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${figures[0].ours.length} interleaved rounds; times are the solve from ready-made arrays (graph building excluded on both sides), the optimum checked equal.\n\n${table}\n${END}`;
    const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
    const s = current.indexOf(BEGIN);
    const e = current.indexOf(END);
    writeFileSync(RESULTS, s >= 0 && e > s ? `${current.slice(0, s)}${section}${current.slice(e + END.length)}` : `${current.trimEnd()}\n\n${section}\n`);
    process.stderr.write(`wrote ${RESULTS}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
