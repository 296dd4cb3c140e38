import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { createCalendar, parseCalendarData } from '../../domain/workdays';
import officialCalendar from '../../seed/cn-workday-calendar.json' with { type: 'json' };
import { calendarDataOf, ensureCalendar, loadCalendar, officialCalendarRows } from './calendar.service';

describe('calendar rows ⇄ calendar data', () => {
  it('the table rows give the same calendar as the official file', () => {
    const fromFile = createCalendar(parseCalendarData(officialCalendar));
    const fromRows = createCalendar(calendarDataOf(officialCalendarRows()));
    for (let d = Date.UTC(2024, 11, 1); d <= Date.UTC(2027, 0, 31); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      expect(fromRows.dayKind(date), date).toBe(fromFile.dayKind(date));
      expect(fromRows.holidayName(date, 'en'), date).toBe(fromFile.holidayName(date, 'en'));
    }
    expect(fromRows.knownYears()).toEqual([2025, 2026]);
  });
});

describe.each(DIALECTS)('working-day calendar in the database (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Files a ticket as the firm at a Shanghai wall-clock time; returns its deadlines. */
  async function fileAt(shanghai: string, priority: string) {
    t.clock.set(new Date(`${shanghai}+08:00`));
    const firm = await t.login('firm');
    const res = await t.call('POST', '/api/tickets', { cookie: firm, body: { enterpriseId: 1, category: 'funds', priority, title: `日历测试 ${shanghai}` }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    const { responseDueAt, resolveDueAt } = json<{ responseDueAt: string; resolveDueAt: string }>(res);
    const day = (iso: string) => new Date(Date.parse(iso) - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
    return { response: day(responseDueAt), resolve: day(resolveDueAt), resolveDueAt };
  }

  it('is loaded from the official notices when empty, and only then', async () => {
    const rows = await t.handle.db.selectFrom('workday_calendar').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(officialCalendarRows().length);
    expect(await ensureCalendar(t.deps)).toBe(0);
    const cal = await loadCalendar(t.handle.db);
    expect(cal.dayKind('2026-02-14')).toBe('adjustedWorkday');
    expect(cal.holidayName('2026-10-01')).toBe('国庆节');
  });

  it('counts deadlines across the 2026 Spring Festival (15–23 Feb off, Sat 14 and Sat 28 Feb worked)', async () => {
    // Filed Friday 13 Feb: the next working day is Saturday 14 (调休), then the holiday.
    expect(await fileAt('2026-02-13T10:00:00', 'urgent')).toMatchObject({ response: '2026-02-13', resolve: '2026-02-14' });
    expect(await fileAt('2026-02-13T10:00:00', 'normal')).toMatchObject({ resolve: '2026-02-27' });
    // Filed during the holiday: received on Tuesday 24; five working days later includes Saturday 28.
    const inHoliday = await fileAt('2026-02-17T15:30:00', 'normal');
    expect(inHoliday).toMatchObject({ response: '2026-02-24', resolve: '2026-03-02' });
    expect(inHoliday.resolveDueAt).toBe('2026-03-02T16:00:00.000Z');
    expect(await fileAt('2026-02-21T09:00:00', 'urgent')).toMatchObject({ response: '2026-02-24', resolve: '2026-02-25' });
  });

  it('counts deadlines across the 2026 National Day week (1–7 Oct off, Sat 10 Oct worked)', async () => {
    expect(await fileAt('2026-09-30T10:00:00', 'high')).toMatchObject({ response: '2026-09-30', resolve: '2026-10-10' });
    expect(await fileAt('2026-09-30T10:00:00', 'low')).toMatchObject({ resolve: '2026-10-20' });
    expect(await fileAt('2026-10-03T23:59:00', 'urgent')).toMatchObject({ response: '2026-10-08', resolve: '2026-10-09' });
    // Late on 7 October (Shanghai) is still the holiday; 16:30 UTC is already 8 October.
    expect(await fileAt('2026-10-07T23:30:00', 'urgent')).toMatchObject({ response: '2026-10-08', resolve: '2026-10-09' });
    expect(await fileAt('2026-10-08T00:30:00', 'urgent')).toMatchObject({ response: '2026-10-08', resolve: '2026-10-09' });
  });

  it('lists a range with day kinds and names in the caller’s language', async () => {
    t.clock.set('2026-11-25T02:00:00.000Z');
    const firm = await t.login('firm');
    const res = await t.call('GET', '/api/calendar?from=2026-02-13&to=2026-03-01', { cookie: firm, headers: { 'accept-language': 'en-US' } });
    expect(res.statusCode, res.body).toBe(200);
    const cal = json<{ coveredYears: number[]; days: { date: string; kind: string; isWorkday: boolean; name: string | null }[] }>(res);
    expect(cal.coveredYears).toEqual([2025, 2026]);
    expect(cal.days).toHaveLength(17);
    const day = (d: string) => cal.days.find((x) => x.date === d);
    expect(day('2026-02-13')).toEqual({ date: '2026-02-13', kind: 'workday', isWorkday: true, name: null, official: true });
    expect(day('2026-02-14')).toEqual({ date: '2026-02-14', kind: 'adjustedWorkday', isWorkday: true, name: 'Adjusted working day', official: true });
    expect(day('2026-02-17')).toEqual({ date: '2026-02-17', kind: 'holiday', isWorkday: false, name: 'Spring Festival', official: true });
    expect(day('2026-03-01')).toMatchObject({ kind: 'weekend', isWorkday: false });
    const zh = json<{ days: { date: string; name: string | null }[] }>(await t.call('GET', '/api/calendar?from=2026-10-01&to=2026-10-01', { cookie: firm }));
    expect(zh.days[0]!.name).toBe('国庆节');
    const year = json<{ from: string; to: string; days: unknown[] }>(await t.call('GET', '/api/calendar', { cookie: firm }));
    expect(year).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(year.days).toHaveLength(365);
    expectProblem(await t.call('GET', '/api/calendar?from=2026-01-01&to=2027-12-31', { cookie: firm }), 400, 'validation_failed');
    expectProblem(await t.call('GET', '/api/calendar?from=2026-02-30', { cookie: firm }), 400, 'validation_failed');
  });

  it('a platform admin adds a holiday; deadlines move at once; clearing it restores them', async () => {
    t.clock.set('2026-12-02T02:00:00.000Z');
    admin = await t.login('admin');
    const before = await fileAt('2026-12-02T10:00:00', 'normal');
    expect(before.resolve).toBe('2026-12-09');
    const secretary = await t.login('secretary');
    expectProblem(await t.call('PUT', '/api/calendar/days', { cookie: secretary, body: { days: [{ date: '2026-12-07', kind: 'holiday', name: '临时假日' }] } }), 403, 'forbidden');
    const bad = await t.call('PUT', '/api/calendar/days', { cookie: admin, body: { days: [{ date: '2026-12-08', kind: 'workday' }, { date: '2026-12-07', kind: 'holiday' }, { date: '2026-12-07', kind: 'ordinary' }] } });
    expect(expectProblem(bad, 400, 'validation_failed').errors?.map((e) => `${e.path}:${e.code}`)).toEqual(['days.0.kind:adjusted_workday_not_weekend', 'days.1.name:required', 'days.2.date:duplicate_date']);
    const put = await t.call('PUT', '/api/calendar/days', { cookie: admin, body: { days: [{ date: '2026-12-07', kind: 'holiday', name: '临时假日', nameEn: 'Extra holiday' }, { date: '2026-12-12', kind: 'workday' }] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(json<{ days: { date: string; kind: string }[] }>(put).days.map((d) => d.kind)).toEqual(['holiday', 'adjustedWorkday']);
    // Mon 7 Dec off, Sat 12 Dec worked: Thu 3, Fri 4, Tue 8, Wed 9, Thu 10.
    expect((await fileAt('2026-12-02T10:00:00', 'normal')).resolve).toBe('2026-12-10');
    expect((await fileAt('2026-12-10T10:00:00', 'high')).resolve).toBe('2026-12-14');
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'calendar.update').execute();
    expect(audit).toHaveLength(1);
    const cleared = await t.call('PUT', '/api/calendar/days', { cookie: await t.login('admin'), body: { days: [{ date: '2026-12-07', kind: 'ordinary' }, { date: '2026-12-12', kind: 'ordinary' }] } });
    expect(json<{ days: { kind: string }[] }>(cleared).days.map((d) => d.kind)).toEqual(['workday', 'weekend']);
    expect((await fileAt('2026-12-02T10:00:00', 'normal')).resolve).toBe('2026-12-09');
    t.clock.set('2026-11-25T02:00:00.000Z');
  });

  it('answers a year the notice has not covered yet (2027) as ordinary weeks, marked as not official', async () => {
    const firm = await t.login('firm');
    const res = await t.call('GET', '/api/calendar?year=2027', { cookie: firm });
    expect(res.statusCode, res.body).toBe(200);
    const cal = json<{ from: string; to: string; official: boolean; days: { date: string; kind: string; official: boolean }[] }>(res);
    expect(cal).toMatchObject({ from: '2027-01-01', to: '2027-12-31', official: false });
    expect(cal.days).toHaveLength(365);
    expect(cal.days.every((d) => !d.official)).toBe(true);
    // 1 January 2027 is a Friday: without the notice, an ordinary working day.
    expect(cal.days[0]).toMatchObject({ date: '2027-01-01', kind: 'workday' });
    expect(json<{ official: boolean }>(await t.call('GET', '/api/calendar?year=2026', { cookie: firm })).official).toBe(true);
    expectProblem(await t.call('GET', '/api/calendar?year=2027&from=2027-01-01', { cookie: firm }), 400, 'validation_failed');
  });

  it('warns from November while next year\'s official holidays are missing', async () => {
    const firm = await t.login('firm');
    t.clock.set('2026-10-31T12:00:00.000Z');
    expect(json(await t.call('GET', '/api/calendar/status', { cookie: firm }))).toEqual({ year: 2026, coveredYears: [2025, 2026], nextYearOfficial: false, nextYearMissing: false });
    t.clock.set('2026-10-31T16:30:00.000Z'); // 1 November in Shanghai
    expect(json(await t.call('GET', '/api/calendar/status', { cookie: firm }))).toMatchObject({ nextYearMissing: true });
    t.clock.set('2026-11-25T02:00:00.000Z');
  });

  it('imports a pasted State Council notice: a preview changes nothing, a bad line changes nothing, the import replaces the year', async () => {
    const admin = await t.login('admin');
    const notice = [
      '一、元旦：1月1日（周五）至3日（周日）放假，共3天。',
      '二、春节：2月6日（周六）至14日（周日）放假调休，共9天。1月31日（周日）、2月20日（周六）上班。',
    ].join('\n');
    const count = async () => Number((await t.handle.db.selectFrom('workday_calendar').select((eb) => eb.fn.countAll().as('n')).where('date', '>=', '2027-01-01').executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(0);

    const secretary = await t.login('secretary');
    expectProblem(await t.call('POST', '/api/calendar/import', { cookie: secretary, body: { year: 2027, text: notice } }), 403, 'forbidden');

    const preview = await t.call('POST', '/api/calendar/import', { cookie: admin, body: { year: 2027, text: notice, dryRun: true } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview)).toMatchObject({ applied: false, workdays: ['2027-01-31', '2027-02-20'], holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] }, { name: '春节' }] });
    expect(await count()).toBe(0);

    const bad = await t.call('POST', '/api/calendar/import', { cookie: admin, body: { year: 2027, text: `${notice}\n三、清明节：4月5日（周一）放假，共3天。` } });
    expect(expectProblem(bad, 400, 'validation_failed').errors).toEqual([{ path: 'text', code: 'notice_day_count_mismatch', message: expect.stringContaining('3'), params: { line: 3, stated: 3, found: 1 } }]);
    expect(await count()).toBe(0);
    const weekday = await t.call('POST', '/api/calendar/import', { cookie: admin, body: { year: 2027, text: '一、元旦：1月1日放假，共1天。1月4日（周一）上班。' } });
    expect(expectProblem(weekday, 400, 'validation_failed').errors?.[0]).toMatchObject({ path: 'text', code: 'adjusted_workday_not_weekend' });

    // Ordinary week before: a normal ticket filed Thu 4 Feb 2027 is due five working days later.
    t.clock.set('2027-02-04T02:00:00.000Z');
    expect((await fileAt('2027-02-04T10:00:00', 'normal')).resolve).toBe('2027-02-11');
    const applied = await t.call('POST', '/api/calendar/import', { cookie: await t.login('admin'), body: { year: 2027, text: notice } });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(json(applied)).toMatchObject({ applied: true, replaced: 0 });
    expect(await count()).toBe(14);
    // Fri 5 Feb, then the holiday (6–14), then Mon 15 … Thu 18.
    expect((await fileAt('2027-02-04T10:00:00', 'normal')).resolve).toBe('2027-02-18');
    const status = json<{ coveredYears: number[] }>(await t.call('GET', '/api/calendar/status', { cookie: await t.login('admin') }));
    expect(status.coveredYears).toEqual([2025, 2026, 2027]);

    // Importing a corrected notice replaces the year's overrides, not adds to them.
    const again = await t.call('POST', '/api/calendar/import', { cookie: await t.login('admin'), body: { year: 2027, text: notice.split('\n')[0] } });
    expect(json(again)).toMatchObject({ applied: true, replaced: 14 });
    expect(await count()).toBe(3);
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'calendar.import').execute();
    expect(audit).toEqual([{ action: 'calendar.import', target_id: '2027' }, { action: 'calendar.import', target_id: '2027' }]);
    t.clock.set('2026-11-25T02:00:00.000Z');
  });
});
