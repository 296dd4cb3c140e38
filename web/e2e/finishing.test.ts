/**
 * The finishing a city user notices (issue 11): times in Asia/Shanghai whatever the browser's
 * zone, downloads saved under their real names, phone-width wrapping, a quiet login page, and
 * axe-core on every page of every role.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, login, serverAndBrowser, signedIn } from './server';

const todayInChina = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const idem = () => ({ 'idempotency-key': crypto.randomUUID() });

async function apiJson<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const res = await page.request.fetch(url, { method, data, headers: method === 'POST' ? idem() : {} });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

describe('finishing', () => {
  const env = serverAndBrowser();

  it('the login page logs no console error and no failed request', async () => {
    const context = await env.browser.newContext({ baseURL: env.server.url });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      await page.goto('/login');
      await page.locator('#username').waitFor();
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  for (const timezoneId of ['UTC', 'America/Los_Angeles']) {
    it(`a meeting saved at 14:30 shows 14:30 in a ${timezoneId} browser, and saving the form keeps it`, async () => {
      const context = await env.browser.newContext({ baseURL: env.server.url, timezoneId, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        await login(page, 'secretary');
        const date = todayInChina();
        const m = await apiJson<{ id: number; scheduledAt: string }>(page, 'POST', '/api/meetings', { title: `时区测试 ${timezoneId}`, scheduledAt: `${date}T14:30:00+08:00`, location: '', attendeeIds: [] });
        await page.goto(`/meetings/${m.id}`);
        await expect.poll(() => page.locator('.ant-descriptions').first().innerText()).toContain('14:30');
        await page.getByTestId('meeting-edit').click();
        const picker = page.locator('.ant-drawer #scheduledAt');
        await expect.poll(() => picker.inputValue()).toBe(`${date} 14:30`);
        await page.locator('.ant-drawer-footer button.ant-btn-primary, .ant-drawer button.ant-btn-primary').last().click();
        await page.locator('.ant-drawer-open').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
        const saved = await apiJson<{ scheduledAt: string }>(page, 'GET', `/api/meetings/${m.id}`);
        expect(Date.parse(saved.scheduledAt)).toBe(Date.parse(`${date}T14:30:00+08:00`));
      } finally {
        await context.close();
      }
    }, 90_000);
  }

  it('the minutes download is saved under its UTF-8 name', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const m = await apiJson<{ id: number }>(page, 'POST', '/api/meetings', { title: '联席会议纪要下载测试', scheduledAt: `${todayInChina()}T09:00:00+08:00`, location: '', attendeeIds: [] });
      const direct = await page.request.get(`/api/meetings/${m.id}/minutes.docx`);
      const header = direct.headers()['content-disposition'];
      const expected = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(header)![1]);
      expect(expected).toMatch(/[\u4e00-\u9fff]/);
      await page.goto(`/meetings/${m.id}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('meeting-export').click()]);
      expect(download.suggestedFilename()).toBe(expected);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('at 360 px a long blocker note wraps: the member page is no wider than the screen', async () => {
    const firm = await signedIn(env.browser, env.server, 'firm');
    let enterpriseId: number;
    try {
      const session = await apiJson<{ enterpriseIds: number[] }>(firm.page, 'GET', '/api/session');
      enterpriseId = session.enterpriseIds[0];
      const date = todayInChina();
      const existing = await apiJson<{ items: { version: number }[] }>(firm.page, 'GET', `/api/enterprises/${enterpriseId}/reports?from=${date}&to=${date}`);
      const note = '上游铝锭供应商因运输受阻暂停发货，库存仅够维持两天生产，已联系备用供应商但报价偏高仍在协商中'.repeat(3).slice(0, 200);
      await apiJson(firm.page, 'POST', `/api/enterprises/${enterpriseId}/reports`, {
        reportDate: date, outputPct: 50, capacityPct: 60, staffOnDuty: 10, staffTotal: 20, stage: 'partial',
        blockers: [{ category: 'raw_material', note }], materialCoverDays: 2, preventionCoverDays: null,
        ...(existing.items[0] ? { version: existing.items[0].version } : {}),
      });
    } finally {
      await firm.context.close();
    }
    const { context, page } = await signedIn(env.browser, env.server, 'secretary', { width: 360, height: 740 });
    try {
      await page.goto(`/members/${enterpriseId}`);
      await page.locator('.note-tag').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a required field left empty shows one message', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/meetings');
      await page.getByRole('button', { name: /安排会议|新建|会议/ }).first().click();
      const drawer = page.locator('.ant-drawer-open');
      await drawer.waitFor();
      await drawer.locator('button.ant-btn-primary').last().click();
      const title = drawer.locator('.ant-form-item').filter({ has: page.locator('#title') });
      await title.locator('.ant-form-item-explain-error').first().waitFor();
      expect(await title.locator('.ant-form-item-explain-error').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the audit log names actions and records in both languages', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/audit');
      await page.locator('.ant-table-row').first().waitFor();
      const raw = /\b[a-z]+\.[a-z_]+\b/;
      const cells = async () => page.locator('.ant-table-row td:nth-child(4), .ant-table-row td:nth-child(5)').allInnerTexts();
      expect((await cells()).filter((c) => raw.test(c))).toEqual([]);
      await page.evaluate(() => localStorage.setItem('fugong.locale', 'en-US'));
      await page.reload();
      await page.locator('.ant-table-row').first().waitFor();
      expect((await cells()).filter((c) => raw.test(c) || /[\u4e00-\u9fff]/.test(c.replace(/#\d+/, '')))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('axe-core on every page of every role', () => {
  const env = serverAndBrowser();

  /** Every menu entry the person has (their pages), opened in turn. */
  async function pagesOf(page: Page): Promise<string[]> {
    return page.evaluate(() => [...new Set([...document.querySelectorAll('nav a[href]')].map((a) => new URL((a as HTMLAnchorElement).href).pathname))]);
  }

  for (const user of ['admin', 'secretary', 'tech', 'commissioner', 'expert', 'firm', 'staff']) {
    it(`has no serious or critical violation for ${user}`, async () => {
      let context: BrowserContext | undefined;
      try {
        const s = await signedIn(env.browser, env.server, user);
        context = s.context;
        const page = s.page;
        // The menu loads after the shell (lazy); sub-menus fold their entries away: open them so every link is in the page.
        await page.locator('nav a[href]').first().waitFor();
        for (const sub of await page.locator('nav .ant-menu-submenu-title').all()) await sub.click();
        const paths = await pagesOf(page);
        expect(paths.length).toBeGreaterThan(0);
        const found: Record<string, unknown> = {};
        for (const path of paths) {
          await page.goto(path);
          await page.locator('main#main').waitFor();
          await page.waitForLoadState('networkidle');
          await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
          const v = await axeViolations(page);
          if (v.length) found[path] = v;
        }
        expect(found).toEqual({});
      } finally {
        await context?.close();
      }
    }, 300_000);
  }
});
