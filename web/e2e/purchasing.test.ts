/**
 * 红色团购 in the browser: the secretary opens a campaign (tier prices typed in yuan), a firm
 * pledges and sees its expected cost, the secretary locks and allocates, orders from the supplier,
 * and the firm's settlement statement downloads as a real .xlsx with the firm's line.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations, confirmPopup, serverAndBrowser, signedIn } from './server';

describe('group purchasing', () => {
  const env = serverAndBrowser();

  it('campaign → pledge → lock and allocate → order → settlement statement .xlsx', async () => {
    const sec = await signedIn(env.browser, env.server, 'secretary');
    const firm = await signedIn(env.browser, env.server, 'firm');
    try {
      // The secretary opens a campaign: two price tiers in yuan, a per-firm cap.
      const p = sec.page;
      await p.goto('/purchasing');
      await p.locator('h1.page-title').waitFor();
      expect(await axeViolations(p)).toEqual([]);
      await p.getByTestId('campaign-create').click();
      const form = p.getByTestId('campaign-form');
      await form.waitFor();
      await form.locator('#title').fill('浏览器测试口罩团购');
      await form.locator('#supplier').fill('温州医疗器械有限公司');
      await form.locator('#items_0_name').fill('一次性医用口罩');
      await form.locator('#items_0_spec').fill('YY/T 0969');
      await form.locator('#items_0_perFirmCap').fill('3000');
      await form.locator('#items_0_tiers_0_price').fill('1.5');
      await form.getByRole('button', { name: '添加价格档' }).click();
      await form.locator('#items_0_tiers_1_minCount').fill('5000');
      await form.locator('#items_0_tiers_1_price').fill('1.2');
      expect(await axeViolations(p)).toEqual([]);
      await p.getByTestId('campaign-submit').click();
      await p.waitForURL(/\/purchasing\/\d+$/);
      const id = Number(/\/purchasing\/(\d+)$/.exec(p.url())![1]);
      const created = (await (await p.request.get(`/api/purchasing/campaigns/${id}`)).json()) as { items: { id: number; tiers: { minCount: number; unitPriceFen: number }[] }[] };
      // Yuan on screen, integer fen on the wire.
      expect(created.items[0]!.tiers).toEqual([{ minCount: 0, unitPriceFen: 150 }, { minCount: 5000, unitPriceFen: 120 }]);
      const itemId = created.items[0]!.id;

      // The firm pledges 2,000 and sees the current tier's expected cost (2,000 × ¥1.50).
      const f = firm.page;
      const session = (await (await f.request.get('/api/session')).json()) as { enterpriseIds: number[] };
      const firmId = session.enterpriseIds[0]!;
      await f.goto(`/purchasing/${id}`);
      await f.getByTestId('pledge-panel').waitFor();
      expect(await axeViolations(f)).toEqual([]);
      await f.locator(`#pledge-${itemId}`).fill('2000');
      await f.getByTestId(`pledge-submit-${itemId}`).click();
      await expect.poll(() => f.getByTestId(`mine-cost-${itemId}`).innerText()).toBe('¥3000.00');
      await expect.poll(() => f.getByTestId(`pledged-${itemId}`).innerText()).toContain('2,000');

      // The secretary sees the pledge, locks (supplier confirms everything) and orders.
      await p.reload();
      await expect.poll(() => p.getByTestId(`pledged-${itemId}`).innerText()).toContain('2,000');
      await p.getByTestId('campaign-lock').click();
      await p.getByTestId('lock-submit').click();
      await p.getByTestId('campaign-order').waitFor();
      const ordered = await confirmPopup(p, p.getByTestId('campaign-order'), (r) => r.method() === 'POST' && new URL(r.url()).pathname.startsWith(`/api/purchasing/campaigns/${id}/`));
      expect(ordered.status(), await ordered.text()).toBeLessThan(300);
      await expect.poll(async () => ((await (await p.request.get(`/api/purchasing/campaigns/${id}`)).json()) as { status: string }).status).toBe('ordered');
      const lines = (await (await p.request.get(`/api/purchasing/campaigns/${id}/pledges`)).json()) as { items: { enterprise: { id: number; name: string }; allocatedCount: number }[] };
      const line = lines.items.find((l) => l.enterprise.id === firmId)!;
      expect(line.allocatedCount).toBe(2000);
      expect(await axeViolations(p)).toEqual([]);

      // The firm's settlement statement: saved under the server's name, a real workbook with its line.
      const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId(`settlement-${firmId}`).click()]);
      expect(download.suggestedFilename()).toBe(`settlement-${id}-${firmId}.xlsx`);
      const file = join(mkdtempSync(join(tmpdir(), 'fugong-settlement-')), download.suggestedFilename());
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).map((v) => String(v ?? '')));
      expect(rows.some((r) => r.includes(line.enterprise.name))).toBe(true);
      const itemRow = rows.find((r) => r.includes('一次性医用口罩'))!;
      expect(itemRow).toEqual(expect.arrayContaining(['2000', '1.50', '3000.00']));
    } finally {
      await sec.context.close();
      await firm.context.close();
    }
  }, 180_000);
});
