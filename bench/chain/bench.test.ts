import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliMarkdown, parseCliBenchArgs, runCliBench, writeCliSection } from './cli-run';
import { timeJsonParse } from './cli-stage';
import { formatTable, resultsSection, runChainBenchmark } from './suite';
import { parseBenchArgs } from './run';

describe('chain benchmark (smoke, tiny sizes, no timing assertions)', () => {
  it('runs every stage and the variants agree', { timeout: 300_000 }, async () => {
    const f = await runChainBenchmark({
      firms: 2000,
      links: 10_000,
      reps: 2,
      cpp: false,
      graphology: 'child',
      graphFirms: 2000,
      graphLinks: 10_000,
      critFirms: 2000,
      critLinks: 10_000,
      critCandidates: 40,
      workers: 2,
      allianceFirms: 200,
      allianceLinks: 1000,
      horizon: 10,
    });
    expect(f.cpp).toBeNull();
    // The loop map has loops, and its kernel solve matched the JavaScript one (checked inside).
    expect(f.loops.largestLoop).toBeGreaterThan(1);
    expect(f.loops.sweeps).toBeGreaterThan(1);
    // The ramp-up map ran (its kernel and JavaScript days agree in the engine's own tests).
    expect(f.ramp.capacityDays).toBe(10);
    expect(f.ramp.ms).toBeGreaterThan(0);
    expect(f.ramp.cpp).toBeNull();
    // Loading: the map went through a JSON file and a .fgn file, and every CLI command ran.
    expect(f.cliStage).not.toBeNull();
    expect(f.cliStage!.fgnBytes).toBeGreaterThan(0);
    expect(f.cliStage!.fgnBytes).toBeLessThan(f.cliStage!.jsonBytes);
    expect(f.cliStage!.runs.map((r) => r.label)).toEqual(['dynamic (30 d), .fgn', '--static, .fgn', '--static, JSON', 'dynamic (30 d), JSON']);
    for (const r of f.cliStage!.runs) {
      expect(r.peakBytes).toBeGreaterThan(0);
      // The stage breakdown comes from the command's stderr.
      expect(r.stages.map((s) => s.what.replace(/ \(.*| of .*| to .*| \/.*|^loaded .*/g, ''))).toEqual(['', `${r.label.includes('static') ? 'static' : 'dynamic'} solve`, 'wrote the forecast', 'criticality', 'help priority', 'wrote']);
    }
    expect(f.graphology?.maxAbsDiff).toBeLessThanOrEqual(1e-9);
    expect(f.graphology?.compact.bytes).toBeGreaterThan(0);
    expect(f.criticality.candidates).toBe(40);
    expect(f.dynamicTotalY).toBeGreaterThan(0);
    for (const v of [f.generateMs, f.staticMs, f.dynamicMs, f.criticality.ms, f.alliance.dynamicCriticalityMs]) expect(Number.isFinite(v)).toBe(true);
    const table = formatTable(f);
    expect(table).toContain('static sweep, engine');
    expect(table).toContain('loop map, static solve');
    expect(table).toContain('hard case: ramp-up map');
    expect(table).toContain('fugong chain simulate');
    expect(table).toContain('graphology');
    const section = resultsSection(f);
    expect(section).toContain('## Chain engine');
    expect(section).toContain('<!-- chain-engine:end -->');
  });

  it('runs the whole command on its own and writes its table between the markers', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fugong-cli-bench-'));
    try {
      const f = await runCliBench({ firms: 2000, links: 10_000, seed: 3, reps: 1, candidates: 40, workers: 2, modes: ['dynamic', 'static'], outDir: dir, log: () => {} });
      expect(f.runs.map((r) => r.mode)).toEqual(['dynamic', 'static']);
      for (const r of f.runs) {
        expect(r.ms).toBeGreaterThan(0);
        expect(r.peakBytes).toBeGreaterThan(0);
        expect(r.stages.some((s) => s.what.startsWith('help priority (2 workers)'))).toBe(true);
      }
      const table = cliMarkdown(f);
      expect(table).toContain('| help priority |');
      const path = join(dir, 'CLI.md');
      writeFileSync(path, '# CLI\n\nprose before\n');
      writeCliSection(path, table);
      writeCliSection(path, 'second table');
      expect(readFileSync(path, 'utf8')).toBe('# CLI\n\nprose before\n<!-- cli-runs:begin -->\nsecond table\n<!-- cli-runs:end -->\n');
      expect(parseCliBenchArgs(['--in', 'm.fgn', '--reps', '2', '--modes', 'static'])).toMatchObject({ inPath: 'm.fgn', reps: 2, modes: ['static'], candidates: 2000, workers: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('times JSON.parse on a file in pieces cut at record boundaries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fugong-json-pieces-'));
    try {
      const path = join(dir, 'net.json');
      const doc = {
        firms: Array.from({ length: 300 }, (_, i) => ({ id: `f"${i}]`, capacity: [0.5, 1], weight: i })),
        links: Array.from({ length: 900 }, (_, i) => ({ supplier: `f"${i % 300}]`, customer: `f"${(i * 7) % 300}]`, item: '{k,}', share: 0.125 })),
        stocks: [],
        theta: 0.5,
      };
      const text = JSON.stringify(doc);
      writeFileSync(path, text);
      const whole = timeJsonParse(path);
      expect(whole.pieces).toBe(1);
      expect(whole.bytes).toBe(Buffer.byteLength(text));
      const pieces = timeJsonParse(path, 4096);
      expect(pieces.pieces).toBeGreaterThan(10);
      // Every element's bytes are in a piece: all but the top level's keys, brackets and scalars.
      const covered = text.length - '{"firms":[],"links":[],"stocks":[],"theta":0.5}'.length;
      expect(pieces.bytes).toBeGreaterThan(covered - pieces.pieces);
      expect(pieces.bytes).toBeLessThanOrEqual(covered);
      expect(pieces.ms).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses command-line sizes', () => {
    const o = parseBenchArgs(['--firms', '5000', '--links', '20000', '--no-cpp', '--no-graphology', '--no-cli']);
    expect(o).toMatchObject({ firms: 5000, links: 20_000, graphFirms: 5000, graphLinks: 20_000, cpp: false, graphology: 'off', cli: false });
  });
});
