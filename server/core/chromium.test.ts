/**
 * The Chromium resolver: FUGONG_CHROMIUM first, then /usr/bin/chromium, then the build inside
 * @sparticuz/chromium — which must start and render on a machine without any browser installed.
 */
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ChromiumNotFound, resolveChromium } from './chromium';

describe('chromium resolver', () => {
  it('takes FUGONG_CHROMIUM when it names an executable, and says so when it does not', async () => {
    const given = await resolveChromium({ chromium: process.execPath });
    expect(given).toMatchObject({ executablePath: process.execPath, source: 'FUGONG_CHROMIUM' });
    await expect(resolveChromium({ chromium: '/no/such/chromium' })).rejects.toBeInstanceOf(ChromiumNotFound);
    await expect(resolveChromium({ chromium: '/no/such/chromium' })).rejects.toThrow(/FUGONG_CHROMIUM/);
  });

  it('takes the system browser next', async () => {
    const system = await resolveChromium({ chromium: undefined }, { systemPath: process.execPath });
    expect(system).toMatchObject({ executablePath: process.execPath, source: 'system' });
  });

  it('falls back to the bundled build, which starts, renders and keeps web security on', async () => {
    const r = await resolveChromium({ chromium: undefined }, { systemPath: '/no/such/chromium' });
    expect(r.source).toBe('bundled');
    expect(r.args).not.toContain('--disable-web-security');
    expect(r.args).not.toContain('--single-process');
    const browser = await chromium.launch({ executablePath: r.executablePath, args: r.args });
    try {
      // Two pages at once, as the browser tests open them.
      const [a, b] = [await browser.newPage(), await browser.newPage()];
      await a.setContent('<h1>复工 back to work</h1>');
      await b.setContent('<p>second</p>');
      expect(await a.textContent('h1')).toBe('复工 back to work');
      expect(await b.textContent('p')).toBe('second');
      // A CSP is enforced (it would not be with web security off).
      await a.setContent(`<meta http-equiv="Content-Security-Policy" content="script-src 'none'"><p id="x">before</p><script>document.getElementById('x').textContent='after'</script>`);
      expect(await a.textContent('#x')).toBe('before');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
