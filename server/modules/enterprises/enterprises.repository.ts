/** Queries of the member registry. Every read is scoped to one alliance by the caller. */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { readOffLoop, type Executor } from '../../core/db/database';
import type { Database, EnterpriseUpdate, NewEnterprise } from '../../core/db/schema';

export interface EnterpriseFilter {
  allianceId: number;
  /** Asia/Shanghai date: "today" for status columns. */
  today: string;
  q?: string;
  districtCode?: string;
  industry?: string;
  industryDivision?: string;
  aboveDesignatedSize?: boolean;
  ownership?: string;
  stage?: 'stopped' | 'partial' | 'full' | 'none';
  /** Restrict to these enterprise ids (a commissioner's caseload, an enterprise user's own). */
  onlyIds?: readonly number[];
  /**
   * The firm looking at itself: its own reports from before the alliance's `reports_from` count
   * too. Otherwise an alliance sees a firm's reports from its join on (unless history is shared).
   */
  ownReports?: boolean;
  /** Read the latest reports from the `latest_reports` copy (see `latestCopyServes`). */
  latestCopy?: boolean;
}

/**
 * The condition every alliance-scoped read of reports applies: the report is dated on or after
 * the membership's `reports_from` ('' = all of them). `am` and `r` name the membership and report.
 */
export function reportVisible(am = 'am', r = 'r') {
  return sql<boolean>`${sql.ref(`${r}.report_date`)} >= ${sql.ref(`${am}.reports_from`)}`;
}

/**
 * Whether the `latest_reports` copy (each enterprise's latest report, kept by triggers,
 * migration 0019) answers "the latest report on or before `date`": true unless some enterprise
 * has a report dated after `date` (a look at the past). One indexed max().
 */
export async function latestCopyServes(db: Executor, date: string): Promise<boolean> {
  const row = await db.selectFrom('latest_reports').select((eb) => eb.fn.max('report_date').as('d')).executeTakeFirst();
  return !row?.d || row.d <= date;
}

/**
 * The source of `r`, each member's latest report on or before the date: the copy when it serves
 * (one row per enterprise, joined by key), otherwise the reports themselves with the latest date
 * found per member. Both have the report's columns (`r.id` is the report's id).
 */
export const latestSource = (copy: boolean | undefined) => (copy ? 'latest_reports as r' : 'resumption_reports as r') as 'resumption_reports as r';

/**
 * The join condition of `r` (from {@link latestSource}) on the membership `am`: the member's
 * latest report on or before `date` — in the copy, its one row, when the alliance may see it;
 * otherwise the report dated the latest date on or before `date` the alliance may see. `own`: the
 * firm's own view, every report of it (not only those its alliance sees).
 */
export function isLatestReport(copy: boolean | undefined, date: string, own = false): Expression<SqlBool> {
  if (copy) return own ? sql<SqlBool>`1 = 1` : reportVisible('am', 'r');
  const visible = own ? sql`` : sql` and ${reportVisible('am', 'r2')}`;
  return sql<SqlBool>`${sql.ref('r.report_date')} = (select max(${sql.ref('r2.report_date')}) from ${sql.table('resumption_reports')} as ${sql.id('r2')} where ${sql.ref('r2.enterprise_id')} = ${sql.ref('am.enterprise_id')} and ${sql.ref('r2.report_date')} <= ${date}${visible})`;
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** `column LIKE pattern` with backslash as the escape character (SQLite has no default escape). */
export const likeEscaped = (column: string, pattern: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;

/**
 * Enterprises of an alliance with their commissioner and latest report on or before today.
 * `keysOnly`: without the commissioner (for paging the ids: the sort then carries narrow rows).
 */
function scoped(db: Executor, f: EnterpriseFilter, keysOnly = false) {
  const members = db
    .selectFrom('enterprises as e')
    .innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'e.id').on('am.alliance_id', '=', f.allianceId));
  const withCommissioner = members
    .leftJoin('commissioner_assignments as ca', (j) => j.onRef('ca.enterprise_id', '=', 'e.id').on('ca.alliance_id', '=', f.allianceId))
    .leftJoin('users as cu', 'cu.id', 'ca.user_id');
  // Typed as the full join: callers of `keysOnly` read only `e` and `r` columns.
  const base = (keysOnly ? members : withCommissioner) as typeof withCommissioner;
  let q = base
    .leftJoin(latestSource(f.latestCopy), (j) =>
      j.onRef('r.enterprise_id', '=', 'e.id').on(isLatestReport(f.latestCopy, f.today, f.ownReports)),
    );
  q = q.where(memberCondition(f));
  if (f.stage === 'none') q = q.where((eb) => eb.or([eb('r.report_date', 'is', null), eb('r.report_date', '!=', f.today)]));
  else if (f.stage) q = q.where('r.report_date', '=', f.today).where('r.stage', '=', f.stage);
  return q;
}

