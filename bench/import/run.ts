/**
 * Bulk import benchmark (issue 16), see suite.ts:
 *
 *   node --import tsx bench/import/run.ts [--sizes 20000,200000] [--rounds 3] [--formats csv,xlsx] [--pg postgres://…] [--pg-sizes 20000] [--no-write]
 *
 * `--pg`: also on PostgreSQL, in databases created from a seeded template (the role needs CREATEDB).
 *
 * Prints the table and (unless --no-write) writes the "Bulk import" section of bench/RESULTS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resultsSection, runImportBenchmark } from './suite';

const argv = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? d : argv[i + 1]!;
};
const sizes = arg('sizes', '20000,200000').split(',').map(Number);
const rounds = Number(arg('rounds', '3'));
const formats = arg('formats', 'csv,xlsx').split(',') as ('csv' | 'xlsx')[];
const pgUrl = argv.includes('--pg') ? arg('pg', '') : undefined;
const pgSizes = argv.includes('--pg-sizes') ? arg('pg-sizes', '').split(',').map(Number) : undefined;

const result = await runImportBenchmark({ sizes, rounds, formats, pgUrl, pgSizes, log: (l) => process.stderr.write(`${l}\n`) });
const section = resultsSection(result, `node --import tsx bench/import/run.ts --sizes ${sizes.join(',')} --rounds ${rounds} --formats ${formats.join(',')}${pgUrl ? ` --pg <url>${pgSizes ? ` --pg-sizes ${pgSizes.join(',')}` : ''}` : ''}`);
process.stdout.write(`${section}\n`);
if (!argv.includes('--no-write')) {
  const path = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
  const text = readFileSync(path, 'utf8');
  const re = /<!-- import:begin -->[\s\S]*?<!-- import:end -->/;
  writeFileSync(path, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
}
