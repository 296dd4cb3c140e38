/**
 * The demo's briefings: after `seedDemoBriefings` every demo login with a briefing list finds
 * yesterday's daily and last week's weekly briefing of its alliance (the admin, the city's), as
 * .xlsx in the file store, made once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../test/harness';
import { json, XLSX_TYPE } from '../test/helpers';
import { addDays, dayOfWeek, shanghaiDate } from '../domain/workdays';
import { demoBriefingRanges, seedDemoBriefings } from './demo-briefings';

describe('demo briefing ranges', () => {
  it('yesterday, and the Monday-to-Sunday week before the current one', () => {
    // 2026-12-03 is a Thursday.
    expect(demoBriefingRanges('2026-12-03')).toEqual([
      { period: 'daily', from: '2026-12-02', to: '2026-12-02' },
      { period: 'weekly', from: '2026-11-23', to: '2026-11-29' },
    ]);
    // A Monday: the week that ended yesterday.
    expect(demoBriefingRanges('2026-11-30')[1]).toEqual({ period: 'weekly', from: '2026-11-23', to: '2026-11-29' });
    // A Sunday: its own week has not ended.
    expect(demoBriefingRanges('2026-12-06')[1]).toEqual({ period: 'weekly', from: '2026-11-23', to: '2026-11-29' });
    for (const d of ['2026-12-01', '2026-12-05', '2027-01-04']) {
      const w = demoBriefingRanges(d)[1]!;
      expect([dayOfWeek(w.from), dayOfWeek(w.to), addDays(w.from, 6)]).toEqual([1, 0, w.to]);
      expect(w.to < d).toBe(true);
    }
  });
});

describe.each(DIALECTS)('demo briefings (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  }, 120_000);
  afterAll(() => t?.close());

  it('every alliance and the city get both briefings, .xlsx only, once', async () => {
    const alliances = (await t.handle.db.selectFrom('alliances').select('id').execute()).length;
    expect(await seedDemoBriefings(t.deps)).toEqual({ generated: 2 * (alliances + 1) });
    expect(await seedDemoBriefings(t.deps)).toEqual({ generated: 0 });
    const [daily, weekly] = demoBriefingRanges(shanghaiDate(t.deps.clock.now()));

    const secretary = await t.login('secretary');
    const page = json(await t.call('GET', '/api/briefings/scheduled', { cookie: secretary }));
    expect(page.total).toBe(2);
    const mine = page.items.map((i: { scope: string; period: string; from: string; to: string }) => [i.scope, i.period, i.from, i.to]).sort();
    expect(mine).toEqual([['alliance', 'daily', daily!.from, daily!.to], ['alliance', 'weekly', weekly!.from, weekly!.to]]);
    for (const i of page.items) {
      expect(i.pdfFileId).toBeNull();
      const file = await t.call('GET', `/api/files/${i.xlsxFileId}`, { cookie: secretary });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toContain(XLSX_TYPE);
    }
    const city = json(await t.call('GET', '/api/briefings/scheduled', { cookie: await t.login('admin') }));
    expect(city.items.length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
