/**
 * Every screen arrives with the strings it shows: the lazy routes of App.tsx name their namespaces
 * (`page(() => import('../pages/X'), ['x', 'y'])`), and this test follows each page's imports
 * (static and lazy) through web/src and fails when one of them uses a key of a namespace that
 * neither the route, the signed-in shell (AppLayout's route) nor the base set loads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BASE_NAMESPACES } from '../lib/i18n';
import { NAMESPACES, namespaceOf, type Namespace } from '.';
import zhCN from './zh-CN';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const APP = join(SRC, 'app/App.tsx');

type Tree = { [k: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
const KEYS = keys(zhCN as unknown as Tree);
const EXACT = new Set(KEYS.flatMap((k) => [k, k.replace(/_other$/, '')]));
/** A string literal that is a key, a subtree of keys, or the start of a built key (`risks.levels.${l}`). */
const isKey = (s: string) => EXACT.has(s) || KEYS.some((k) => k.startsWith(s.endsWith('.') ? s : `${s}.`));

const strip = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const p of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) if (p.startsWith(SRC) && existsSync(p) && /\.tsx?$/.test(p)) return p;
  return undefined;
}

/** The web/src files `entry` loads, following static imports and (except App.tsx's routes) lazy ones. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || file.includes(`${join('src', 'locales')}`)) return;
    seen.add(file);
    const text = strip(readFileSync(file, 'utf8'));
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)(?!\s+type\b)[^'";]*?['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
    // A lazy piece loaded with its own strings (`page(() => import('…'), [...])` or
    // `withStrings(…)`) is checked as a route of its own (see `routes`), not as part of this file.
    if (file !== APP) specs.push(...[...text.matchAll(/(?<!(?:page|withStrings)\(\(\) =>\s*)import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1]));
    for (const s of specs) {
      const target = resolveImport(file, s);
      if (target) visit(target);
    }
  };
  visit(entry);
  return seen;
}

/** The namespaces whose keys the files use (`'tickets.x'`, `t(\`risks.${s}\`)`, `title: 'nav.x'`). */
function used(files: Iterable<string>): Map<Namespace, string[]> {
  const out = new Map<Namespace, string[]>();
  for (const file of files) {
    for (const m of strip(readFileSync(file, 'utf8')).matchAll(/(['"`])([a-zA-Z]\w*(?:\.\w+)+\.?)(?=\$\{|\1)/g)) {
      const ns = namespaceOf(m[2]);
      if (ns && isKey(m[2])) out.set(ns, [...new Set([...(out.get(ns) ?? []), relative(SRC, file)])]);
    }
  }
  return out;
}

/** The routes of `file` (App.tsx by default): `const X = page(() => import('…'), ['a', 'b'])`. */
function routes(file = APP): { name: string; file: string; namespaces: string[] }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/const (\w+) = (?:page|withStrings)\(\(\) =>\s*import\('([^']+)'\)[^,]*, \[([^\]]*)\]\)/g)].map((m) => ({
    name: m[1],
    file: resolveImport(file, m[2])!,
    namespaces: [...m[3].matchAll(/'(\w+)'/g)].map((x) => x[1]),
  }));
}

/** The pieces the signed-in shell (or anything under it) loads with their own strings. */
function lazyPieces(): { name: string; file: string; namespaces: string[] }[] {
  const files = new Set([...routes()].flatMap((r) => [...closure(r.file)]));
  return [...files].filter((f) => f !== APP).flatMap((f) => routes(f).map((r) => ({ ...r, name: `${relative(SRC, f)} ${r.name}` })));
}

describe('namespaces per route', () => {
  it('names real namespaces, and every lazy route of App.tsx declares its strings', () => {
    const text = readFileSync(APP, 'utf8');
    expect(text).not.toMatch(/\blazy\(/);
    const found = routes();
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((r) => !r.file).map((r) => r.name)).toEqual([]);
    expect(found.flatMap((r) => r.namespaces).filter((n) => !(n in NAMESPACES))).toEqual([]);
  });

  it('the first render (main.tsx, App.tsx) needs only the base namespaces', () => {
    const files = new Set([...closure(join(SRC, 'main.tsx'))]);
    const extra = [...used(files)].filter(([ns]) => !BASE_NAMESPACES.includes(ns));
    expect(extra).toEqual([]);
  });

  it("each route's page (and what it imports) uses only the namespaces its route loads", () => {
    const all = routes();
    const shell = all.find((r) => r.name === 'AppLayout')!;
    const missing: string[] = [];
    for (const r of [...all, ...lazyPieces()]) {
      const have = new Set<string>([...BASE_NAMESPACES, ...r.namespaces, ...(r.name === 'LoginPage' ? [] : shell.namespaces)]);
      for (const [ns, files] of used(closure(r.file))) if (!have.has(ns)) missing.push(`${r.name}: '${ns}' (${files.slice(0, 3).join(', ')})`);
    }
    if (process.env.NS_DUMP) console.log(missing.join("\n"));
    expect(missing).toEqual([]);
  });
});
