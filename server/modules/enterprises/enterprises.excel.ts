/**
 * The registry's spreadsheet format (.xlsx and .csv), shared by import and export so an
 * exported file imports back unchanged. Headers are recognised in Chinese or English.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DISTRICTS, districtByCode } from '../../domain/districts';
import { INDUSTRY_SECTIONS } from '../../domain/industries';
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

const headerIndex = new Map<string, ColumnKey>();
for (const c of COLUMNS) {
  for (const h of [c.zh, c.en, c.key]) headerIndex.set(normaliseHeader(h), c.key);
}
headerIndex.set(normaliseHeader('年产值(元)'), 'annualOutputYuan');
headerIndex.set(normaliseHeader('区县'), 'districtCode');

function normaliseHeader(h: string): string {
  return h.replace(/[\s（）()]/g, '').toLowerCase();
}

export interface SheetRow {
  /** 1-based row number in the sheet (the header is row 1). */
  row: number;
  values: Partial<Record<ColumnKey, string>>;
}

export interface ParsedSheet {
  rows: SheetRow[];
  missingColumns: ColumnKey[];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

/** Reads the first worksheet of an .xlsx or a UTF-8 .csv into keyed rows (empty rows skipped). */
export async function parseSheet(data: Buffer, format: 'xlsx' | 'csv'): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  if (format === 'csv') {
    const text = data.toString('utf8').replace(/^\uFEFF/, '');
    ws = await wb.csv.read(Readable.from([text]), { parserOptions: { delimiter: text.includes('\t') && !text.includes(',') ? '\t' : ',' } });
  } else {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    ws = wb.worksheets[0];
  }
  if (!ws) return { rows: [], missingColumns: [...REQUIRED] };
  const keys: (ColumnKey | undefined)[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    keys[col] = headerIndex.get(normaliseHeader(cellText(cell.value)));
  });
  const present = new Set(keys.filter(Boolean));
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<ColumnKey, string>> = {};
    let any = false;
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      const key = keys[col];
      if (!key) return;
      const text = cellText(cell.value);
      if (text) any = true;
      values[key] = text;
    });
    if (any) rows.push({ row: rowNumber, values });
  });
  return { rows, missingColumns: REQUIRED.filter((k) => !present.has(k)) };
}

/** Accepts a district's code or its Chinese name; an industry section's letter or its name. */
export function resolveDistrict(v: string | undefined): string | undefined {
  if (!v) return v;
  return DISTRICTS.find((d) => d.code === v || d.zh === v)?.code ?? v;
}
export function resolveIndustry(v: string | undefined): string | undefined {
  if (!v) return v;
  const up = v.toUpperCase();
  return INDUSTRY_SECTIONS.find((s) => s.code === up || s.zh === v)?.code ?? up;
}

const STAGE_NAMES: Record<string, { zh: string; en: string }> = {
  stopped: { zh: '停产', en: 'Stopped' },
  partial: { zh: '部分复工', en: 'Partial' },
  full: { zh: '全面复工', en: 'Full' },
};

/** Writes enterprises to an .xlsx workbook; `locale` picks the header language. */
export async function writeWorkbook(rows: AsyncIterable<EnterpriseResponse> | Iterable<EnterpriseResponse>, locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fugong';
  const ws = wb.addWorksheet(lang === 'zh' ? '成员企业' : 'Members', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [...COLUMNS, ...EXPORT_ONLY].map((c) => ({ header: c[lang], width: c.width }));
  ws.getRow(1).font = { bold: true };
  for await (const e of rows) {
    const contact = e.contacts[0];
    const d = districtByCode(e.districtCode);
    ws.addRow([
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
      d ? d[lang] : '',
      e.commissioner?.displayName ?? '',
      e.latest?.reportDate ?? '',
      e.latest ? STAGE_NAMES[e.latest.stage]![lang] : '',
      e.latest?.outputPct ?? null,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
