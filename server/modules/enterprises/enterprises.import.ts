/**
 * Importing and exporting the registry. An import is all-or-nothing: every row is validated
 * (schema, credit-code check digit, duplicates inside the file and against the registry) and
 * nothing is saved when any row is wrong; the caller gets one error per row and field.
 */
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { busFor } from '../notifications/bus';
import { refuseNul } from '../../core/http/common-schema';
import { fieldMessage } from '../../core/http/problem';
import * as repo from './enterprises.repository';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { sheetFormatOf, streamSheet } from '../../core/spreadsheet';
import { resolveOwnership } from '../../domain/ownership';
import { COLUMNS, ENTERPRISE_SHEET, resolveDistrict, resolveIndustry, resolveYesNo, writeWorkbook, type EnterpriseSheetRow } from './enterprises.excel';
import { toEnterprise } from './enterprises.presenter';
import { CreateEnterpriseBody, type ImportResponse, type ListEnterprisesQuery } from './enterprises.schema';
import { exportFilter, insertMembers } from './enterprises.service';

/** A row is a create like any other, and its cells text like any request member (no U+0000). */
const ImportRow = refuseNul(CreateEnterpriseBody);

/** The largest import: 200,000 rows, read as a stream (see `streamSheet`). */
export const MAX_IMPORT_ROWS = 200_000;
/** An import file may be larger than other uploads: 200,000 rows of .csv are about 40 MB. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** Row errors returned in full; beyond this only the count of bad rows is exact. */
export const MAX_REPORTED_ERRORS = 1_000;
/** Rows validated between two turns of the event loop (so an import never stalls other requests). */
const SLICE = 1_000;
/** Rows checked against the registry per query, and saved per step. */
const CHUNK = 2_000;

export type ImportPhase = 'reading' | 'checking' | 'saving' | 'done';
export type ImportProgress = (phase: ImportPhase, done: number, total: number | null) => void;

type RowError = ImportResponse['errors'][number];

/**
 * Announces an import's progress on the bus topic its page follows: at most every 250 ms and at
 * each change of phase (a progress event is not a record: nothing waits for a commit). Each event
 * is sent after the one before it has been: on PostgreSQL every NOTIFY is its own statement, and two
 * sent at once on different pool connections may reach the listeners in either order.
 */
export function throttledProgress(deps: Deps, topic: string): ImportProgress {
  const bus = busFor(deps);
  let last = 0;
  let lastPhase = '';
  let sending: Promise<void> = Promise.resolve();
  return (phase, done, total) => {
    const now = Date.now();
    if (phase === lastPhase && now - last < 250 && done !== total) return;
    last = now;
    lastPhase = phase;
    sending = sending.then(() => bus.publishTopics([{ topic, data: { phase, done, total } }])).catch(() => undefined);
  };
}

function toBody(r: EnterpriseSheetRow): unknown {
  const v = r.values;
  const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s.replace(/,/g, '')));
  const yuan = num(v.annualOutputYuan);
  return {
    name: v.name ?? '',
    creditCode: v.creditCode ?? '',
    industry: resolveIndustry(v.industry) ?? '',
    districtCode: resolveDistrict(v.districtCode) ?? '',
    headcount: num(v.headcount) ?? Number.NaN,
    mainProducts: v.mainProducts ?? '',
    address: v.address ?? '',
    annualOutputFen: yuan === undefined ? null : Number.isFinite(yuan) ? Math.round(yuan * 100) : Number.NaN,
    contacts: v.contactName ? [{ name: v.contactName, phone: v.contactPhone ?? '' }] : [],
    aboveDesignatedSize: resolveYesNo(v.aboveDesignatedSize) ?? false,
    industryDivision: v.industryDivision ? v.industryDivision.trim().padStart(2, '0') : null,
    ownership: v.ownership ? resolveOwnership(v.ownership) : null,
  };
}

const FIELD_TO_COLUMN: Record<string, string> = { annualOutputFen: 'annualOutputYuan', 'contacts.0.name': 'contactName', 'contacts.0.phone': 'contactPhone' };