/** The filters on the member itself (name or credit code, district, industry, ids), as one condition. */
function memberCondition(f: EnterpriseFilter) {
  const conds: RawBuilder<boolean>[] = [];
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(sql<boolean>`(${likeEscaped('e.name', like)} or ${likeEscaped('e.credit_code', `${escapeLike(f.q.toUpperCase())}%`)})`);
  }
  if (f.districtCode) conds.push(sql<boolean>`${sql.ref('e.district_code')} = ${f.districtCode}`);
  if (f.industry) conds.push(sql<boolean>`${sql.ref('e.industry')} = ${f.industry}`);
  if (f.industryDivision) conds.push(sql<boolean>`${sql.ref('e.industry_division')} = ${f.industryDivision}`);
  if (f.aboveDesignatedSize !== undefined) conds.push(sql<boolean>`${sql.ref('e.above_designated_size')} = ${f.aboveDesignatedSize ? 1 : 0}`);
  if (f.ownership) conds.push(sql<boolean>`${sql.ref('e.ownership')} = ${f.ownership}`);
  if (f.onlyIds) conds.push(f.onlyIds.length ? sql<boolean>`${sql.ref('e.id')} in (${sql.join([...f.onlyIds])})` : sql<boolean>`1 = 0`);
  return conds.length ? sql<boolean>`${sql.join(conds, sql` and `)}` : sql<boolean>`1 = 1`;
}

/** The members `scoped` lists, without commissioner nor report (counting without a stage filter). */
function membersOnly(db: Executor, f: EnterpriseFilter) {
  return db.selectFrom('enterprises as e').innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'e.id').on('am.alliance_id', '=', f.allianceId)).where(memberCondition(f));
}

const columns = [
  'e.id', 'e.name', 'e.credit_code', 'e.industry', 'e.district_code', 'e.headcount', 'e.main_products', 'e.address',
  'e.annual_output_fen', 'e.contacts_json', 'e.created_at', 'e.updated_at', 'e.version', 'e.registered_by_alliance_id',
  'e.above_designated_size', 'e.industry_division', 'e.ownership',
  'am.alliance_id', 'am.joined_at', 'am.notes', 'am.share_history', 'am.reports_from', 'am.version as member_version',
  'cu.id as commissioner_id', 'cu.display_name as commissioner_name',
  'r.report_date', 'r.stage', 'r.output_pct', 'r.capacity_pct', 'r.staff_on_duty', 'r.staff_total', 'r.blockers_json',
] as const;

export type EnterpriseListRow = NonNullable<Awaited<ReturnType<typeof findEnterprise>>>;

const SORT_COLUMNS = {
  name: 'e.name',
  headcount: 'e.headcount',
  createdAt: 'e.created_at',
  districtCode: 'e.district_code',
  outputPct: 'r.output_pct',
} as const;

/** The `member_keys` columns (migration 0024) the sorts read: the same values as `SORT_COLUMNS`. */
const KEY_COLUMNS = {
  name: 'k.name',
  headcount: 'k.headcount',
  createdAt: 'k.created_at',
  districtCode: 'k.district_code',
  outputPct: 'k.output_pct',
} as const;

/**
 * The alliance's members `scoped` lists, from `member_keys` (migration 0024: per membership the
 * firm's sort and filter keys and its visible latest report, kept by triggers): a page is a range
 * of a per-alliance index. Serves when the `latest_reports` copy does and the alliance reads the
 * firm (not the firm itself, `ownReports`). Filters the keys do not hold read the firm.
 */
