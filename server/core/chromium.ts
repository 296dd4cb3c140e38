/**
 * Which Chromium to drive (the browser tests; server-side PDF printing later), found the same
 * way everywhere:
 *
 * 1. FUGONG_CHROMIUM, when it names an executable (`bundled` skips straight to 3);
 * 2. `/usr/bin/chromium` — Debian's package, which `.ci/run` installs with its fonts;
 * 3. the headless build shipped inside the npm package `@sparticuz/chromium` (a devDependency),
 *    which unpacks itself into the temporary directory on first use — so `npm ci && npm test`
 *    passes on a machine with no browser installed.
 *
 * Each comes with the flags it needs. The bundled build is made for AWS Lambda; of the flags it
 * proposes we keep only those it needs to start here (no sandbox as root, no zygote, software
 * GL), never `--disable-web-security` or `--single-process`: the tests must see the real
 * browser's security (CSP, same-origin) and open several pages at once.
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for any headless Chromium we start: no first-run, no background traffic. */
const COMMON_ARGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ResolvedChromium {
  executablePath: string;
  args: string[];
  source: 'FUGONG_CHROMIUM' | 'system' | 'bundled';
}

export class ChromiumNotFound extends Error {}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Unpacks the bundled build once per machine. The package itself only checks whether its
 * executable exists, so two processes starting together could run a half-written file: a lock
 * directory makes the others wait for the first.
 */
async function bundledChromium(): Promise<ResolvedChromium> {
  let pkg: typeof import('@sparticuz/chromium').default;
  try {
    pkg = (await import('@sparticuz/chromium')).default;
  } catch (err) {
    throw new ChromiumNotFound(`no Chromium: set FUGONG_CHROMIUM, install ${SYSTEM_CHROMIUM}, or install the dev dependency @sparticuz/chromium (${(err as Error).message})`);
  }
  const lock = join(tmpdir(), 'fugong-chromium-unpack.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 2 minutes was left by a process that died while unpacking.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      await sleep(250);
    }
  }
  let executablePath: string;
  try {
    executablePath = await pkg.executablePath();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  const keep = new Set(['--no-sandbox', '--no-zygote', '--disable-setuid-sandbox', '--in-process-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--font-render-hinting=none']);
  return { executablePath, args: [...COMMON_ARGS.filter((a) => a !== '--disable-gpu'), ...pkg.args.filter((a) => keep.has(a))], source: 'bundled' };
}

/**
 * The Chromium to launch (playwright-core's `executablePath` and `args`). `systemPath` is for
 * tests of the resolver itself.
 */
export async function resolveChromium(config: Pick<Config, 'chromium'>, opts: { systemPath?: string } = {}): Promise<ResolvedChromium> {
  const system = opts.systemPath ?? SYSTEM_CHROMIUM;
  const args = ['--no-sandbox', ...COMMON_ARGS];
  if (config.chromium && config.chromium !== 'bundled') {
    if (!isExecutable(config.chromium)) throw new ChromiumNotFound(`FUGONG_CHROMIUM: ${config.chromium} is not an executable file`);
    return { executablePath: config.chromium, args, source: 'FUGONG_CHROMIUM' };
  }
  if (config.chromium !== 'bundled' && existsSync(system) && isExecutable(system)) return { executablePath: system, args, source: 'system' };
  return bundledChromium();
}
