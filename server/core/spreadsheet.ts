/**
 * Reading and writing the platform's spreadsheets (.xlsx and UTF-8 .csv). A sheet format is a
 * list of columns with Chinese and English headers (either is recognised on import, plus
 * aliases); export writes the headers in the user's language, then any read-only columns.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface SheetColumn<K extends string> {
  key: K;
  zh: string;
  en: string;
  width: number;
}

export interface SheetFormat<K extends string> {
  columns: readonly SheetColumn<K>[];
  required: readonly K[];
  /** Other header spellings users write, e.g. 年产值(元). */
  aliases?: readonly (readonly [string, K])[];
}

export interface SheetRow<K extends string> {
  /** 1-based row number in the sheet (the header is row 1). */
  row: number;
  values: Partial<Record<K, string>>;
}

export interface ParsedSheet<K extends string> {
  rows: SheetRow<K>[];
  missingColumns: K[];
}

export type SheetFileFormat = 'xlsx' | 'csv';

/** The file format from a file name, or null when it is neither .xlsx nor .csv. */
export function sheetFormatOf(filename: string): SheetFileFormat | null {
  const lower = filename.toLowerCase();
  return lower.endsWith('.csv') ? 'csv' : lower.endsWith('.xlsx') ? 'xlsx' : null;
}

function normaliseHeader(h: string): string {
  return h.replace(/[\s（）()%％]/g, '').toLowerCase();
}

function headerIndex<K extends string>(format: SheetFormat<K>): Map<string, K> {
  const index = new Map<string, K>();
  for (const c of format.columns) for (const h of [c.zh, c.en, c.key]) index.set(normaliseHeader(h), c.key);
  for (const [alias, key] of format.aliases ?? []) index.set(normaliseHeader(alias), key);
  return index;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  // A number shown as a percentage in Excel (60 % shown, 0.6 stored) means 60.
  if (typeof v === 'number' && typeof cell.numFmt === 'string' && cell.numFmt.includes('%')) return String(Math.round(v * 100 * 1e6) / 1e6);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result).trim();
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

/**
 * Reads the first worksheet into keyed rows (empty rows skipped). CSV cells stay text: an
 * all-digit credit code must not become a rounded number.
 */
export async function readSheet<K extends string>(data: Buffer, fileFormat: SheetFileFormat, format: SheetFormat<K>): Promise<ParsedSheet<K>> {
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  if (fileFormat === 'csv') {
    const text = data.toString('utf8').replace(/^\uFEFF/, '');
    ws = await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v, parserOptions: { delimiter: text.includes('\t') && !text.includes(',') ? '\t' : ',' } } as never);
  } else {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    ws = wb.worksheets[0];
  }
  if (!ws) return { rows: [], missingColumns: [...format.required] };
  const index = headerIndex(format);
  const keys: (K | undefined)[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    keys[col] = index.get(normaliseHeader(cellText(cell)));
  });
  const present = new Set(keys.filter(Boolean));
  const rows: SheetRow<K>[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<K, string>> = {};
    let any = false;
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      const key = keys[col];
      if (!key) return;
      const text = cellText(cell);
      if (!text) return;
      any = true;
      values[key] = text;
    });
    if (any) rows.push({ row: rowNumber, values });
  });
  return { rows, missingColumns: format.required.filter((k) => !present.has(k)) };
}

/**
 * Writes one worksheet: the format's columns, then read-only `extra` columns, headers in the
 * user's language; `rows` yields the cell values in that column order.
 */
export async function writeSheet(
  sheetName: { zh: string; en: string },
  columns: readonly { zh: string; en: string; width: number }[],
  rows: AsyncIterable<unknown[]> | Iterable<unknown[]>,
  locale: 'zh-CN' | 'en-US',
): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fugong';
  const ws = wb.addWorksheet(sheetName[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c[lang], width: c.width }));
  ws.getRow(1).font = { bold: true };
  for await (const values of rows) ws.addRow(values);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
