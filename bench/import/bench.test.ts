import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config';
import { resultsSection, runImportBenchmark, summarise } from './suite';

const pgUrl = parseConfig(process.env).testPgUrl;

describe('import benchmark (smoke, tiny sizes, no timing assertions)', () => {
  it('imports every row through the platform and raw, in both formats, and writes its section', { timeout: 300_000 }, async () => {
    const r = await runImportBenchmark({ sizes: [300], rounds: 1 });
    expect(r.measures.map((m) => m.format)).toEqual(['csv', 'xlsx']);
    for (const m of r.measures) {
      expect(m.rows).toBe(300);
      expect(m.fileBytes).toBeGreaterThan(0);
      const s = summarise(m);
      for (const v of Object.values(s)) expect(Number.isFinite(v) && v > 0).toBe(true);
      expect(m.platformPeakRssMiB).toBeGreaterThan(0);
    }
    const section = resultsSection(r, 'test');
    expect(section).toMatch(/^<!-- import:begin -->/);
    expect(section).toContain('| SQLite | 300 | .csv');
    expect(section.trimEnd()).toMatch(/<!-- import:end -->$/);
  });

  it.skipIf(!pgUrl)('also on PostgreSQL (databases copied from a seeded template, dropped afterwards)', { timeout: 300_000 }, async () => {
    const r = await runImportBenchmark({ sizes: [200], rounds: 1, formats: ['csv'], pgUrl, pgSizes: [150] });
    expect(r.measures.map((m) => `${m.db} ${m.rows}`)).toEqual(['sqlite 200', 'postgres 150']);
    expect(resultsSection(r, 'test')).toContain('| PostgreSQL | 150 | .csv');
  });
});
