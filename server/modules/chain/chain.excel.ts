/**
 * Supply links in spreadsheets (.xlsx and .csv): the sheet format, shared by import and export
 * so an exported file imports back unchanged, and the two use cases over it.
 *
 * A row names a link by the two firms' credit codes and the item's name. Import is for alliance
 * staff only (they enter confirmed links, as in the web app) and is all-or-nothing: every row is
 * checked — parse, credit codes of members, supplier ≠ customer, duplicates in the file and in
 * the map, the customer item's share total including links already registered (≤ 100 %, each
 * offending row told by how much), one essential flag and stock per customer item — and nothing
 * is saved when any row is wrong. Item names the alliance does not know yet are added to its
 * item list by a real import. Export writes the links the caller may see.
 */
import { z } from 'zod';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError } from '../../core/errors';
import { refuseNul } from '../../core/http/common-schema';
import { fieldMessage } from '../../core/http/problem';
import { readSheet, sheetFormatOf, writeSheet, type ParsedSheet, type SheetFileFormat, type SheetFormat, type SheetRow } from '../../core/spreadsheet';
import { tenantOf } from '../../core/tenant';
import * as repo from './chain.repository';
import { DeclareLinkBody, type LinkImportResponse, type LinkResponse } from './chain.schema';
import { isStaff, listLinks } from './chain.service';

export const LINK_COLUMNS = [
  { key: 'supplierCreditCode', zh: '供应方信用代码', en: 'Supplier credit code', width: 22 },
  { key: 'customerCreditCode', zh: '需求方信用代码', en: 'Customer credit code', width: 22 },
  { key: 'item', zh: '物料', en: 'Item', width: 16 },
  { key: 'sharePct', zh: '供货份额（%）', en: 'Share %', width: 12 },
  { key: 'essential', zh: '关键物料', en: 'Essential', width: 10 },
  { key: 'leadDays', zh: '交货周期（天）', en: 'Lead days', width: 12 },
  { key: 'stockDays', zh: '库存天数', en: 'Stock days', width: 10 },
] as const;
export type LinkColumnKey = (typeof LINK_COLUMNS)[number]['key'];

/** Columns an export adds for reading; import ignores them. */
const EXPORT_ONLY = [
  { zh: '供应方', en: 'Supplier', width: 32 },
  { zh: '需求方', en: 'Customer', width: 32 },
  { zh: '状态', en: 'Status', width: 10 },
] as const;

export const LINK_REQUIRED: LinkColumnKey[] = ['supplierCreditCode', 'customerCreditCode', 'item', 'sharePct', 'leadDays'];

export const MAX_LINK_IMPORT_ROWS = 20_000;

export const LINK_SHEET: SheetFormat<LinkColumnKey> = {
  columns: LINK_COLUMNS,
  required: LINK_REQUIRED,
  aliases: [
    ['供应方统一社会信用代码', 'supplierCreditCode'],
    ['需求方统一社会信用代码', 'customerCreditCode'],
    ['物料名称', 'item'],
    ['份额', 'sharePct'],
    ['是否关键物料', 'essential'],
    ['交货周期', 'leadDays'],
    ['库存', 'stockDays'],
    ['share', 'sharePct'],
    ['lead', 'leadDays'],
  ],
};

export type LinkSheetRow = SheetRow<LinkColumnKey>;
export type LinkSheet = ParsedSheet<LinkColumnKey>;

/** Reads an .xlsx or UTF-8 .csv file of supply links into keyed rows. */
export function parseLinkSheet(data: Buffer, format: SheetFileFormat): Promise<LinkSheet> {
  return readSheet(data, format, LINK_SHEET);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '关键']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '非关键']);

/** 是/否, yes/no, true/false, 1/0 (any case); blank means essential. Undefined when unreadable. */
export function parseEssential(v: string | undefined): boolean | undefined {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '') return true;
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}

const ESSENTIAL_TEXT = { zh: ['是', '否'], en: ['yes', 'no'] } as const;
const STATUS_TEXT = { zh: { pending: '待确认', confirmed: '已确认' }, en: { pending: 'Pending', confirmed: 'Confirmed' } } as const;

/** One exported link: the sheet's columns plus the names and status for reading. */
export interface LinkSheetLine {
  supplierCreditCode: string;
  customerCreditCode: string;
  link: LinkResponse;
}

