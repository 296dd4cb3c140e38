/**
 * One problem from a firm's report to its rating, through the browser: the firm raises it, the
 * secretary accepts, starts, comments (internally and publicly) and resolves it, the firm sees
 * only the public comment and closes it with five stars. Along the way the notification bell of
 * a working-group member counts up live when the problem is transferred to the group, and axe
 * finds no serious or critical violation on the list and detail pages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, confirmPopup, ROOT, selectHolding, serverAndBrowser, signedIn } from './server';

const TITLE = '合成革原料断供，库存仅够两天';
const INTERNAL = '内部：已联系宁波供应商，报价待定';
const PUBLIC = '已为贵司对接两家替代供应商，明日送样';

async function status(page: Page): Promise<string> {
  return ((await page.locator('.ticket-summary [data-testid=ticket-status]').textContent()) ?? '').trim();
}

async function bellCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('notification-bell').getAttribute('data-count'));
}

describe('problem handling in the browser', () => {
  const env = serverAndBrowser();

  it('walks a problem from the firm’s report to its rating, with a live bell and no serious axe violations', async () => {
    const firm = await signedIn(env.browser, env.server, 'firm');
    const secretary = await signedIn(env.browser, env.server, 'secretary');
    const tech = await signedIn(env.browser, env.server, 'tech');
    try {
      // 1. The firm raises a raw-material problem.
      let page = firm.page;
      await page.goto('/problems');
      await page.locator('h1.page-title', { hasText: '我的问题' }).waitFor();
      await page.getByTestId('ticket-create').click();
      await chooseOption(page, selectHolding(page, '#category'), '原材料');
      await page.locator('#title').fill(TITLE);
      await page.locator('#description').fill('上游合成革厂未复工，生产线将于后天停线。');
      await page.getByTestId('ticket-submit').click();
      await page.waitForURL(/\/problems\/\d+$/, { timeout: 20_000 });
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      expect(await status(page)).toBe('待受理');
      expect(await page.locator('[data-testid=ticket-facts]').textContent()).toContain('市场销售组');
      expect(await axeViolations(page)).toEqual([]);

      // 2. The secretary accepts and starts it.
      page = secretary.page;
      await page.goto(`/problems/${id}`);
      await page.getByTestId('act-accept').click();
      await expect.poll(() => status(page)).toBe('已受理');
      await page.getByTestId('act-start').click();
      await expect.poll(() => status(page)).toBe('处理中');

      // 3. The tech member's bell counts up live when the secretary transfers it to their group.
      await tech.page.goto('/problems');
      await tech.page.getByTestId('notification-bell').waitFor();
      await expect.poll(() => bellCount(tech.page), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
      // Give the event stream a moment to connect before the transfer.
      await tech.page.waitForTimeout(1_000);
      const before = await bellCount(tech.page);
      await page.getByTestId('act-transfer').click();
      await chooseOption(page, selectHolding(page, '#toGroup'), '技术服务组');
      await page.getByTestId('transfer-reason').fill('涉及设备改造，请技术服务组牵头');
      await page.getByTestId('transfer-ok').click();
      await page.locator('[data-testid=ticket-facts]', { hasText: '技术服务组' }).waitFor({ timeout: 90_000 });
      await expect.poll(() => bellCount(tech.page), { timeout: 15_000 }).toBe(before + 1);
      expect(tech.page.url()).toContain('/problems'); // no reload, no navigation

      // 4. An internal note and a public reply, then the resolution.
      await page.getByTestId('comment-visibility').getByText('内部备注').click();
      await page.getByTestId('comment-input').fill(INTERNAL);
      await page.getByTestId('comment-submit').click();
      await page.locator('[data-testid=event-comment][data-visibility=internal]', { hasText: INTERNAL }).waitFor();
      await page.getByTestId('comment-visibility').getByText('公开回复').click();
      await page.getByTestId('comment-input').fill(PUBLIC);
      await page.getByTestId('comment-submit').click();
      await page.locator('[data-testid=event-comment][data-visibility=public]', { hasText: PUBLIC }).waitFor();
      await page.getByTestId('act-resolve').click();
      await page.getByTestId('note-input').fill('两家替代供应商已送样，原料本周到货');
      await page.getByTestId('note-ok').click();
      await expect.poll(() => status(page)).toBe('已解决');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      expect(await axeViolations(page)).toEqual([]);

      // 5. The firm sees the public reply but never the internal note, and closes with five stars.
      page = firm.page;
      await page.goto(`/problems/${id}`);
      await expect.poll(() => status(page)).toBe('已解决');
      await page.locator('[data-testid=event-comment]', { hasText: PUBLIC }).waitFor();
      expect(await page.locator('.ticket-timeline').textContent()).not.toContain(INTERNAL);
      expect(await page.locator('[data-visibility=internal]').count()).toBe(0);
      await page.getByTestId('act-confirm').click();
      const stars = page.locator('.ant-modal [data-testid=rating-stars] .ant-rate-star');
      await stars.nth(4).waitFor();
      await page.waitForTimeout(400); // the dialog's opening animation
      await stars.nth(4).locator('[role=radio]').click();
      await expect.poll(() => page.locator('.ant-modal .ant-rate-star-full').count()).toBe(5);
      await page.getByTestId('rating-comment').fill('对接很快，原料已到货');
      await page.getByTestId('rate-ok').click();
      await expect.poll(() => status(page)).toBe('已关闭');
      const rating = page.getByTestId('ticket-rating');
      await rating.waitFor();
      expect(await rating.textContent()).toContain('5 星');
      expect(await rating.textContent()).toContain('对接很快，原料已到货');
      expect(await page.locator('[data-testid=event-rating]').count()).toBe(1);

      const detail = (await (await page.request.get(`/api/tickets/${id}`)).json()) as { status: string; satisfaction: number };
      expect(detail).toMatchObject({ status: 'closed', satisfaction: 5 });

      // 6. The list pages are accessible too; the secretary's queue is the screenshot.
      await page.goto('/problems');
      await page.locator('.ant-table-row', { hasText: TITLE }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      page = secretary.page;
      await page.goto('/problems?tab=all&open=true&sort=resolveDueAt&order=asc');
      await page.locator('.ant-table-row').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(ROOT, 'docs/screenshots/problems.png') });
    } finally {
      await firm.context.close();
      await secretary.context.close();
      await tech.context.close();
    }
  }, 240_000);

  it('a problem proposed from two days of reports can be dismissed from the problems page', async () => {
    const firm = await signedIn(env.browser, env.server, 'firm');
    try {
      const page = firm.page;
      const session = (await (await page.request.get('/api/session')).json()) as { enterpriseIds: number[] };
      const id = session.enterpriseIds[0]!;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      for (const date of [yesterday, today]) {
        const existing = await page.request.get(`/api/enterprises/${id}/reports/${date}`);
        const version = existing.ok() ? ((await existing.json()) as { current: { version: number } }).current.version : undefined;
        const res = await page.request.post(`/api/enterprises/${id}/reports`, {
          headers: { 'idempotency-key': `e2e-dismiss-${date}-${Date.now()}` },
          data: { reportDate: date, outputPct: 40, capacityPct: 60, staffOnDuty: 10, staffTotal: 20, stage: 'partial', blockers: [{ category: 'policy', note: '稳岗补贴未到账' }], ...(version ? { version } : {}) },
        });
        expect(res.status(), await res.text()).toBeLessThan(300);
      }
      await page.goto('/problems');
      const proposal = page.getByTestId('proposal').filter({ hasText: '稳岗补贴未到账' });
      await proposal.waitFor({ timeout: 20_000 });
      const dismissed = await confirmPopup(page, proposal.getByTestId('proposal-dismiss'), (r) => r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/tickets/proposals'));
      expect(dismissed.status(), await dismissed.text()).toBeLessThan(300);
      await proposal.waitFor({ state: 'detached', timeout: 10_000 });
      const left = (await (await page.request.get(`/api/tickets/proposals?enterpriseId=${id}`)).json()) as { items: { category: string }[] };
      expect(left.items.some((p) => p.category === 'policy')).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await firm.context.close();
    }
  }, 120_000);

  it('meetings, risks, notifications, robots and the calendar render without errors or serious axe violations', async () => {
    const secretary = await signedIn(env.browser, env.server, 'secretary');
    const admin = await signedIn(env.browser, env.server, 'admin');
    try {
      const page = secretary.page;
      const visit = async (p: Page, path: string, ready: string) => {
        await p.goto(path);
        await p.locator(ready).first().waitFor({ timeout: 20_000 });
        expect(await p.locator('.ant-result-error, .ant-result-500, .ant-result-403, .ant-result-404').count()).toBe(0);
        expect(await axeViolations(p), path).toEqual([]);
      };
      await visit(page, '/meetings', '.ant-table-row');
      await page.locator('.ant-table-row a', { hasText: '第四次联席会议' }).click();
      await page.locator('.agenda-item').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await visit(page, '/risks', '.heatmap-cell.has');
      expect(await page.getByTestId('risk-overdue').locator('.ant-list-item').count()).toBeGreaterThan(0);
      await visit(page, '/notifications', '[data-testid=notification-item]');
      await visit(page, '/notifications/settings', '.prefs-table .ant-switch');
      await visit(page, '/settings/webhooks', 'h1.page-title');
      // The problems card sits below the charts: its code and figures load as it scrolls into view.
      await visit(page, '/overview', '[data-testid=overview-problems]');
      await page.getByTestId('overview-problems').scrollIntoViewIfNeeded();
      await page.getByTestId('ticket-figures').waitFor({ timeout: 20_000 });
      expect(await axeViolations(page)).toEqual([]);
      await visit(admin.page, '/settings/calendar', '.ant-table-row');
    } finally {
      await secretary.context.close();
      await admin.context.close();
    }
  }, 180_000);
});
