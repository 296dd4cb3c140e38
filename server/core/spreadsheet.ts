/**
 * Reading and writing the platform's spreadsheets (.xlsx and UTF-8 .csv). A sheet format is a
 * list of columns with Chinese and English headers (either is recognised on import, plus
 * aliases); export writes the headers in the user's language, then any read-only columns.
 */
import { Readable } from 'node:stream';
import { parseString as parseCsv } from '@fast-csv/parse';
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

export interface SheetStream<K extends string> {
  missingColumns: K[];
  /** The data rows (non-empty ones), read as they are consumed: the whole sheet is never held. */
  rows: AsyncIterable<SheetRow<K>>;
}

/** Raw rows of the first worksheet: 1-based row number and 1-based column → text. */
async function* rawRows(data: Buffer, fileFormat: SheetFileFormat): AsyncGenerator<{ row: number; cells: string[] }> {
  if (fileFormat === 'csv') {
    const text = data.toString('utf8').replace(/^\uFEFF/, '');
    const delimiter = text.includes('\t') && !text.includes(',') ? '\t' : ',';
    // fast-csv pushes records as it parses; they are buffered and handed over in order.
    const queue: string[][] = [];
    let done = false;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const parser = parseCsv(text, { delimiter, ignoreEmpty: false, discardUnmappedColumns: false, strictColumnHandling: false })
      .on('data', (r: string[]) => {
        queue.push(r);
        if (queue.length >= 2000) parser.pause();
        wake?.();
      })
      .on('error', (e: unknown) => {
        failure = e;
        wake?.();
      })
      .on('end', () => {
        done = true;
        wake?.();
      });
    let n = 0;
    for (;;) {
      if (queue.length) {
        const r = queue.shift()!;
        if (queue.length < 500 && parser.isPaused()) parser.resume();
        n++;
        yield { row: n, cells: [undefined as unknown as string, ...r.map((c) => (c ?? '').trim())] };
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((r) => {
        wake = r;
        parser.resume();
      });
      wake = null;
    }
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  for await (const ws of reader) {
    for await (const r of ws) {
      const cells: string[] = [];
      r.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col] = cellText(cell);
      });
      yield { row: r.number, cells };
    }
    return; // the first worksheet only
  }
}

/**
 * Reads the first worksheet as a stream of keyed rows (empty rows skipped), for imports too big
 * to hold: the header row is read first (so missing columns are known before any data row),
 * then rows are parsed as the caller consumes them. Same cell rules as {@link readSheet}.
 */
export async function streamSheet<K extends string>(data: Buffer, fileFormat: SheetFileFormat, format: SheetFormat<K>): Promise<SheetStream<K>> {
  const it = rawRows(data, fileFormat);
  const index = headerIndex(format);
  const keys: (K | undefined)[] = [];
  let first = await it.next();
  // Leading empty rows before the header are skipped, as in readSheet.
  while (!first.done && !first.value.cells.some((c) => c)) first = await it.next();
  if (first.done) return { missingColumns: [...format.required], rows: (async function* () {})() };
  first.value.cells.forEach((c, col) => {
    keys[col] = index.get(normaliseHeader(c ?? ''));
  });
  const present = new Set(keys.filter(Boolean));
  async function* rows(): AsyncGenerator<SheetRow<K>> {
    for await (const r of it) {
      const values: Partial<Record<K, string>> = {};
      let any = false;
      r.cells.forEach((text, col) => {
        const key = keys[col];
        if (!key || !text) return;
        any = true;
        values[key] = text;
      });
      if (any) yield { row: r.row, values };
    }
  }
  return { missingColumns: format.required.filter((k) => !present.has(k)), rows: rows() };
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