/** Writes links to an .xlsx workbook; `locale` picks the header language. */
export async function writeLinkWorkbook(lines: Iterable<LinkSheetLine>, locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const rows = [...lines].map(({ supplierCreditCode, customerCreditCode, link }) => [
    supplierCreditCode,
    customerCreditCode,
    link.item.name,
    link.sharePct,
    ESSENTIAL_TEXT[lang][link.essential ? 0 : 1],
    link.leadDays,
    link.stockDays,
    link.supplier.name,
    link.customer.name,
    STATUS_TEXT[lang][link.status],
  ]);
  return writeSheet({ zh: '供应关系', en: 'Supply links' }, [...LINK_COLUMNS, ...EXPORT_ONLY], rows, locale);
}

// Use cases ----------------------------------------------------------------------------------

/** Only alliance staff import links (enterprises declare theirs one by one, to be confirmed). */
export function assertCanImportLinks(ctx: Ctx): void {
  if (!isStaff(ctx.actor)) throw new AppError('forbidden');
}

type RowError = LinkImportResponse['errors'][number];

// A cell is text like any request member: refused with `nul_character` when it holds U+0000.
const RowSchema = refuseNul(z.object({
  supplierCreditCode: z.string().trim().toUpperCase().min(1).max(18),
  customerCreditCode: z.string().trim().toUpperCase().min(1).max(18),
  item: z.string().trim().min(1).max(60),
  sharePct: DeclareLinkBody.shape.sharePct,
  essential: z.boolean(),
  leadDays: DeclareLinkBody.shape.leadDays,
  stockDays: DeclareLinkBody.shape.stockDays,
}));
type ParsedRow = z.infer<typeof RowSchema> & { row: number };

interface ValidRow extends ParsedRow {
  supplierId: number;
  customerId: number;
  supplierName: string;
  customerName: string;
  shareBp: number;
}

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s.replace(/[,\s]/g, '').replace(/[%％]$/, '')));

async function chunked<T, R>(list: T[], size: number, fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < list.length; i += size) out.push(...(await fn(list.slice(i, i + size))));
  return out;
}

