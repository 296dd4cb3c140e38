/**
 * The registry's spreadsheet format (.xlsx and .csv), shared by import and export so an
 * exported file imports back unchanged. Headers are recognised in Chinese or English.
 */
import ExcelJS from 'exceljs';
import { writeSheet, type SheetFormat, type SheetRow } from '../../core/spreadsheet';
import { DISTRICTS, districtByCode } from '../../domain/districts';
import { INDUSTRY_SECTIONS } from '../../domain/industries';
import { ALL_DIVISIONS, OWNERSHIP_NAMES, OWNERSHIP_TYPES } from '../../domain/ownership';
import type { EnterpriseResponse } from './enterprises.schema';

export const COLUMNS = [
  { key: 'name', zh: '企业名称', en: 'Name', width: 36 },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', width: 22 },
  { key: 'industry', zh: '行业门类', en: 'Industry section', width: 10 },
  { key: 'districtCode', zh: '区县代码', en: 'District code', width: 10 },
  { key: 'headcount', zh: '职工人数', en: 'Headcount', width: 10 },
  { key: 'mainProducts', zh: '主要产品', en: 'Main products', width: 30 },
  { key: 'address', zh: '地址', en: 'Address', width: 30 },
  { key: 'annualOutputYuan', zh: '年产值（元）', en: 'Annual output (yuan)', width: 16 },
  { key: 'contactName', zh: '联系人', en: 'Contact', width: 10 },
  { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', width: 16 },
  { key: 'aboveDesignatedSize', zh: '规上企业', en: 'Above designated size', width: 10 },
  { key: 'industryDivision', zh: '行业大类', en: 'Industry division', width: 10 },
  { key: 'ownership', zh: '登记注册类型', en: 'Ownership', width: 16 },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Columns an export adds for reading; import ignores them. */
const EXPORT_ONLY = [
  { zh: '区县', en: 'District', width: 10 },
  { zh: '驻企专员', en: 'Commissioner', width: 10 },
  { zh: '最近日报', en: 'Latest report', width: 12 },
  { zh: '复工阶段', en: 'Stage', width: 10 },
  { zh: '产出（%）', en: 'Output (%)', width: 10 },
] as const;

export const REQUIRED: ColumnKey[] = ['name', 'creditCode', 'industry', 'districtCode', 'headcount'];

export const ENTERPRISE_SHEET: SheetFormat<ColumnKey> = {
  columns: COLUMNS,
  required: REQUIRED,
  aliases: [['年产值(元)', 'annualOutputYuan'], ['区县', 'districtCode']],
};

export type EnterpriseSheetRow = SheetRow<ColumnKey>;

/** Reads an .xlsx or UTF-8 .csv registry file into keyed rows. */

/** Each key's first entry in `list` (the one `find` would answer), by position. */
function firstBy<T>(list: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  list.forEach((x, i) => {
    if (!m.has(key(x))) m.set(key(x), i);
  });
  return m;
}
const DISTRICT_BY_CODE = firstBy(DISTRICTS, (d) => d.code);
const DISTRICT_BY_NAME = firstBy(DISTRICTS, (d) => d.zh);
const SECTION_BY_CODE = firstBy(INDUSTRY_SECTIONS, (s) => s.code);
const SECTION_BY_NAME = firstBy(INDUSTRY_SECTIONS, (s) => s.zh);
/** The first of two positions (either may be missing). */
const firstOf = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * Accepts a district's code or its Chinese name; an industry section's letter or its name (the
 * first entry matching either, looked up rather than searched: an import resolves every row).
 */
export function resolveDistrict(v: string | undefined): string | undefined {
  if (!v) return v;
  const i = firstOf(DISTRICT_BY_CODE.get(v), DISTRICT_BY_NAME.get(v));
  return i === undefined ? v : DISTRICTS[i]!.code;
}
export function resolveIndustry(v: string | undefined): string | undefined {
  if (!v) return v;
  const up = v.toUpperCase();
  const i = firstOf(SECTION_BY_CODE.get(up), SECTION_BY_NAME.get(v));
  return i === undefined ? up : INDUSTRY_SECTIONS[i]!.code;
}

/** How the 规上 column writes yes / no; import also accepts 1/0, true/false, 是/否, Y/N. */
export const YES_NO = { zh: ['是', '否'], en: ['Yes', 'No'] } as const;

/** A yes/no cell: true, false, undefined when empty, or the text itself when unreadable. */
export function resolveYesNo(v: string | undefined): boolean | string | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const t = v.trim().toLowerCase();
  if (['是', 'yes', 'y', 'true', '1', '规上'].includes(t)) return true;
  if (['否', 'no', 'n', 'false', '0'].includes(t)) return false;
  return v;
}

const STAGE_NAMES: Record<string, { zh: string; en: string }> = {
  stopped: { zh: '停产', en: 'Stopped' },
  partial: { zh: '部分复工', en: 'Partial' },
  full: { zh: '全面复工', en: 'Full' },
};

/** Writes enterprises to an .xlsx workbook; `locale` picks the header language. */
export async function writeWorkbook(rows: AsyncIterable<EnterpriseResponse> | Iterable<EnterpriseResponse>, locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  async function* lines() {
    for await (const e of rows) {
      const contact = e.contacts[0];
      const d = districtByCode(e.districtCode);
      yield [
        e.name,
        e.creditCode,
        e.industry,
        e.districtCode,
        e.headcount,
        e.mainProducts,
        e.address,
        e.annualOutputFen === null ? null : e.annualOutputFen / 100,
        contact?.name ?? '',
        contact?.phone ?? '',
        e.aboveDesignatedSize ? YES_NO[lang][0] : YES_NO[lang][1],
        e.industryDivision ?? '',
        e.ownership ? OWNERSHIP_NAMES[e.ownership][lang] : '',
        d ? d[lang] : '',
        e.commissioner?.displayName ?? '',
        e.latest?.reportDate ?? '',
        e.latest ? STAGE_NAMES[e.latest.stage]![lang] : '',
        e.latest?.outputPct ?? null,
  ];
    }
  }
  return writeSheet({ zh: '成员企业', en: 'Members' }, [...COLUMNS, ...EXPORT_ONLY], lines(), locale);
}

const TEMPLATE_ROWS = 1000;
const TEMPLATE_TEXT = {
  zh: { sheet: '成员企业', codes: '代码表', district: '区县代码', districtName: '区县', industry: '行业门类', industryName: '门类名称', division: '行业大类', ownership: '登记注册类型', yesNo: '规上企业', pick: '请从下拉列表中选择', invalid: '不在代码表中' },
  en: { sheet: 'Members', codes: 'Codes', district: 'District code', districtName: 'District', industry: 'Industry section', industryName: 'Section name', division: 'Industry division', ownership: 'Ownership', yesNo: 'Above designated size', pick: 'Pick from the list', invalid: 'Not in the code list' },
} as const;

/**
 * The import template: the registry's columns (headers in the user's language, required ones in
 * bold red) and, on a second sheet, the district codes and industry sections with their names;
 * the district and industry columns offer those codes as drop-downs (data validation), so a
 * filled-in template imports without code errors.
 */
export async function writeTemplate(locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const text = TEMPLATE_TEXT[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fugong';
  const ws = wb.addWorksheet(text.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c[lang], width: c.width, key: c.key }));
  COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.font = REQUIRED.includes(c.key) ? { bold: true, color: { argb: 'FFB91C1C' } } : { bold: true };
  });

  const codes = wb.addWorksheet(text.codes);
  codes.columns = [
    { header: text.district, width: 12 },
    { header: text.districtName, width: 14 },
    { header: '', width: 4 },
    { header: text.industry, width: 12 },
    { header: text.industryName, width: 40 },
    { header: '', width: 4 },
    { header: text.division, width: 12 },
    { header: text.ownership, width: 22 },
    { header: text.yesNo, width: 12 },
  ];
  codes.getRow(1).font = { bold: true };
  DISTRICTS.forEach((d, i) => {
    codes.getCell(i + 2, 1).value = d.code;
    codes.getCell(i + 2, 2).value = d[lang];
  });
  INDUSTRY_SECTIONS.forEach((sec, i) => {
    codes.getCell(i + 2, 4).value = sec.code;
    codes.getCell(i + 2, 5).value = sec[lang];
  });
  ALL_DIVISIONS.forEach((d, i) => {
    codes.getCell(i + 2, 7).value = d;
  });
  OWNERSHIP_TYPES.forEach((o, i) => {
    codes.getCell(i + 2, 8).value = OWNERSHIP_NAMES[o][lang];
  });
  YES_NO[lang].forEach((v, i) => {
    codes.getCell(i + 2, 9).value = v;
  });

  const list = (col: string, n: number) => `'${text.codes}'!$${col}$2:$${col}$${n + 1}`;
  const validated = [
    { key: 'districtCode', formula: list('A', DISTRICTS.length) },
    { key: 'industry', formula: list('D', INDUSTRY_SECTIONS.length) },
    { key: 'industryDivision', formula: list('G', ALL_DIVISIONS.length) },
    { key: 'ownership', formula: list('H', OWNERSHIP_TYPES.length) },
    { key: 'aboveDesignatedSize', formula: list('I', 2) },
  ] as const;
  for (const v of validated) {
    const col = ws.getColumn(v.key);
    // Codes are text: "330302" must not become a number.
    col.numFmt = '@';
    for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
      ws.getCell(r, col.number).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [v.formula],
        showInputMessage: true,
        promptTitle: ws.getCell(1, col.number).value as string,
        prompt: text.pick,
        showErrorMessage: true,
        errorStyle: 'error',
        error: text.invalid,
      };
    }
  }
  ws.getColumn('creditCode').numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
