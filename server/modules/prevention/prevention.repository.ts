/** Queries of joint prevention (防控共抓); each takes the db or the caller's transaction. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../core/db/database';
import type {
  PreventionInspectionItemsTable, PreventionInspectionsTable, PreventionStandardsTable, PreventionStandardVersionsTable, PreventionSuppliesTable, PreventionTrainingsTable,
} from '../../core/db/schema';

export type StandardRow = Selectable<PreventionStandardsTable>;
export type VersionRow = Selectable<PreventionStandardVersionsTable>;
export type InspectionRow = Selectable<PreventionInspectionsTable> & { enterprise_name: string; standard_title: string; version_number: number };
export type InspectionItemRow = Selectable<PreventionInspectionItemsTable>;
export type TrainingRow = Selectable<PreventionTrainingsTable>;
export type SupplyRow = Selectable<PreventionSuppliesTable> & { enterprise_name: string };

const count = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

// ---------------------------------------------------------------- settings

export function findSettings(db: Executor, allianceId: number) {
  return db.selectFrom('prevention_settings').selectAll().where('alliance_id', '=', allianceId).executeTakeFirst();
}

export async function ensureSettings(db: Executor, allianceId: number, at: string) {
  const row = await findSettings(db, allianceId);
  if (row) return row;
  await db.insertInto('prevention_settings').values({ alliance_id: allianceId, updated_at: at }).execute();
  return (await findSettings(db, allianceId))!;
}

export async function updateSettings(db: Executor, allianceId: number, version: number, threshold: number, at: string): Promise<boolean> {
  const r = await db.updateTable('prevention_settings').set({ cover_threshold_days: threshold, updated_at: at, version: version + 1 }).where('alliance_id', '=', allianceId).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- standards

export function listStandards(db: Executor, allianceId: number) {
  return db.selectFrom('prevention_standards').selectAll().where('alliance_id', '=', allianceId).orderBy('id').execute();
}

export function findStandard(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('prevention_standards').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insertStandard(db: Executor, row: Insertable<PreventionStandardsTable>): Promise<number> {
  return (await db.insertInto('prevention_standards').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateStandard(db: Executor, id: number, version: number, changes: { title?: string; draft_json?: string; published_number?: number; updated_at: string }): Promise<boolean> {
  const r = await db.updateTable('prevention_standards').set({ ...changes, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVersion(db: Executor, row: Insertable<PreventionStandardVersionsTable>): Promise<number> {
  return (await db.insertInto('prevention_standard_versions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function versionsOf(db: Executor, standardIds: readonly number[]): Promise<VersionRow[]> {
  if (!standardIds.length) return Promise.resolve([]);
  return db.selectFrom('prevention_standard_versions').selectAll().where('standard_id', 'in', [...standardIds]).orderBy('standard_id').orderBy('number').execute();
}

/** A published version of one of the alliance's standards. */
export function findVersion(db: Executor, allianceId: number, id: number) {
  return db
    .selectFrom('prevention_standard_versions as v')
    .innerJoin('prevention_standards as s', 's.id', 'v.standard_id')
    .selectAll('v')
    .where('s.alliance_id', '=', allianceId)
    .where('v.id', '=', id)
    .executeTakeFirst();
}

export function findVersionByNumber(db: Executor, standardId: number, number: number) {
  return db.selectFrom('prevention_standard_versions').selectAll().where('standard_id', '=', standardId).where('number', '=', number).executeTakeFirst();
}

// ---------------------------------------------------------------- inspections

const inspectionSelect = (db: Executor) =>
  db
    .selectFrom('prevention_inspections as i')
    .innerJoin('enterprises as e', 'e.id', 'i.enterprise_id')
    .innerJoin('prevention_standards as s', 's.id', 'i.standard_id')
    .innerJoin('prevention_standard_versions as v', 'v.id', 'i.standard_version_id')
    .selectAll('i')
    .select(['e.name as enterprise_name', 'v.title as standard_title', 'v.number as version_number']);

