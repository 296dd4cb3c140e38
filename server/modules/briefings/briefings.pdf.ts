/**
 * Prints HTML pages to PDF with headless Chromium (playwright-core), found as the browser tests
 * find it (core/chromium.ts: FUGONG_CHROMIUM, /usr/bin/chromium, the bundled build). One page at
 * a time, in one browser kept while prints are waiting (the schedule prints one per alliance)
 * and closed a moment after the last. No browser (or one that will not start) answers
 * `pdf_unavailable` (503); the .xlsx needs none.
 */
import { chromium, type Browser } from 'playwright-core';
import type { Config } from '../../config';
import { resolveChromium } from '../../core/chromium';
import { AppError } from '../../core/errors';

const IDLE_CLOSE_MS = 2_000;

let queue: Promise<unknown> = Promise.resolve();
let open: { key: string; browser: Promise<Browser> } | null = null;
let idle: NodeJS.Timeout | null = null;

async function browserFor(config: Pick<Config, 'chromium'>): Promise<Browser> {
  const key = config.chromium ?? '';
  if (open && open.key !== key) await closeBrowser();
  if (!open) {
    const launching = (async () => {
      const found = await resolveChromium(config);
      return chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true, timeout: 60_000 });
    })();
    open = { key, browser: launching };
    launching.catch(() => {
      if (open?.browser === launching) open = null;
    });
  }
  try {
    return await open.browser;
  } catch {
    throw new AppError('pdf_unavailable');
  }
}

/** Closes the browser kept between prints (the app's shutdown). */
export async function closeBrowser(): Promise<void> {
  const was = open;
  open = null;
  await was?.browser.then((b) => b.close()).catch(() => undefined);
}

let pending = 0;

export async function printPdf(config: Pick<Config, 'chromium'>, html: string): Promise<Buffer> {
  pending++;
  if (idle) clearTimeout(idle);
  idle = null;
  const run = queue.then(() => print(config, html));
  queue = run.catch(() => undefined);
  try {
    return await run;
  } finally {
    pending--;
    if (pending === 0) {
      idle = setTimeout(() => {
        if (pending === 0) void closeBrowser();
      }, IDLE_CLOSE_MS);
      idle.unref();
    }
  }
}

async function print(config: Pick<Config, 'chromium'>, html: string): Promise<Buffer> {
  const browser = await browserFor(config);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    // The page is ours alone: nothing to fetch (the charts are SVG already).
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } });
  } finally {
    await context.close().catch(() => undefined);
  }
}