function keyed(db: Executor, f: EnterpriseFilter) {
  let q = db.selectFrom('member_keys as k').where('k.alliance_id', '=', f.allianceId);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where(sql<boolean>`(${likeEscaped('k.name', like)} or ${likeEscaped('k.credit_code', `${escapeLike(f.q.toUpperCase())}%`)})`);
  }
  if (f.districtCode) q = q.where('k.district_code', '=', f.districtCode);
  if (f.industry) q = q.where('k.industry', '=', f.industry);
  if (f.industryDivision !== undefined || f.aboveDesignatedSize !== undefined || f.ownership !== undefined) {
    q = q.where('k.enterprise_id', 'in', (eb) =>
      eb.selectFrom('enterprises as e').select('e.id').where(memberCondition({ allianceId: f.allianceId, today: f.today, industryDivision: f.industryDivision, aboveDesignatedSize: f.aboveDesignatedSize, ownership: f.ownership })),
    );
  }
  if (f.onlyIds) q = f.onlyIds.length ? q.where('k.enterprise_id', 'in', [...f.onlyIds]) : q.where(sql<boolean>`1 = 0`);
  if (f.stage === 'none') q = q.where((eb) => eb.or([eb('k.report_date', 'is', null), eb('k.report_date', '!=', f.today)]));
  else if (f.stage) q = q.where('k.report_date', '=', f.today).where('k.stage', '=', f.stage);
  return q;
}

export async function listEnterprises(
  db: Executor,
  f: EnterpriseFilter,
  page: { offset: number; limit: number; sort: keyof typeof SORT_COLUMNS; order: 'asc' | 'desc' },
) {
  f = { ...f, latestCopy: await latestCopyServes(db, f.today) };
  if (f.latestCopy && !f.ownReports) {
    // The page's ids from an index range of the keys, then their rows.
    const ids = (
      await readOffLoop(db, keyed(db, f).select('k.enterprise_id as id').orderBy(KEY_COLUMNS[page.sort], page.order).orderBy('k.enterprise_id', page.order).offset(page.offset).limit(page.limit))
    ).map((r) => r.id);
    const [total] = await readOffLoop(db, keyed(db, f).select((eb) => eb.fn.countAll<number>().as('n')));
    return { items: await rowsOf(db, f, ids), total: Number(total!.n) };
  }
  // The page's ids first (a sort of narrow rows, however deep the page), then their rows.
  const ids = (
    await readOffLoop(db, scoped(db, f, true).select('e.id').orderBy(SORT_COLUMNS[page.sort], page.order).orderBy('e.id', page.order).offset(page.offset).limit(page.limit))
  ).map((r) => r.id);
  // Without a stage filter the count needs no report per row: the members alone.
  const [total] = f.stage
    ? await readOffLoop(db, scoped(db, f, true).select((eb) => eb.fn.countAll<number>().as('n')))
    : await readOffLoop(db, membersOnly(db, f).select((eb) => eb.fn.countAll<number>().as('n')));
  return { items: await rowsOf(db, f, ids), total: Number(total!.n) };
}