export async function listInspections(db: Executor, f: { allianceId: number; enterpriseIds?: readonly number[]; standardId?: number }, page: { offset: number; limit: number }) {
  let q = inspectionSelect(db).where('i.alliance_id', '=', f.allianceId);
  if (f.enterpriseIds) q = q.where('i.enterprise_id', 'in', f.enterpriseIds.length ? [...f.enterpriseIds] : [-1]);
  if (f.standardId !== undefined) q = q.where('i.standard_id', '=', f.standardId);
  const items = await q.orderBy('i.inspected_on', 'desc').orderBy('i.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { items: items as InspectionRow[], total: count(total) };
}

export async function findInspection(db: Executor, allianceId: number, id: number): Promise<InspectionRow | undefined> {
  return (await inspectionSelect(db).where('i.alliance_id', '=', allianceId).where('i.id', '=', id).executeTakeFirst()) as InspectionRow | undefined;
}

export async function insertInspection(db: Executor, row: Insertable<PreventionInspectionsTable>): Promise<number> {
  return (await db.insertInto('prevention_inspections').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertInspectionItem(db: Executor, row: Insertable<PreventionInspectionItemsTable>): Promise<void> {
  await db.insertInto('prevention_inspection_items').values(row).execute();
}

export function inspectionItems(db: Executor, inspectionId: number) {
  return db.selectFrom('prevention_inspection_items').selectAll().where('inspection_id', '=', inspectionId).orderBy('position').execute();
}

// ---------------------------------------------------------------- trainings

export async function listTrainings(db: Executor, allianceId: number, enterpriseIds: readonly number[] | undefined, page: { offset: number; limit: number }) {
  let q = db.selectFrom('prevention_trainings as t').where('t.alliance_id', '=', allianceId);
  if (enterpriseIds) {
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('prevention_training_attendees as a').select('a.training_id').whereRef('a.training_id', '=', 't.id').where('a.enterprise_id', 'in', enterpriseIds.length ? [...enterpriseIds] : [-1])),
    );
  }
  const items = await q.selectAll('t').orderBy('t.held_on', 'desc').orderBy('t.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { items, total: count(total) };
}

export function findTraining(db: Executor, allianceId: number, id: number) {
  return db.selectFrom('prevention_trainings').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insertTraining(db: Executor, row: Insertable<PreventionTrainingsTable>): Promise<number> {
  return (await db.insertInto('prevention_trainings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertAttendee(db: Executor, row: { training_id: number; enterprise_id: number; expected: number }): Promise<void> {
  await db.insertInto('prevention_training_attendees').values({ ...row, attended: null }).execute();
}

export function attendeesOf(db: Executor, trainingIds: readonly number[]) {
  if (!trainingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('prevention_training_attendees as a')
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .select(['a.training_id', 'a.enterprise_id', 'a.expected', 'a.attended', 'e.name'])
    .where('a.training_id', 'in', [...trainingIds])
    .orderBy('e.name')
    .execute();
}

export async function setAttended(db: Executor, trainingId: number, enterpriseId: number, attended: number): Promise<boolean> {
  const r = await db.updateTable('prevention_training_attendees').set({ attended }).where('training_id', '=', trainingId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function touchTraining(db: Executor, id: number, version: number, at: string): Promise<boolean> {
  const r = await db.updateTable('prevention_trainings').set({ updated_at: at, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- supplies

const supplySelect = (db: Executor) =>
  db.selectFrom('prevention_supplies as s').innerJoin('enterprises as e', 'e.id', 's.enterprise_id').selectAll('s').select('e.name as enterprise_name');

export async function listSupplies(db: Executor, allianceId: number, enterpriseIds?: readonly number[]): Promise<SupplyRow[]> {
  let q = supplySelect(db).where('s.alliance_id', '=', allianceId);
  if (enterpriseIds) q = q.where('s.enterprise_id', 'in', enterpriseIds.length ? [...enterpriseIds] : [-1]);
  return (await q.orderBy('e.name').orderBy('s.name').execute()) as SupplyRow[];
}

export async function findSupply(db: Executor, allianceId: number, id: number): Promise<SupplyRow | undefined> {
  return (await supplySelect(db).where('s.alliance_id', '=', allianceId).where('s.id', '=', id).executeTakeFirst()) as SupplyRow | undefined;
}

export async function findSupplyByName(db: Executor, allianceId: number, enterpriseId: number, name: string) {
  return db.selectFrom('prevention_supplies').select('id').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).where('name', '=', name).executeTakeFirst();
}

export async function insertSupply(db: Executor, row: Insertable<PreventionSuppliesTable>): Promise<number> {
  return (await db.insertInto('prevention_supplies').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateSupply(db: Executor, id: number, version: number, changes: { stock_amount: number; daily_use_amount: number; updated_by: number; updated_at: string }): Promise<boolean> {
  const r = await db.updateTable('prevention_supplies').set({ ...changes, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function invitationsOf(db: Executor, campaignId: number) {
  return db.selectFrom('prevention_invitations').select(['enterprise_id', 'cover_days']).where('campaign_id', '=', campaignId).execute();
}

export async function insertInvitation(db: Executor, row: { campaign_id: number; enterprise_id: number; cover_days: number; invited_at: string }): Promise<void> {
  await db.insertInto('prevention_invitations').values(row).execute();
}

/** Active admins of these firms (they receive the firm's invitations). */
export async function firmAdminsOf(db: Executor, enterpriseIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (!enterpriseIds.length) return out;
  const rows = await db
    .selectFrom('user_roles as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['u.id', 'g.enterprise_id'])
    .where('g.role', '=', 'enterprise_admin')
    .where('g.enterprise_id', 'in', [...enterpriseIds])
    .where('u.disabled', '=', 0)
    .execute();
  for (const r of rows) out.set(r.enterprise_id!, [...(out.get(r.enterprise_id!) ?? []), r.id]);
  return out;
}
