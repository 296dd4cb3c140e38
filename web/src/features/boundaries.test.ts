/**
 * Features stay independent: a file in features/X imports nothing from features/Y (what two
 * features share lives in lib/), and lib/ imports from neither features/ nor pages/. Pages are
 * where features meet.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** Every module specifier of `import … from`, `export … from`, `import '…'` and `import('…')`. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const re of [/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of code.matchAll(re)) out.push(m[1]);
  }
  return out;
}

/** The top folder under web/src (`features`, `lib`, `pages`, …) and, for features, its domain. */
function area(file: string): { top: string; feature?: string } {
  const [top, feature] = relative(SRC, file).split(sep);
  return top === 'features' && feature && !/\.tsx?$/.test(feature) ? { top, feature } : { top };
}

/** Imports that break the rules, as `importer → imported` (paths relative to web/src). */
function boundaryViolations(files: { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const from = area(f.path);
    for (const spec of specifiers(f.text)) {
      if (!spec.startsWith('.')) continue; // packages and @server/* (pure modules shared with the server)
      const target = resolve(dirname(f.path), spec);
      if (!target.startsWith(SRC)) continue;
      const to = area(target);
      const crossFeature = from.feature && to.feature && from.feature !== to.feature;
      const libReachesUp = from.top === 'lib' && (to.top === 'features' || to.top === 'pages');
      if (crossFeature || libReachesUp) out.push(`${relative(SRC, f.path)} → ${relative(SRC, target)}`);
    }
  }
  return out;
}

describe('module boundaries of the web app', () => {
  it('finds a cross-feature import (the check itself works)', () => {
    const file = (p: string, text: string) => ({ path: join(SRC, p), text });
    const found = boundaryViolations([
      file('features/meetings/X.tsx', "import { StatusTag } from '../tickets/labels';\nimport { api } from '../../lib/api';\nimport { x } from './api';"),
      file('features/chain/Y.tsx', "import type { Enterprise } from '../../features/enterprises/api';\nconst Lazy = () => import('../risks/RiskForm');"),
      file('features/chain/Z.tsx', "// import { nope } from '../tickets/api';\nexport { useThing } from '../users/api';"),
      file('lib/helper.ts', "import { useUsers } from '../features/users/api';"),
      file('pages/P.tsx', "import { UsersTable } from '../features/users/UsersTable';\nimport { useTickets } from '../features/tickets/api';"),
    ]);
    expect(found).toEqual([
      `features/meetings/X.tsx → ${join('features', 'tickets', 'labels')}`,
      `features/chain/Y.tsx → ${join('features', 'enterprises', 'api')}`,
      `features/chain/Y.tsx → ${join('features', 'risks', 'RiskForm')}`,
      `features/chain/Z.tsx → ${join('features', 'users', 'api')}`,
      `lib/helper.ts → ${join('features', 'users', 'api')}`,
    ].map((s) => s.replaceAll('/', sep)));
  });

  it('no feature imports another feature, and lib/ imports no feature or page', () => {
    const files = [...sourceFiles(join(SRC, 'features')), ...sourceFiles(join(SRC, 'lib'))].map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(boundaryViolations(files)).toEqual([]);
  });
});
