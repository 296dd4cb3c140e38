/**
 * Shared set-up for the browser tests: builds the web app when dist/web is missing or older than
 * its sources (one build per test run, guarded by a lock directory so parallel test files wait
 * for it instead of building again), starts a real server on a free port with a fresh SQLite
 * data directory (seeded with the demo city), and launches Chromium as `server/core/chromium.ts`
 * finds it (FUGONG_CHROMIUM, /usr/bin/chromium, or the build inside @sparticuz/chromium).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request, type Response } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { parseConfig } from '../../server/config';
import { resolveChromium } from '../../server/core/chromium';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST_INDEX = join(ROOT, 'dist/web/index.html');
// One lock per checkout: two clones (or worktrees) build their own dist/web without waiting on each other.
const LOCK = join(tmpdir(), `fugong-web-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
export const PASSWORD = 'fugong2026';

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

function webIsCurrent(): boolean {
  if (!existsSync(DIST_INDEX)) return false;
  const sources = Math.max(newestMtime(join(ROOT, 'web/src')), newestMtime(join(ROOT, 'web/index.html')), newestMtime(join(ROOT, 'vite.config.ts')));
  return statSync(DIST_INDEX).mtimeMs >= sources;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds dist/web unless it is current; concurrent callers wait for the one build. */
export async function ensureWebBuilt(): Promise<void> {
  for (;;) {
    if (webIsCurrent()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Someone else is building; a lock older than 5 minutes is left over from a crash.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone already */
      }
      await sleep(500);
      continue;
    }
    try {
      if (webIsCurrent()) return;
      // vitest runs with NODE_ENV=test, which would give React's development build.
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
      if (r.status !== 0) throw new Error('vite build failed');
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL; // always the throw-away SQLite database
  return env;
}

export interface TestServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A real server (`fugong serve`) on a free port and a throw-away database seeded with the demo city. */
export async function startServer(): Promise<TestServer> {
  await ensureWebBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'fugong-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/fugong.mjs'), 'serve'], {
    cwd: ROOT,
    env: serverEnv({ FUGONG_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', FUGONG_SEED_DEMO: 'true' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await sleep(250);
  }
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await resolveChromium(parseConfig(process.env));
  return chromium.launch({ executablePath, args });
}

/** A fresh browser context (own cookies and localStorage) already signed in as `username`. */
export async function signedIn(browser: Browser, server: TestServer, username: string, opts: { width?: number; height?: number; locale?: 'zh-CN' | 'en-US' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (opts.locale) await context.addInitScript((l) => localStorage.setItem('fugong.locale', l), opts.locale);
  const page = await context.newPage();
  await login(page, username);
  return { context, page };
}

export async function login(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20_000 });
  await page.locator('main#main').waitFor();
}

/** The labels of the side menu, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.locator('nav .ant-menu-item');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((s) => s.trim());
}

/** The Ant Design select within `scope` that holds `input` (a selector such as '#districtCode', or its combobox). */
export function selectHolding(scope: Page | Locator, input: string | Locator): Locator {
  const page = 'goto' in scope ? scope : scope.page();
  return scope.locator('.ant-select').filter({ has: typeof input === 'string' ? page.locator(input) : input }).first();
}

/**
 * Chooses `label` in the Ant Design select `field` and waits until the field shows it. The option
 * whose title is exactly `label` is preferred, else the first whose text contains it (only the exact
 * one with `exact`, where a name can be part of another: 温州某鞋业 / 温州某鞋业二厂). Under load a
 * click can land while the list is still opening (or on the previous answer's options) and choose
 * nothing: a form then refuses to save on the empty field and the test waits for a page that never
 * comes. So every choice in the browser tests goes through here and is checked at the field; a
 * choice that did not take is made again. In a multiple select an option already shown is never
 * clicked again (that would remove it).
 */
export async function chooseOption(page: Page, field: Locator, label: string, options: { exact?: boolean; search?: string; timeout?: number } = {}): Promise<void> {
  // The field's own list: Ant Design gives it the id `<input id>_list` (another select's list may
  // still be closing, or open, when this one is chosen in).
  const inputId = await field.locator('input').first().getAttribute('id');
  const dropdown = page.locator('.ant-select-dropdown:visible').filter({ has: page.locator(`[id=${JSON.stringify(`${inputId}_list`)}]`) });
  const tried: string[] = [];
  try {
    await expect
      .poll(
        async () => {
          if ((await field.innerText()).includes(label)) return true;
          // A search-as-you-type select is opened by typing (its list then holds the answer's options).
          if ((await dropdown.count()) === 0) await (options.search === undefined ? field.click() : field.locator('input').fill(options.search));
          const exact = dropdown.locator(`.ant-select-item-option[title=${JSON.stringify(label)}]`);
          const option = options.exact || (await exact.count()) > 0 ? exact.first() : dropdown.locator('.ant-select-item-option', { hasText: label }).first();
          await option.click({ timeout: 5_000 }).catch((e: Error) => tried.push(e.message.split('\n')[0]!));
          return false;
        },
        { timeout: options.timeout ?? 60_000, interval: 500 },
      )
      .toBe(true);
  } catch (e) {
    const lists = await page.locator('.ant-select-dropdown:visible').evaluateAll((ds) => ds.map((d) => `${d.querySelector('[role=listbox]')?.id ?? '?'}: ${(d as HTMLElement).innerText.slice(0, 200)}`));
    throw new Error(`could not choose ${JSON.stringify(label)} in #${inputId} (it shows ${JSON.stringify(await field.innerText())}; open lists: ${JSON.stringify(lists)}; clicks: ${JSON.stringify(tried.slice(-3))})`, { cause: e });
  }
}

/**
 * Opens a Popconfirm with `opener`, confirms it, and returns the answer to the request the
 * confirmation sends (`sent`). Under load a click can land while the pop-up is still opening and
 * do nothing; a confirmation whose request did not go out within five seconds is made again (a
 * request that went out is never repeated, however slow its answer).
 */
export async function confirmPopup(page: Page, opener: Locator, sent: (r: Request) => boolean, timeout = 60_000): Promise<Response> {
  const deadline = Date.now() + timeout;
  const popup = page.locator('.ant-popconfirm:visible');
  for (;;) {
    const request = page.waitForRequest(sent, { timeout: 5_000 }).catch(() => null);
    if ((await popup.count()) === 0) await opener.click();
    await popup.locator('.ant-btn-primary').click({ timeout: 5_000 }).catch(() => undefined);
    const r = await request;
    if (r) {
      const answer = await r.response();
      if (!answer) throw new Error(`${r.method()} ${r.url()} got no answer (${r.failure()?.errorText ?? 'no reason'})`);
      return answer;
    }
    if (Date.now() > deadline) throw new Error('the confirmation sent no request');
  }
}

/** Runs axe-core on the page and returns the serious and critical violations. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // Colours mid-transition (a button leaving its loading state, a click's wave) and the hover
  // colour of the control just clicked are not what a reader sees: move the pointer off the page's
  // controls and let every finite animation and transition finish before checking (Ant Design's
  // motions wait for their transitionend events, so they cannot simply be switched off; on a
  // loaded machine a fixed pause was not always long enough).
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]),
  );
  // Evaluated through the DevTools protocol, not added as a <script>: the app's CSP (script-src
  // 'self') rightly refuses inline scripts, and the check must run against the real policy.
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** One server and one browser for the enclosing describe block, started before and stopped after. */
export function serverAndBrowser(): { server: TestServer; browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);
  return env;
}