/** Checks every row against the file and the map (as `db` sees it); pure reads. */
async function validateRows(db: Executor, ctx: Ctx, sheet: LinkSheet) {
  const allianceId = tenantOf(ctx);
  const errors: RowError[] = [];
  const push = (row: number, path: string, code: string, params: Record<string, unknown> = {}, fallback?: string) =>
    errors.push({ row, path, code, message: fieldMessage(ctx.locale, { path, code, params, message: fallback }) });

  for (const col of sheet.missingColumns) {
    const c = LINK_COLUMNS.find((x) => x.key === col)!;
    push(1, col, 'missing_column', { column: ctx.locale === 'en-US' ? c.en : c.zh });
  }
  if (sheet.rows.length > MAX_LINK_IMPORT_ROWS) push(1, 'file', 'too_many_rows', { max: MAX_LINK_IMPORT_ROWS });
  if (sheet.rows.length === 0 && !sheet.missingColumns.length) push(1, 'file', 'empty_file');
  if (errors.length) return { errors, valid: [] as ValidRow[], newItems: [] as string[] };

  // 1. Each row on its own.
  const parsed: ParsedRow[] = [];
  for (const r of sheet.rows) {
    const v = r.values;
    let bad = false;
    for (const key of LINK_REQUIRED) {
      if (!v[key]?.trim()) {
        push(r.row, key, 'required');
        bad = true;
      }
    }
    const essential = parseEssential(v.essential);
    if (essential === undefined) {
      push(r.row, 'essential', 'invalid_boolean');
      bad = true;
    }
    if (bad) continue;
    const result = RowSchema.safeParse({
      supplierCreditCode: v.supplierCreditCode, customerCreditCode: v.customerCreditCode, item: v.item,
      sharePct: num(v.sharePct), essential, leadDays: num(v.leadDays), stockDays: num(v.stockDays),
    });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.join('.');
        const custom = issue.code === 'custom' ? (issue.params as { code?: string } | undefined) : undefined;
        if (custom?.code) push(r.row, path, custom.code, custom);
        else push(r.row, path, issue.code, { ...issue } as Record<string, unknown>, issue.message);
      }
      continue;
    }
    parsed.push({ ...result.data, row: r.row });
  }

  // 2. Credit codes: members of this alliance, or say why not.
  const codes = [...new Set(parsed.flatMap((p) => [p.supplierCreditCode, p.customerCreditCode]))];
  const members = new Map(
    (await chunked(codes, 500, (chunk) =>
      db.selectFrom('enterprises as e').innerJoin('alliance_members as am', 'am.enterprise_id', 'e.id').select(['e.id', 'e.name', 'e.credit_code']).where('am.alliance_id', '=', allianceId).where('e.credit_code', 'in', chunk).execute(),
    )).map((e) => [e.credit_code, e]),
  );
  const outsiders = codes.filter((c) => !members.has(c));
  const registered = new Set((await chunked(outsiders, 500, (chunk) => db.selectFrom('enterprises').select('credit_code').where('credit_code', 'in', chunk).execute())).map((e) => e.credit_code));
  const resolved: ValidRow[] = [];
  for (const p of parsed) {
    let ok = true;
    for (const key of ['supplierCreditCode', 'customerCreditCode'] as const) {
      if (members.has(p[key])) continue;
      ok = false;
      if (registered.has(p[key])) push(p.row, key, 'not_a_member');
      else push(p.row, key, 'credit_code_unknown', { creditCode: p[key] });
    }
    if (!ok) continue;
    const s = members.get(p.supplierCreditCode)!;
    const c = members.get(p.customerCreditCode)!;
    if (s.id === c.id) {
      push(p.row, 'customerCreditCode', 'same_enterprise');
      continue;
    }
    resolved.push({ ...p, supplierId: s.id, customerId: c.id, supplierName: s.name, customerName: c.name, shareBp: Math.round(p.sharePct * 100) });
  }

  // 3. Against the map and the rest of the file.
  const items = new Map((await repo.listItems(db, allianceId)).map((i) => [i.name, i.id]));
  const customerIds = [...new Set(resolved.map((r) => r.customerId))];
  const existing = await chunked(customerIds, 500, (chunk) =>
    db.selectFrom('supply_links').select(['supplier_id', 'customer_id', 'item_id', 'share_bp']).where('alliance_id', '=', allianceId).where('customer_id', 'in', chunk).execute(),
  );
  const existingLinks = new Set(existing.map((l) => `${l.supplier_id}:${l.customer_id}:${l.item_id}`));
  const existingShare = new Map<string, number>();
  for (const l of existing) existingShare.set(`${l.customer_id}:${l.item_id}`, (existingShare.get(`${l.customer_id}:${l.item_id}`) ?? 0) + Number(l.share_bp));

  const firstRow = new Map<string, number>();
  const groups = new Map<string, ValidRow[]>();
  const valid: ValidRow[] = [];
  for (const r of resolved) {
    const itemId = items.get(r.item);
    const key = `${r.supplierId}:${r.customerId}:${r.item}`;
    const first = firstRow.get(key);
    if (first !== undefined) {
      push(r.row, 'item', 'duplicate_in_file', { row: first });
      continue;
    }
    firstRow.set(key, r.row);
    if (itemId !== undefined && existingLinks.has(`${r.supplierId}:${r.customerId}:${itemId}`)) {
      push(r.row, 'item', 'link_exists');
      continue;
    }
    const g = `${r.customerId}:${r.item}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
    valid.push(r);
  }
  for (const rows of groups.values()) {
    const head = rows[0]!;
    const itemId = items.get(head.item);
    const totalBp = (itemId === undefined ? 0 : existingShare.get(`${head.customerId}:${itemId}`) ?? 0) + rows.reduce((s, r) => s + r.shareBp, 0);
    if (totalBp > 10_000) for (const r of rows) push(r.row, 'sharePct', 'share_sum_exceeded', { totalPct: totalBp / 100, excessPct: (totalBp - 10_000) / 100 });
    // Essential and stock describe the customer's need of the item: one value per customer item.
    const firstStock = rows.find((x) => x.stockDays !== undefined);
    for (const r of rows) {
      if (r !== head && r.essential !== head.essential) push(r.row, 'essential', 'need_conflict', { row: head.row });
      if (firstStock && r !== firstStock && r.stockDays !== undefined && r.stockDays !== firstStock.stockDays) push(r.row, 'stockDays', 'need_conflict', { row: firstStock.row });
    }
  }
  const newItems = [...new Set(valid.map((r) => r.item).filter((n) => !items.has(n)))].sort();
  errors.sort((a, b) => a.row - b.row);
  return { errors, valid, newItems };
}

/**
 * Imports links from a sheet: validates every row and, unless `dryRun`, saves them all as
 * confirmed links in one transaction (with new items and the customers' needs), one audit row
 * per link and per new item. Throws `import_invalid` (422) with the row errors when any row is
 * wrong; a dry run returns them instead.
 */
export async function importLinks(deps: Deps, ctx: Ctx, file: { data: Buffer; filename: string }, opts: { dryRun: boolean }): Promise<LinkImportResponse> {
  assertCanImportLinks(ctx);
  const allianceId = tenantOf(ctx);
  const format = sheetFormatOf(file.filename);
  if (!format) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'unsupported_media_type' }]);
  let sheet: LinkSheet;
  try {
    sheet = await parseLinkSheet(file.data, format);
  } catch {
    throw new AppError('validation_failed', {}, [{ path: 'file', code: 'unreadable_file' }]);
  }
  const rows = sheet.rows.length;
  const answer = (v: Awaited<ReturnType<typeof validateRows>>, imported: number): LinkImportResponse => ({
    dryRun: opts.dryRun,
    rows,
    imported,
    errors: v.errors,
    newItems: v.newItems,
    preview: v.valid.slice(0, 50).map((r) => ({ row: r.row, supplier: r.supplierName, customer: r.customerName, item: r.item, sharePct: r.sharePct })),
  });
  const refuse = (errors: RowError[]) => new AppError('import_invalid', { count: new Set(errors.map((e) => e.row)).size }, [], { rows, rowErrors: errors });

  if (opts.dryRun) return answer(await validateRows(deps.db, ctx, sheet), 0);
  // Validated again inside the transaction, so what is checked is what is written.
  return deps.db.transaction().execute(async (trx) => {
    const v = await validateRows(trx, ctx, sheet);
    if (v.errors.length) throw refuse(v.errors);
    const now = deps.clock.now();
    const at = now.toISOString();
    const itemIds = new Map((await repo.listItems(trx, allianceId)).map((i) => [i.name, i.id]));
    for (const name of v.newItems) {
      const id = await repo.insertItem(trx, allianceId, name, at);
      itemIds.set(name, id);
      await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.item_create', targetType: 'chain_item', targetId: id, detail: { name, via: 'import' } });
    }
    for (const r of v.valid) {
      const itemId = itemIds.get(r.item)!;
      let id: number;
      try {
        id = await repo.insertLink(trx, {
          alliance_id: allianceId, supplier_id: r.supplierId, customer_id: r.customerId, item_id: itemId, share_bp: r.shareBp, lead_days: r.leadDays,
          status: 'confirmed', declared_by: 'alliance', declared_by_user: ctx.actor.userId, confirmed_by_user: ctx.actor.userId, confirmed_at: at, created_at: at, updated_at: at,
        });
      } catch (err) {
        // Entered by someone else since the check (PostgreSQL, read committed).
        if (isUniqueViolation(err)) throw refuse([{ row: r.row, path: 'item', code: 'link_exists', message: fieldMessage(ctx.locale, { path: 'item', code: 'link_exists' }) }]);
        throw err;
      }
      await repo.upsertNeed(trx, { allianceId, enterpriseId: r.customerId, itemId, essential: r.essential, stockDays: r.stockDays, at });
      await recordAudit(trx, {
        ...auditFrom(ctx, now), action: 'chain.link_import', targetType: 'supply_link', targetId: id,
        detail: { row: r.row, supplierId: r.supplierId, customerId: r.customerId, itemId, sharePct: r.sharePct },
      });
    }
    return answer(v, v.valid.length);
  });
}

/** The links the caller may see (filters as in the list), as an .xlsx that imports back. */
export async function exportLinks(deps: Deps, ctx: Ctx, q: { enterpriseId?: number; itemId?: number; status?: 'pending' | 'confirmed' }): Promise<Buffer> {
  const links: LinkResponse[] = [];
  for (let page = 1; ; page++) {
    const p = await listLinks(deps, ctx, { ...q, page, pageSize: 1000 });
    links.push(...p.items);
    if (p.items.length < 1000 || links.length >= p.total) break;
  }
  const ids = [...new Set(links.flatMap((l) => [l.supplier.id, l.customer.id]))];
  const codes = new Map((await chunked(ids, 500, (chunk) => deps.db.selectFrom('enterprises').select(['id', 'credit_code']).where('id', 'in', chunk).execute())).map((e) => [e.id, e.credit_code]));
  return writeLinkWorkbook(
    links.map((link) => ({ supplierCreditCode: codes.get(link.supplier.id) ?? '', customerCreditCode: codes.get(link.customer.id) ?? '', link })),
    ctx.locale,
  );
}