/** The listed rows of `ids`, in that order. */
async function rowsOf(db: Executor, f: EnterpriseFilter, ids: readonly number[]) {
  const rows = ids.length ? await scoped(db, f).select(columns).where('e.id', 'in', [...ids]).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** Every matching enterprise, in name order, streamed in chunks (export). */
export async function* iterateEnterprises(db: Executor, f: EnterpriseFilter, sort: keyof typeof SORT_COLUMNS, order: 'asc' | 'desc', chunk = 2000) {
  f = { ...f, latestCopy: await latestCopyServes(db, f.today) };
  for (let offset = 0; ; offset += chunk) {
    const rows = await scoped(db, f).select(columns).orderBy(SORT_COLUMNS[sort], order).orderBy('e.id', order).offset(offset).limit(chunk).execute();
    yield* rows;
    if (rows.length < chunk) return;
  }
}

export async function findEnterprise(db: Executor, allianceId: number, id: number, today: string, ownReports = false) {
  return scoped(db, { allianceId, today, ownReports, latestCopy: await latestCopyServes(db, today) }).select(columns).where('e.id', '=', id).executeTakeFirst();
}

/** A firm's identity alone (name, credit code), whatever its memberships. */
export function findIdentity(db: Executor, id: number) {
  return db.selectFrom('enterprises').select(['id', 'name', 'credit_code', 'registered_by_alliance_id']).where('id', '=', id).executeTakeFirst();
}

export function findByCreditCodes(db: Executor, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([] as { id: number; credit_code: string }[]);
  return db.selectFrom('enterprises').select(['id', 'credit_code']).where('credit_code', 'in', codes).execute();
}

/**
 * Inserts many enterprises in multi-row inserts; answers their ids in the order given (matched by
 * credit code, which is unique — a database need not return rows in insert order).
 */
export async function insertEnterprises(db: Executor, rows: readonly NewEnterprise[]): Promise<number[]> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += ENTERPRISE_BATCH) {
    const got = await db.insertInto('enterprises').values(rows.slice(i, i + ENTERPRISE_BATCH)).returning(['id', 'credit_code']).execute();
    for (const r of got) ids.set(r.credit_code, r.id);
  }
  return rows.map((r) => ids.get(r.credit_code)!);
}

/** 15 columns × 400 rows: within SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement. */
const ENTERPRISE_BATCH = 400;

/** Records accepted memberships of many enterprises at once. */
export async function addMembers(db: Executor, allianceId: number, enterpriseIds: readonly number[], at: string) {
  for (let i = 0; i < enterpriseIds.length; i += 1000) {
    await db.insertInto('alliance_members').values(enterpriseIds.slice(i, i + 1000).map((id) => ({ alliance_id: allianceId, enterprise_id: id, joined_at: at, reports_from: '' }))).execute();
  }
}

/** Records an accepted membership; `reportsFrom` is the first report date the alliance sees ('' = all). */
export async function addMember(db: Executor, allianceId: number, enterpriseId: number, at: string, reportsFrom = '') {
  await db.insertInto('alliance_members').values({ alliance_id: allianceId, enterprise_id: enterpriseId, joined_at: at, reports_from: reportsFrom }).execute();
}

export function findMembership(db: Executor, allianceId: number, enterpriseId: number) {
  return db.selectFrom('alliance_members').selectAll().where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

/** Applies membership `changes` when it is still at `version`; false when it was not. */
export async function updateMembership(
  db: Executor,
  allianceId: number,
  enterpriseId: number,
  version: number,
  changes: Partial<{ notes: string; share_history: number; reports_from: string }>,
): Promise<boolean> {
  const r = await db
    .updateTable('alliance_members')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('alliance_id', '=', allianceId)
    .where('enterprise_id', '=', enterpriseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Ends a membership. Only the membership and the alliance's commissioner assignment go; the
 * firm's reports, tickets, links and the audit trail stay (the alliance simply no longer reads
 * the firm's data through a membership).
 */
export async function deleteMembership(db: Executor, allianceId: number, enterpriseId: number): Promise<boolean> {
  await db.deleteFrom('commissioner_assignments').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).execute();
  const r = await db.deleteFrom('alliance_members').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Applies `changes` when the row is still at `version`; returns false when it was not. */
export async function updateEnterprise(db: Executor, id: number, version: number, changes: EnterpriseUpdate): Promise<boolean> {
  const r = await db
    .updateTable('enterprises')
    .set((eb: ExpressionBuilder<Database, 'enterprises'>) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setCommissioner(db: Executor, allianceId: number, enterpriseId: number, userId: number | null, at: string) {
  await db.deleteFrom('commissioner_assignments').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).execute();
  if (userId !== null) {
    await db.insertInto('commissioner_assignments').values({ alliance_id: allianceId, enterprise_id: enterpriseId, user_id: userId, assigned_at: at }).execute();
  }
}

export async function isCommissionerOf(db: Executor, userId: number, allianceId: number): Promise<boolean> {
  const r = await db.selectFrom('user_roles').select('id').where('user_id', '=', userId).where('role', '=', 'commissioner').where('alliance_id', '=', allianceId).executeTakeFirst();
  return !!r;
}
