import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from './errors';
import { localeFromHeader, message } from './i18n';

describe('server messages', () => {
  it('has a Chinese and an English sentence for every error code', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(message('zh-CN', code), code).toBeTruthy();
      expect(message('en-US', code), code).toBeTruthy();
    }
  });

  it('has the same codes in both languages', async () => {
    const src = await import('node:fs').then((fs) => fs.readFileSync(new URL('./i18n.ts', import.meta.url), 'utf8'));
    const block = (name: string) => {
      const body = src.slice(src.indexOf(`const ${name}: Catalog = {`), src.indexOf('};', src.indexOf(`const ${name}: Catalog = {`)));
      return [...body.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]).sort();
    };
    expect(block('zh').length).toBeGreaterThan(20);
    expect(block('zh')).toEqual(block('en'));
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(message('en-US', 'credit_code_check_digit', { expected: 'X' })).toContain('should be X');
    expect(message('zh-CN', 'version_conflict')).toContain('{current}');
  });

  it('answers in Chinese unless English is preferred', () => {
    expect(localeFromHeader(undefined)).toBe('zh-CN');
    expect(localeFromHeader('en-US,en;q=0.9')).toBe('en-US');
    expect(localeFromHeader('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
  });
});
