/**
 * Importing volunteer experts from a spreadsheet (.xlsx or UTF-8 .csv), all rows or none: every
 * row is validated (login name free and unique in the file, specialties known, GB/T 4754
 * divisions, districts, weekdays, load) and nothing is written when any row is wrong; the caller
 * gets one error per row and column. Each row becomes an account with the expert role, a
 * temporary password (returned once, for the platform admin to hand over; only its hash is kept)
 * and a profile.
 */
import { z } from 'zod';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { fieldMessage } from '../../core/http/problem';
import { readSheet, sheetFormatOf, type SheetFormat, type SheetRow } from '../../core/spreadsheet';
import { DISTRICTS, isDistrictCode } from '../../domain/districts';
import { hashPassword } from '../../core/auth/password';
import * as users from '../users/users.repository';
import { temporaryPassword } from '../users/users.service';
import * as repo from './experts.repository';
import type { ImportExpertsResponse } from './experts.schema';

export const EXPERT_COLUMNS = [
  { key: 'username', zh: '登录名', en: 'Username', width: 16 },
  { key: 'displayName', zh: '姓名', en: 'Name', width: 16 },
  { key: 'specialties', zh: '专业', en: 'Specialties', width: 30 },
  { key: 'industries', zh: '行业大类', en: 'Industry divisions', width: 16 },
  { key: 'districts', zh: '可到达区县', en: 'Districts', width: 30 },
  { key: 'availability', zh: '出诊日', en: 'Weekdays', width: 20 },
  { key: 'maxCases', zh: '最多同时案件', en: 'Max cases', width: 12 },
  { key: 'verified', zh: '已认证', en: 'Verified', width: 8 },
  { key: 'bio', zh: '简介', en: 'Bio', width: 40 },
  { key: 'pastCases', zh: '过往案例', en: 'Past cases', width: 40 },
] as const;
export type ExpertColumn = (typeof EXPERT_COLUMNS)[number]['key'];

const FORMAT: SheetFormat<ExpertColumn> = {
  columns: EXPERT_COLUMNS,
  required: ['username', 'displayName', 'specialties'],
  aliases: [['用户名', 'username'], ['专家姓名', 'displayName'], ['区县', 'districts'], ['可出诊日', 'availability'], ['最大案件数', 'maxCases']],
};

export const MAX_EXPERT_ROWS = 2000;

/** Lists in a cell: 、，,;；/ or whitespace between items. */
const split = (s: string | undefined) => (s ?? '').split(/[、，,;；/\s]+/).map((x) => x.trim()).filter(Boolean);

