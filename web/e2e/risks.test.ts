/**
 * The risk register's closed loop as the secretary uses it: a blocker many members report is
 * proposed as a risk, its firms open on demand, accepting registers the prefilled risk; a risk's
 * expanded row lists its linked problems, and the problem page lists the risk back.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, serverAndBrowser, signedIn } from './server';

interface Proposals { reporters: number; minFirms: number; items: { blocker: string; count: number; firms: { name: string }[]; suggested: { title: string } }[] }

describe('risk proposals and linked problems', () => {
  const env = serverAndBrowser();

  it('the secretary accepts a proposal from a common blocker, sees a risk\'s problems and the problem page lists the risk', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      // A threshold of 2 firms: the demo's most reported blocker is proposed.
      const api = (await (await page.request.get('/api/risks/proposals?minFirms=2')).json()) as Proposals;
      expect(api.items.length, JSON.stringify(api)).toBeGreaterThan(0);
      const top = api.items[0]!;

      await page.goto('/risks');
      const card = page.getByTestId('risk-proposals');
      await card.locator('#risk-proposal-min').waitFor({ timeout: 30_000 });
      const answered = page.waitForResponse((r) => r.url().includes('/api/risks/proposals?minFirms=2') && r.request().method() === 'GET', { timeout: 60_000 });
      await card.locator('#risk-proposal-min').fill('2');
      await answered;
      const row = card.getByTestId(`risk-proposal-${top.blocker}`);
      await row.waitFor({ timeout: 30_000 });
      await expect.poll(() => row.textContent()).toContain(top.suggested.title);
      // Drill-down: the firms behind it.
      await row.getByText(`查看 ${top.count} 家企业`).click();
      await expect.poll(() => row.locator('.risk-proposal-firms li').count(), { timeout: 20_000 }).toBe(top.firms.length);
      await expect(row.locator('.risk-proposal-firms').textContent()).resolves.toContain(top.firms[0]!.name);
      expect(await axeViolations(page)).toEqual([]);

      // Accepting registers the risk; the proposal leaves the panel.
      const created = page.waitForResponse((r) => r.url().endsWith('/api/risks/proposals') && r.request().method() === 'POST', { timeout: 60_000 });
      await row.getByRole('button', { name: /采纳/ }).click();
      const res = await created;
      expect(res.status(), await res.text()).toBe(201);
      const risk = (await res.json()) as { id: number; title: string; sourceBlocker: string; enterprises: unknown[] };
      expect(risk.sourceBlocker).toBe(top.blocker);
      expect(risk.enterprises.length).toBe(Math.min(top.count, 200));
      await row.waitFor({ state: 'detached', timeout: 30_000 });
      await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: risk.title }).count(), { timeout: 30_000 }).toBeGreaterThan(0);

      // A risk linked to a problem shows it (title, status, link) in its expanded row.
      const tickets = (await (await page.request.get('/api/tickets?pageSize=5')).json()) as { items: { id: number; title: string }[] };
      const ticket = tickets.items[0]!;
      const made = await page.request.post('/api/risks', {
        headers: { 'idempotency-key': `e2e-risk-${Date.now()}` },
        data: { title: '关联问题测试风险', category: 'supply', likelihood: 5, impact: 5, ticketIds: [ticket.id] },
      });
      expect(made.status(), await made.text()).toBe(201);
      const linked = (await made.json()) as { id: number; title: string };
      await page.goto('/risks?q=关联问题测试风险');
      const riskRow = page.locator('.ant-table-row').filter({ hasText: linked.title });
      await riskRow.waitFor({ timeout: 30_000 });
      await riskRow.locator('.ant-table-row-expand-icon').click();
      const problems = page.getByTestId('risk-problems');
      await problems.waitFor({ timeout: 20_000 });
      await expect.poll(() => problems.textContent()).toContain(ticket.title);
      expect(await problems.getByTestId('ticket-status').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await problems.getByRole('link', { name: new RegExp(`#${ticket.id}`) }).click();
      await page.waitForURL(`**/problems/${ticket.id}`);
      const back = page.getByTestId('ticket-risks');
      await back.waitFor({ timeout: 30_000 });
      await expect.poll(() => back.textContent()).toContain(linked.title);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
