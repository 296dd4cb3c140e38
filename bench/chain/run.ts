/**
 * Chain-engine benchmark entry point:
 *
 *   node --import tsx bench/chain/run.ts [--firms 1000000 --links 5000000] [--seed N] [--reps 7]
 *        [--graph-firms N --graph-links M] [--no-graphology] [--no-cpp] [--workers 2]
 *        [--crit-firms 100000 --crit-links 500000 --candidates 2000] [--cli-candidates 2000]
 *        [--alliance-firms 2000 --alliance-links 10000] [--no-cli] [--no-write]
 *
 * Prints a table of times and ratios against the targets and (unless --no-write) writes the
 * "Chain engine" section of bench/RESULTS.md. The graphology comparison runs at the full size
 * unless --graph-firms/--graph-links choose a smaller one.
 */
import { fileURLToPath } from 'node:url';
import { defaultChainBenchOptions, formatTable, resultsSection, runChainBenchmark, writeResultsSection, type ChainBenchOptions } from './suite';

function numberArg(argv: readonly string[], name: string): number | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

/** Parses command-line flags into benchmark options. */
export function parseBenchArgs(argv: readonly string[]): Partial<ChainBenchOptions> {
  const d = defaultChainBenchOptions();
  const firms = numberArg(argv, 'firms') ?? d.firms;
  const links = numberArg(argv, 'links') ?? d.links;
  return {
    firms,
    links,
    seed: numberArg(argv, 'seed') ?? d.seed,
    reps: numberArg(argv, 'reps') ?? d.reps,
    cpp: !argv.includes('--no-cpp'),
    cli: !argv.includes('--no-cli'),
    graphology: argv.includes('--no-graphology') ? 'off' : 'child',
    graphFirms: numberArg(argv, 'graph-firms') ?? firms,
    graphLinks: numberArg(argv, 'graph-links') ?? links,
    workers: numberArg(argv, 'workers') ?? d.workers,
    critFirms: numberArg(argv, 'crit-firms') ?? d.critFirms,
    critLinks: numberArg(argv, 'crit-links') ?? d.critLinks,
    critCandidates: numberArg(argv, 'candidates') ?? d.critCandidates,
    cliCandidates: numberArg(argv, 'cli-candidates') ?? d.cliCandidates,
    allianceFirms: numberArg(argv, 'alliance-firms') ?? d.allianceFirms,
    allianceLinks: numberArg(argv, 'alliance-links') ?? d.allianceLinks,
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const started = performance.now();
  const figures = await runChainBenchmark({
    ...parseBenchArgs(argv),
    log: (line) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`),
  });
  process.stdout.write(`\n${formatTable(figures)}\n`);
  if (!argv.includes('--no-write')) {
    const path = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
    writeResultsSection(path, resultsSection(figures));
    process.stderr.write(`wrote ${path}\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
