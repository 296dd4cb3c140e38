/**
 * Demo shared employees (共享员工) in the leather alliance, after the article: the tannery
 * (宝瑞皮业-like, 40 % of its staff stuck at home) raised an emergency team request for 30
 * workers; members posted their surplus staff; a first proposal of 3 workers from the `firm`
 * login's enterprise was accepted by both firms, 2 of them are on site with attendance, the
 * third still to be named. The rest of the request (27) is open for the secretary to match
 * against the other surplus postings. Today's reports say how many are away, lent and borrowed.
 * Workers' phones and ID numbers are sealed like any other (configured key). Deterministic;
 * runs inside the seeding transaction.
 */
import type { Deps } from '../core/context';
import type { Trx } from '../core/db/database';
import { addDays } from '../domain/workdays';
import { idNumberHash, maskIdNumber, maskPhone, sealIdNumber, sealPhone } from '../modules/workforce/workforce.personal';
import type { DemoCity } from './demo-city';

const WORKERS = [
  { name: '陈建华', phone: '13857701201', idNumber: '330302199003151234', jobType: 'machine_operator' },
  { name: '林小燕', phone: '13957702302', idNumber: '33030319950708242X', jobType: 'machine_operator' },
  { name: '周国强', phone: '13757703403', idNumber: null, jobType: 'packer' },
];

/** Surplus postings of other leather members (job type, headcount, skills). */
const SURPLUS = [
  { jobType: 'machine_operator', headcount: 3, skills: ['片皮', '削匀'] },
  { jobType: 'sewing_operator', headcount: 12, skills: ['平车'] },
  { jobType: 'machine_operator', headcount: 10, skills: ['片皮'] },
  { jobType: 'packer', headcount: 8, skills: [] },
  { jobType: 'forklift_driver', headcount: 2, skills: ['叉车证'] },
];

export async function seedDemoWorkforce(trx: Trx, deps: Deps, city: DemoCity, tannery: number | null, now: Date, today: string): Promise<void> {
  if (tannery === null) return;
  const at = now.toISOString();
  const members = city.memberships.filter((m) => m.allianceId === 1).map((m) => m.enterpriseId).filter((id) => id !== tannery);
  const firmLogin = city.users.find((u) => u.username === 'firm')?.grants[0]?.enterpriseId ?? null;
  const lender = firmLogin !== null && firmLogin !== tannery && members.includes(firmLogin) ? firmLogin : members[0]!;
  const others = members.filter((id) => id !== lender);
  const secretary = city.users.find((u) => u.username === 'secretary')!.id;
  const district = (id: number) => city.enterprises.find((e) => e.id === id)!.districtCode;
  const start = addDays(today, -3);
  const end = addDays(today, 27);

  const post = async (enterpriseId: number, row: { kind: string; jobType: string; headcount: number; skills: string[]; emergency?: boolean; wage?: number; note?: string }) =>
    Number((await trx.insertInto('workforce_postings').values({
      alliance_id: 1, enterprise_id: enterpriseId, kind: row.kind, job_type: row.jobType, skills_json: JSON.stringify(row.skills), headcount: row.headcount, start_date: start, end_date: end,
      district_code: district(enterpriseId), needs_transport: row.kind === 'surplus' ? 1 : 0, daily_wage_fen: row.kind === 'shortage' ? row.wage! : null, provides_transport: row.kind === 'shortage' ? 1 : 0,
      provides_housing: row.kind === 'shortage' ? 1 : 0, urgency: row.emergency ? 3 : 2, emergency: row.emergency ? 1 : 0, note: row.note ?? '', status: 'open', created_by: secretary, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow()).id);

  const shortage = await post(tannery, { kind: 'shortage', jobType: 'machine_operator', headcount: 30, skills: ['片皮'], emergency: true, wage: 26000, note: '约四成员工滞留老家，鞣制、片皮工段急需熟练工 30 人' });
  const surpluses: number[] = [];
  for (const [k, s] of SURPLUS.entries()) surpluses.push(await post(k === 0 ? lender : others[k % others.length]!, { kind: 'surplus', ...s }));

  // The first proposal: 3 workers from the lender, accepted by both firms.
  const explanation = {
    jobType: 'machine_operator', overlapStart: start, overlapEnd: end, days: 31, fromDistrict: district(lender), toDistrict: district(tannery), travelKm: district(lender) === district(tannery) ? 0 : 15,
    missingSkills: [], matchedSkills: ['片皮'], wageShortfallFen: 0, transportGap: false, housingGap: false, urgency: 3, unitCost: 150, ruleNotes: [],
  };
  const proposal = Number((await trx.insertInto('workforce_proposals').values({
    alliance_id: 1, surplus_id: surpluses[0]!, shortage_id: shortage, headcount: 3, unit_cost: explanation.unitCost, explanation_json: JSON.stringify(explanation), status: 'accepted',
    lender_headcount: 3, borrower_headcount: 3, accepted_headcount: 3, reviewed_by: secretary, reviewed_at: at, created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow()).id);

  const workers: number[] = [];
  for (const w of WORKERS) {
    workers.push(Number((await trx.insertInto('workforce_workers').values({
      alliance_id: 1, enterprise_id: lender, name: w.name, job_type: w.jobType, phone_sealed: sealPhone(deps.config, w.phone), phone_masked: maskPhone(w.phone),
      id_number_sealed: w.idNumber ? sealIdNumber(deps.config, w.idNumber) : null, id_number_masked: w.idNumber ? maskIdNumber(w.idNumber) : null, id_number_hash: w.idNumber ? idNumberHash(deps.config, w.idNumber) : null,
      purged_at: null, erased_at: null, created_by: secretary, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow()).id));
  }
  const place = async (worker: number | null, status: string) =>
    Number((await trx.insertInto('workforce_placements').values({
      alliance_id: 1, proposal_id: proposal, surplus_id: surpluses[0]!, shortage_id: shortage, lender_id: lender, borrower_id: tannery, worker_id: worker, job_type: 'machine_operator', status,
      start_date: start, end_date: end, daily_wage_fen: 26000, wage_payer: 'borrower', hours_per_day: 8, insurance: '甲方缴纳社会保险，乙方购买雇主责任险', safety_training_done: worker === null ? 0 : 1,
      worker_consent_at: worker === null ? null : at, end_reason: null, ended_at: null, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow()).id);
  const onSite = [await place(workers[0]!, 'on_site'), await place(workers[1]!, 'on_site')];
  await place(null, 'proposed');
  await trx.insertInto('workforce_attendance').values(onSite.flatMap((id) => [-2, -1].map((d) => ({ placement_id: id, work_date: addDays(today, d), hours: 8, recorded_by: null, recorded_at: at })))).execute();

  // Today's reports: the tannery's staff away (its story: 40 %) and borrowed in, the lender's lent out.
  const report = await trx.selectFrom('resumption_reports').select(['id', 'staff_total', 'staff_on_duty']).where('enterprise_id', '=', tannery).where('report_date', '=', today).executeTakeFirst();
  if (report) await trx.updateTable('resumption_reports').set({ staff_away: Math.max(0, report.staff_total - report.staff_on_duty), staff_borrowed_in: onSite.length }).where('id', '=', report.id).execute();
  await trx.updateTable('resumption_reports').set({ staff_lent_out: onSite.length }).where('enterprise_id', '=', lender).where('report_date', '=', today).execute();
}
