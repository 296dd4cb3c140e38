import { afterAll, describe, expect, it } from 'vitest';
import { formatDueDay, instantFromPicker, pickerFromInstant } from './format';
import { i18n } from './i18n';

describe('times are Asia/Shanghai whatever the browser zone', () => {
  const zone = process.env.TZ;
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
    it(`a picker shows and returns Shanghai wall-clock time in ${tz}`, () => {
      process.env.TZ = tz; // Node re-reads TZ for every Date operation
      const picked = pickerFromInstant('2026-12-04T06:30:00.000Z'); // 14:30 in Shanghai
      expect(picked.format('YYYY-MM-DD HH:mm')).toBe('2026-12-04 14:30');
      expect(instantFromPicker(picked)).toBe('2026-12-04T14:30:00+08:00');
      expect(Date.parse(instantFromPicker(picked.hour(9).minute(5)))).toBe(Date.parse('2026-12-04T01:05:00Z'));
    });
  }

  it('a deadline (end of a Shanghai day) reads as that day, without a time', async () => {
    await i18n.changeLanguage('zh-CN');
    // Picked as 12-10: stored as the end of that day, 12-11 00:00 Shanghai.
    expect(formatDueDay('2026-12-10T16:00:00.000Z')).toBe('12月10日周四');
  });
});
