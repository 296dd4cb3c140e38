/**
 * Importing and exporting the registry. An import is all-or-nothing: every row is validated
 * (schema, credit-code check digit, duplicates inside the file and against the registry) and
 * nothing is saved when any row is wrong; the caller gets one error per row and field.
 */
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { refuseNul } from '../../core/http/common-schema';
import { fieldMessage } from '../../core/http/problem';
import * as repo from './enterprises.repository';
import { sheetFormatOf } from '../../core/spreadsheet';
import { resolveOwnership } from '../../domain/ownership';
import { COLUMNS, parseSheet, resolveDistrict, resolveIndustry, resolveYesNo, writeWorkbook, type EnterpriseSheetRow } from './enterprises.excel';
import { toEnterprise } from './enterprises.presenter';
import { CreateEnterpriseBody, type ImportResponse, type ListEnterprisesQuery } from './enterprises.schema';
import { exportFilter, insertMembers } from './enterprises.service';

/** A row is a create like any other, and its cells text like any request member (no U+0000). */
const ImportRow = refuseNul(CreateEnterpriseBody);

export const MAX_IMPORT_ROWS = 20_000;

type RowError = ImportResponse['errors'][number];

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
  opts: { dryRun: boolean; onProgress?: (done: number, total: number) => void },
): Promise<ImportResponse> {
  const format = sheetFormatOf(file.filename);
  if (!format) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'unsupported_media_type' }]);
  let sheet;
  try {
    sheet = await parseSheet(file.data, format);
  } catch {
    throw new AppError('validation_failed', {}, [{ path: 'file', code: 'unreadable_file' }]);
  }
  const errors: RowError[] = [];
  const push = (row: number, path: string, code: string, params: Record<string, unknown> = {}, fallback?: string) =>
    errors.push({ row, path, code, message: fieldMessage(ctx.locale, { path, code, params, message: fallback }) });

  for (const col of sheet.missingColumns) {
    const c = COLUMNS.find((x) => x.key === col)!;
    push(1, col, 'missing_column', { column: ctx.locale === 'en-US' ? c.en : c.zh });
  }
  if (sheet.rows.length > MAX_IMPORT_ROWS) push(1, 'file', 'too_many_rows', { max: MAX_IMPORT_ROWS });
  if (sheet.rows.length === 0 && !sheet.missingColumns.length) push(1, 'file', 'empty_file');

  const valid: { row: number; body: CreateEnterpriseBody }[] = [];
  const seen = new Map<string, number>();
  if (!errors.length) {
    sheet.rows.forEach((r, i) => {
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
      opts.onProgress?.(i + 1, sheet.rows.length);
    });
    for (let i = 0; i < valid.length; i += 500) {
      const chunk = valid.slice(i, i + 500);
      const taken = new Set((await repo.findByCreditCodes(deps.db, chunk.map((v) => v.body.creditCode))).map((x) => x.credit_code));
      for (const v of chunk) if (taken.has(v.body.creditCode)) push(v.row, 'creditCode', 'credit_code_taken', { creditCode: v.body.creditCode });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  const preview = valid.slice(0, 50).map((v) => ({ row: v.row, name: v.body.name, creditCode: v.body.creditCode }));
  const rows = sheet.rows.length;

  if (errors.length) {
    if (opts.dryRun) return { dryRun: true, rows, imported: 0, errors, preview };
    throw new AppError('import_invalid', { count: new Set(errors.map((e) => e.row)).size }, [], { rows, rowErrors: errors });
  }
  if (opts.dryRun) return { dryRun: true, rows, imported: 0, errors, preview };
  const ids = await deps.db.transaction().execute((trx) => insertMembers(trx, deps, ctx, valid.map((v) => v.body), 'enterprise.import'));
  return { dryRun: false, rows, imported: ids.length, errors: [], preview };
}

export async function exportEnterprises(deps: Deps, ctx: Ctx, q: Partial<ListEnterprisesQuery>): Promise<Buffer> {
  const f = exportFilter(deps, ctx, q);
  async function* rows() {
    for await (const row of repo.iterateEnterprises(deps.db, f, q.sort ?? 'name', q.order ?? 'asc')) yield toEnterprise(row);
  }
  return writeWorkbook(rows(), ctx.locale);
}
