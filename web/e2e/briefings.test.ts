/**
 * The briefings page as a secretary uses it: the daily briefing downloads as a PDF (printed on
 * the server by headless Chromium, its charts drawn there by ECharts) whose text — extracted
 * with pdfjs-dist — carries the alliance's name, the day and the headline figures.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signedIn } from './server';

/** The text of every page of a PDF (CJK fonts map some glyphs to Kangxi radicals: NFKC folds them back). */
async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
  await doc.destroy();
  return text.normalize('NFKC').replace(/\s+/g, '');
}

type Briefing = { alliance: { name: string }; to: string; sections: { key: string; figures: { key: string; value: number | null }[] }[] };

describe('briefings', () => {
  const env = serverAndBrowser();

  it('a secretary downloads the daily briefing as a PDF with the headline figures', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/briefings');
      await page.getByTestId('briefing-pdf').waitFor({ timeout: 30_000 });
      const b = (await (await page.request.get('/api/briefings/alliance')).json()) as Briefing;
      const figure = (s: string, f: string) => b.sections.find((x) => x.key === s)!.figures.find((x) => x.key === f)!.value!;

      const [download, response] = await Promise.all([
        page.waitForEvent('download', { timeout: 90_000 }),
        page.waitForResponse((r) => r.url().includes('/api/briefings/alliance/download'), { timeout: 90_000 }),
        page.getByTestId('briefing-pdf').click(),
      ]);
      expect(response.status()).toBe(200);
      expect(download.suggestedFilename()).toMatch(/^briefing-alliance-\d+-daily-\d{4}-\d{2}-\d{2}\.pdf$/);
      const path = await download.path();
      const { readFile } = await import('node:fs/promises');
      const data = await readFile(path);
      expect(data.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(data);
      expect(text).toContain(`${b.alliance.name}复工日报${b.to}`.replace(/\s+/g, ''));
      expect(text).toContain(`复工率${(Math.round(figure('resumption', 'resumptionRate') * 1000) / 10).toFixed(1)}%`);
      expect(text).toContain(`成员企业${figure('resumption', 'members')}`);
      expect(text).toContain(`未办结问题${figure('problems', 'open')}`);
    } finally {
      await context.close();
    }
  }, 180_000);
});