export async function importEnterprises(
  deps: Deps,
  ctx: Ctx,
  file: { data: Buffer; filename: string },
  opts: { dryRun: boolean; onProgress?: ImportProgress },
): Promise<ImportResponse> {
  const format = sheetFormatOf(file.filename);
  if (!format) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'unsupported_media_type' }]);
  const progress: ImportProgress = opts.onProgress ?? (() => undefined);
  const errors: RowError[] = [];
  const badRows = new Set<number>();
  const push = (row: number, path: string, code: string, params: Record<string, unknown> = {}, fallback?: string) => {
    badRows.add(row);
    // File-level errors (row 1: columns, size) are always listed.
    if (errors.length < MAX_REPORTED_ERRORS || row === 1) errors.push({ row, path, code, message: fieldMessage(ctx.locale, { path, code, params, message: fallback }) });
  };

  // An .xlsx that is not a workbook is a bad upload (400); a .csv is text whose unreadable rows
  // are the file's own errors (422, like any other row error), wherever they are.
  let sheet: Awaited<ReturnType<typeof streamSheet<(typeof ENTERPRISE_SHEET.required)[number]>>>;
  try {
    sheet = await streamSheet(file.data, format, ENTERPRISE_SHEET);
  } catch {
    if (format === 'xlsx') throw new AppError('validation_failed', {}, [{ path: 'file', code: 'unreadable_file' }]);
    sheet = { missingColumns: [], rows: (async function* () {})() };
    push(1, 'file', 'unreadable_file');
  }
  for (const col of sheet.missingColumns) {
    const c = COLUMNS.find((x) => x.key === col)!;
    push(1, col, 'missing_column', { column: ctx.locale === 'en-US' ? c.en : c.zh });
  }
  const valid: { row: number; body: CreateEnterpriseBody }[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  if (!errors.length) {
    try {
      for await (const r of sheet.rows) {
        rows++;
        if (rows > MAX_IMPORT_ROWS) {
          push(1, 'file', 'too_many_rows', { max: MAX_IMPORT_ROWS });
          break;
        }
        const parsed = ImportRow.safeParse(toBody(r));
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const path = issue.path.join('.');
            const custom = issue.code === 'custom' ? (issue.params as { code?: string } | undefined) : undefined;
            const column = FIELD_TO_COLUMN[path] ?? path;
            if (custom?.code) push(r.row, column, custom.code, custom);
            else push(r.row, column, issue.code, { ...issue } as Record<string, unknown>, issue.message);
          }
        } else {
          const first = seen.get(parsed.data.creditCode);
          if (first !== undefined) push(r.row, 'creditCode', 'duplicate_in_file', { row: first });
          else {
            seen.set(parsed.data.creditCode, r.row);
            valid.push({ row: r.row, body: parsed.data });
          }
        }
        if (rows % SLICE === 0) {
          progress('reading', rows, null);
          await yieldToLoop();
        }
      }
    } catch {
      if (format === 'xlsx') throw new AppError('validation_failed', {}, [{ path: 'file', code: 'unreadable_file' }]);
      push(1, 'file', 'unreadable_file', { row: rows + 2 });
    }
    if (rows === 0 && !errors.length) push(1, 'file', 'empty_file');
    if (rows <= MAX_IMPORT_ROWS) {
      progress('reading', rows, rows);
      for (let i = 0; i < valid.length; i += CHUNK) {
        const chunk = valid.slice(i, i + CHUNK);
        const taken = new Set<string>();
        for (let j = 0; j < chunk.length; j += 500) {
          for (const x of await repo.findByCreditCodes(deps.db, chunk.slice(j, j + 500).map((v) => v.body.creditCode))) taken.add(x.credit_code);
        }
        for (const v of chunk) if (taken.has(v.body.creditCode)) push(v.row, 'creditCode', 'credit_code_taken', { creditCode: v.body.creditCode });
        progress('checking', Math.min(i + CHUNK, valid.length), valid.length);
      }
    }
  }
  errors.sort((a, b) => a.row - b.row || a.path.localeCompare(b.path));
  const preview = valid.slice(0, 50).map((v) => ({ row: v.row, name: v.body.name, creditCode: v.body.creditCode }));

  if (errors.length) {
    if (opts.dryRun) return { dryRun: true, rows, imported: 0, errors, errorRows: badRows.size, preview };
    throw new AppError('import_invalid', { count: badRows.size }, [], { rows, rowErrors: errors });
  }
  if (opts.dryRun) return { dryRun: true, rows, imported: 0, errors, errorRows: 0, preview };
  // One transaction, saved in steps: between them the event loop serves other requests.
  const imported = await deps.db.transaction().execute(async (trx) => {
    let n = 0;
    for (let i = 0; i < valid.length; i += CHUNK) {
      n += (await insertMembers(trx, deps, ctx, valid.slice(i, i + CHUNK).map((v) => v.body), 'enterprise.import')).length;
      progress('saving', n, valid.length);
      await yieldToLoop();
    }
    return n;
  });
  progress('done', imported, imported);
  return { dryRun: false, rows, imported, errors: [], errorRows: 0, preview };
}

export async function exportEnterprises(deps: Deps, ctx: Ctx, q: Partial<ListEnterprisesQuery>): Promise<Buffer> {
  const f = exportFilter(deps, ctx, q);
  async function* rows() {
    for await (const row of repo.iterateEnterprises(deps.db, f, q.sort ?? 'name', q.order ?? 'asc')) yield toEnterprise(row);
  }
  return writeWorkbook(rows(), ctx.locale);
}
