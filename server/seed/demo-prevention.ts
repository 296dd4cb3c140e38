/**
 * Demo joint prevention (防控共抓) of the leather alliance (alliance 1): a published self-inspection
 * standard, a few members' passing inspections against it, a training with attendance, and
 * prevention supplies of the first members — some under the 7-day threshold, invited to the
 * open group purchase when there is one. Deterministic; runs inside the seeding transaction.
 */
import type { Trx } from '../core/db/database';
import { addDays } from '../domain/workdays';
import { firmCover, isFlagged } from '../modules/prevention/prevention.cover';
import type { DemoCity } from './demo-city';

const ITEMS = [
  { text: '员工每日上岗前测温并登记', guidance: '体温 ≥37.3℃ 的员工不得上岗，并报告联盟防控组', evidenceRequired: false },
  { text: '车间、食堂、宿舍每日消毒并记录', guidance: '使用含氯消毒液，记录消毒时间和责任人', evidenceRequired: true },
  { text: '口罩、消毒液等防疫物资储备不少于 7 天用量', guidance: '不足时参加联盟红色团购', evidenceRequired: false },
  { text: '食堂错峰就餐、间隔就座', guidance: '', evidenceRequired: true },
];

export async function seedDemoPrevention(trx: Trx, city: DemoCity, now: Date, today: string): Promise<void> {
  const at = now.toISOString();
  const members = city.memberships.filter((m) => m.allianceId === 1).map((m) => m.enterpriseId);
  const firm = city.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
  const group = city.users.find((u) => u.username === 'prevention-leather')!.id;
  const others = members.filter((m) => m !== firm);

  const itemsJson = JSON.stringify(ITEMS);
  const s = await trx
    .insertInto('prevention_standards')
    .values({ alliance_id: 1, title: '企业复工防疫自查标准', draft_json: itemsJson, published_number: 1, created_by: group, created_at: at, updated_at: at, version: 2 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const v = await trx
    .insertInto('prevention_standard_versions')
    .values({ standard_id: s.id, number: 1, title: '企业复工防疫自查标准', items_json: itemsJson, published_by: group, published_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [k, enterpriseId] of others.slice(0, 3).entries()) {
    const i = await trx
      .insertInto('prevention_inspections')
      .values({ alliance_id: 1, enterprise_id: enterpriseId, standard_id: s.id, standard_version_id: v.id, inspected_on: addDays(today, -(k + 1)), note: '', failed_count: 0, submitted_by: null, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const position of ITEMS.keys()) await trx.insertInto('prevention_inspection_items').values({ inspection_id: i.id, position, outcome: 'pass', note: '', ticket_id: null }).execute();
  }

  const training = await trx
    .insertInto('prevention_trainings')
    .values({ alliance_id: 1, topic: '复工复产疫情防控知识培训', held_on: addDays(today, -2), place: '联盟党群服务中心', created_by: group, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [k, enterpriseId] of [firm, ...others.slice(0, 4)].entries()) {
    await trx.insertInto('prevention_training_attendees').values({ training_id: training.id, enterprise_id: enterpriseId, expected: 2 + (k % 3), attended: 1 + (k % 3) }).execute();
  }

  // Stock and daily use in base units: masks in pieces, disinfectant in grams (entered in kg).
  const supplies: { enterpriseId: number; name: string; unit: string; stock: number; use: number }[] = [];
  for (const [k, enterpriseId] of [firm, ...others.slice(0, 7)].entries()) {
    supplies.push({ enterpriseId, name: '一次性医用口罩', unit: 'pcs', stock: 400 + 300 * k, use: 100 });
    supplies.push({ enterpriseId, name: '含氯消毒液', unit: 'kg', stock: 20_000 + 5_000 * k, use: 2_500 });
  }
  for (const x of supplies) {
    await trx
      .insertInto('prevention_supplies')
      .values({ alliance_id: 1, enterprise_id: x.enterpriseId, name: x.name, unit: x.unit, stock_amount: x.stock, daily_use_amount: x.use, updated_by: null, created_at: at, updated_at: at })
      .execute();
  }
  const open = await trx.selectFrom('purchase_campaigns').select(['id', 'pledge_deadline']).where('alliance_id', '=', 1).where('status', '=', 'open').orderBy('pledge_deadline').executeTakeFirst();
  if (!open || Date.parse(open.pledge_deadline) <= now.getTime()) return;
  for (const enterpriseId of new Set(supplies.map((x) => x.enterpriseId))) {
    const cover = firmCover(supplies.filter((x) => x.enterpriseId === enterpriseId).map((x) => ({ stockAmount: x.stock, dailyUseAmount: x.use })));
    if (isFlagged(cover, 7)) await trx.insertInto('prevention_invitations').values({ campaign_id: open.id, enterprise_id: enterpriseId, cover_days: cover!, invited_at: at }).execute();
  }
}
