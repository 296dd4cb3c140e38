import { describe, expect, it } from 'vitest';
import officialCalendar from '../seed/cn-workday-calendar.json' with { type: 'json' };
import { parseHolidayNotice } from './holiday-notice';
import { parseCalendarData } from './workdays';

const official = parseCalendarData(officialCalendar);

/** The 2026 notice (国办发明电〔2025〕7号) as its paragraphs read. */
const NOTICE_2026 = `国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。`;

/** The 2025 notice's table as copied from a web page (tab-separated, header row). */
const TABLE_2025 = `节日\t放假时间\t调休上班日期\t放假天数
元旦\t1月1日\t\t1天
春节\t1月28日至2月4日\t1月26日（周日）、2月8日（周六）\t8天
清明节\t4月4日至6日\t\t3天
劳动节\t5月1日至5日\t4月27日（周日）\t5天
端午节\t5月31日至6月2日\t\t3天
国庆节、中秋节\t10月1日至8日\t9月28日（周日）、10月11日（周六）\t8天`;

function expectSameAsOfficial(year: number, text: string) {
  const parsed = parseHolidayNotice(text, year);
  expect(parsed.errors).toEqual([]);
  const expected = official.years[String(year)]!;
  expect(parsed.holidays.map((h) => [h.name, h.dates])).toEqual(expected.holidays.map((h) => [h.name, h.dates]));
  expect(parsed.workdays).toEqual([...expected.workdays].sort());
}

describe('reading the State Council holiday notice', () => {
  it('reads the 2026 notice paragraphs into exactly the official calendar', () => {
    expectSameAsOfficial(2026, NOTICE_2026);
  });

  it('reads the 2025 notice table (tabs, ranges across months) into exactly the official calendar', () => {
    expectSameAsOfficial(2025, TABLE_2025);
  });

  it('reads a table pasted with runs of spaces or pipes', () => {
    const spaced = TABLE_2025.replace(/\t/g, '   ');
    expectSameAsOfficial(2025, spaced);
    const piped = TABLE_2025.split('\n')
      .map((l) => `| ${l.split('\t').join(' | ')} |`)
      .join('\n');
    expectSameAsOfficial(2025, piped);
  });

  it('gives English names and crosses into the next year only where the notice says so', () => {
    const p = parseHolidayNotice('一、元旦：2027年12月31日至2028年1月2日放假，共3天。', 2028);
    expect(p.errors).toEqual([]);
    expect(p.holidays).toEqual([{ name: '元旦', nameEn: "New Year's Day", dates: ['2027-12-31', '2028-01-01', '2028-01-02'] }]);
  });

  it('reports, by line, what it cannot read', () => {
    const p = parseHolidayNotice(['一、元旦：1月1日至3日放假，共4天。', '二、植树节：3月12日放假。', '三、春节：2月30日放假。', '四、清明节：放假，共3天。4月2日上班'].join('\n'), 2027);
    expect(p.errors).toEqual([
      { line: 1, code: 'day_count_mismatch', params: { stated: 4, found: 3 } },
      { line: 2, code: 'unknown_holiday' },
      { line: 3, code: 'bad_date' },
      { line: 3, code: 'no_dates' },
      { line: 4, code: 'no_dates' },
    ]);
  });

  it('refuses a notice of another year and a date named twice', () => {
    expect(parseHolidayNotice('三、清明节：4月4日至6日放假，共3天。', 2026).errors).toEqual([]);
    expect(parseHolidayNotice('一、元旦：2025年1月1日放假，共1天。', 2026).errors).toEqual([{ line: 1, code: 'wrong_year', params: { year: 2026 } }]);
    const twice = parseHolidayNotice('五、端午节：6月19日至21日放假，共3天。\n六、中秋节：6月21日放假，共1天。', 2026);
    expect(twice.errors).toEqual([{ line: 2, code: 'duplicate_date', params: { date: '2026-06-21' } }]);
  });
});