const WEEKDAY_NAMES: Record<string, number> = {
  日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6,
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
/** 周一 / 星期一 / Mon / 1 (Monday) … 7 or 0 (Sunday); 周一至周五 / 1-5 ranges. */
function parseWeekdays(s: string | undefined): number[] | null {
  const out = new Set<number>();
  const one = (w: string): number | null => {
    const t = w.toLowerCase().replace(/^(周|星期|礼拜)/, '');
    if (/^[0-7]$/.test(t)) return Number(t) % 7;
    return WEEKDAY_NAMES[t] ?? null;
  };
  for (const item of split(s)) {
    const range = item.split(/[-–~至到]/);
    if (range.length === 2) {
      const a = one(range[0]!);
      const b = one(range[1]!);
      if (a === null || b === null) return null;
      for (let d = a, n = 0; n < 7; d = (d + 1) % 7, n++) {
        out.add(d);
        if (d === b) break;
      }
    } else {
      const d = one(item);
      if (d === null) return null;
      out.add(d);
    }
  }
  return [...out].sort();
}

const yes = new Set(['是', 'y', 'yes', 'true', '1', '已认证', '√']);
const no = new Set(['否', 'n', 'no', 'false', '0', '未认证', '']);

const Username = z.string().regex(/^[a-z][a-z0-9_.-]{2,31}$/);

type RowError = ImportExpertsResponse['errors'][number];
interface ValidRow {
  row: number;
  username: string;
  displayName: string;
  specialtyIds: number[];
  industries: string[];
  districts: string[];
  availability: number[];
  maxCases: number;
  verified: boolean;
  bio: string;
  pastCases: string;
}

/** The template: headers in the user's language and one example row. */
export async function expertTemplate(locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const { writeSheet } = await import('../../core/spreadsheet');
  return writeSheet({ zh: '专家', en: 'Experts' }, EXPERT_COLUMNS, [[
    'expert-zhang', '张工', '注塑成型、PLC与自动化', '29、34', '鹿城区、瓯海区', '周一至周五', 3, '是', '注塑车间二十年经验', '注塑机保压不足维修',
  ]], locale);
}

export async function importExperts(deps: Deps, ctx: Ctx, file: { data: Buffer; filename: string }, opts: { dryRun: boolean }): Promise<ImportExpertsResponse> {
  const fileFormat = sheetFormatOf(file.filename);
  if (!fileFormat) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'unsupported_media_type' }]);
  let sheet;
  try {
    sheet = await readSheet(file.data, fileFormat, FORMAT);
  } catch {
    throw new AppError('validation_failed', {}, [{ path: 'file', code: 'unreadable_file' }]);
  }
  const errors: RowError[] = [];
  const push = (row: number, path: string, code: string, params: Record<string, unknown> = {}) => errors.push({ row, path, code, message: fieldMessage(ctx.locale, { path, code, params }) });
  for (const col of sheet.missingColumns) {
    const c = EXPERT_COLUMNS.find((x) => x.key === col)!;
    push(1, col, 'missing_column', { column: ctx.locale === 'en-US' ? c.en : c.zh });
  }
  if (sheet.rows.length > MAX_EXPERT_ROWS) push(1, 'file', 'too_many_rows', { max: MAX_EXPERT_ROWS });
  if (!sheet.rows.length && !sheet.missingColumns.length) push(1, 'file', 'empty_file');

  const valid: ValidRow[] = [];
  if (!errors.length) {
    const specialties = await repo.listSpecialties(deps.db, true);
    const specialtyOf = (s: string) => specialties.find((x) => x.code === s || x.name_zh === s || x.name_en.toLowerCase() === s.toLowerCase())?.id;
    const seen = new Map<string, number>();
    const names = sheet.rows.map((r) => (r.values.username ?? '').toLowerCase());
    const taken = new Set((await deps.db.selectFrom('users').select('username').where('username', 'in', names.length ? names : ['']).execute()).map((u) => u.username));
    for (const r of sheet.rows as SheetRow<ExpertColumn>[]) {
      const v = r.values;
      const before = errors.length;
      const username = (v.username ?? '').toLowerCase();
      if (!username) push(r.row, 'username', 'required');
      else if (!Username.safeParse(username).success) push(r.row, 'username', 'invalid_username');
      else if (seen.has(username)) push(r.row, 'username', 'duplicate_in_file', { row: seen.get(username) });
      else if (taken.has(username)) push(r.row, 'username', 'username_taken', { username });
      if (username) seen.set(username, seen.get(username) ?? r.row);
      const displayName = v.displayName ?? '';
      if (!displayName) push(r.row, 'displayName', 'required');
      else if (displayName.length > 50 || displayName.includes('\0')) push(r.row, 'displayName', 'too_long', { max: 50 });
      const specialtyIds: number[] = [];
      const specialtyCells = split(v.specialties);
      if (!specialtyCells.length) push(r.row, 'specialties', 'required');
      for (const s of specialtyCells) {
        const id = specialtyOf(s);
        if (id === undefined) push(r.row, 'specialties', 'unknown_specialty', { value: s });
        else specialtyIds.push(id);
      }
      const industries = split(v.industries).map((d) => (/^\d$/.test(d) ? `0${d}` : d));
      for (const d of industries) if (!/^\d{2}$/.test(d) || Number(d) < 1 || Number(d) > 97) push(r.row, 'industries', 'invalid_division', { value: d });
      const districts: string[] = [];
      for (const d of split(v.districts)) {
        const code = isDistrictCode(d) ? d : DISTRICTS.find((x) => x.zh === d || x.en.toLowerCase() === d.toLowerCase())?.code;
        if (!code) push(r.row, 'districts', 'invalid_district', { value: d });
        else districts.push(code);
      }
      const availability = v.availability === undefined ? [1, 2, 3, 4, 5] : parseWeekdays(v.availability);
      if (availability === null) push(r.row, 'availability', 'invalid_weekday', { value: v.availability });
      const maxCases = v.maxCases === undefined ? 3 : Number(v.maxCases);
      if (!Number.isInteger(maxCases) || maxCases < 0 || maxCases > 20) push(r.row, 'maxCases', 'out_of_range', { min: 0, max: 20 });
      const verifiedCell = (v.verified ?? '').toLowerCase();
      if (!yes.has(verifiedCell) && !no.has(verifiedCell)) push(r.row, 'verified', 'invalid_yes_no');
      const bio = v.bio ?? '';
      const pastCases = v.pastCases ?? '';
      if (bio.length > 2000 || bio.includes('\0')) push(r.row, 'bio', 'too_long', { max: 2000 });
      if (pastCases.length > 5000 || pastCases.includes('\0')) push(r.row, 'pastCases', 'too_long', { max: 5000 });
      if (errors.length === before) {
        valid.push({
          row: r.row, username, displayName, specialtyIds: [...new Set(specialtyIds)], industries: [...new Set(industries)], districts: [...new Set(districts)], availability: availability!,
          maxCases, verified: yes.has(verifiedCell), bio, pastCases,
        });
      }
    }
  }
  errors.sort((a, b) => a.row - b.row);
  const rows = sheet.rows.length;
  const preview = valid.slice(0, 50).map((v) => ({ row: v.row, username: v.username, displayName: v.displayName }));
  if (errors.length) {
    if (opts.dryRun) return { dryRun: true, rows, imported: 0, errors, preview, accounts: [] };
    throw new AppError('import_invalid', { count: new Set(errors.map((e) => e.row)).size }, [], { rows, rowErrors: errors });
  }
  if (opts.dryRun) return { dryRun: true, rows, imported: 0, errors, preview, accounts: [] };

  // Hash the passwords before the transaction (slow on purpose), then write every row in one.
  const passwords = valid.map(() => temporaryPassword());
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
  const accounts = await deps.db.transaction().execute(async (trx) => {
    const out: ImportExpertsResponse['accounts'] = [];
    const now = deps.clock.now();
    const at = now.toISOString();
    for (const [i, v] of valid.entries()) {
      // An account like any other (users.service) with the city-wide expert role; one audit row per expert.
      const user = { id: await users.insertUser(trx, { username: v.username, display_name: v.displayName, password_hash: hashes[i]!, locale: 'zh-CN', at }) };
      await users.insertGrant(trx, { user_id: user.id, role: 'expert', alliance_id: null, working_group: null, enterprise_id: null });
      await repo.insertProfile(trx, {
        user_id: user.id, bio: v.bio, industries_json: JSON.stringify(v.industries), districts_json: JSON.stringify(v.districts), availability_json: JSON.stringify(v.availability), max_cases: v.maxCases,
        verified: v.verified ? 1 : 0, past_cases: v.pastCases, created_at: at, updated_at: at,
      });
      await repo.replaceProfileSpecialties(trx, user.id, v.specialtyIds);
      await recordAudit(trx, { ...auditFrom(ctx, now), action: 'expert.import', targetType: 'user', targetId: user.id, detail: { row: v.row, specialties: v.specialtyIds.length } });
      out.push({ row: v.row, userId: user.id, username: v.username, temporaryPassword: passwords[i]! });
    }
    return out;
  });
  return { dryRun: false, rows, imported: accounts.length, errors: [], preview, accounts };
}
