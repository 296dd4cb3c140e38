/**
 * What a page costs to download: every script the browser fetched for it, sized as the gzip file
 * the server sends (`dist/web/assets/*.js.gz`, written at build time). Shared by the budget test
 * and the bench (`bench/web/run.ts`).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './server';

/** Budgets in gzip bytes of JavaScript a page loads (issue 11): phones open login and the report. */
export const BUDGETS = { login: 300 * 1024, report: 300 * 1024, overview: 500 * 1024 } as const;

/**
 * What each page may load: every page is held to its budget. The overview's cards are plain markup
 * (no Ant Design Table, with its pagination, select and menus) and those below the charts download
 * as they scroll into view. The daily report's form uses light native controls (lib/light-inputs:
 * no InputNumber, Segmented or Switch) and the signed-in shell is plain markup whose side menu,
 * account-menu icons, calendar warning and notification texts load only where and when they are
 * shown (bench/RESULTS.md "Web delivery" has the bytes).
 */
export const CEILINGS = { login: BUDGETS.login, report: BUDGETS.report, overview: BUDGETS.overview } as const;

export interface ScriptLoad {
  file: string;
  gzipBytes: number;
}

/** Starts recording the scripts `page` loads; call the returned function when the page is ready. */
export function recordScripts(page: Page): () => ScriptLoad[] {
  const seen = new Set<string>();
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (res.request().resourceType() === 'script' || path.endsWith('.js')) seen.add(path);
  });
  return () =>
    [...seen].sort().map((path) => {
      const file = join(ROOT, 'dist/web', path);
      const gz = `${file}.gz`;
      // Files under the compression threshold are sent as they are.
      return { file: path, gzipBytes: existsSync(gz) ? statSync(gz).size : statSync(file).size };
    });
}

export const totalBytes = (loads: ScriptLoad[]) => loads.reduce((s, l) => s + l.gzipBytes, 0);

/** True when one of the scripts holds ECharts (its core registers `echarts` extensions). */
export function loadsCharts(loads: ScriptLoad[], read: (file: string) => string): boolean {
  return loads.some((l) => /registerPreprocessor|ZRender/.test(read(l.file)));
}
