/**
 * Demo policies of the leather alliance (政策库): 稳岗补贴, 社保费减免, 贷款贴息 — with rules
 * over the registry and reports — a few fulfilment applications at different stages, and a
 * question the policy group answered and published.
 */
import type { Trx } from '../core/db/database';
import { loadCalendar } from '../modules/calendar/calendar.service';
import { stageDueOn } from '../modules/policies/policies.fulfilment';
import type { DemoCity } from './demo-city';

export async function seedDemoPolicies(trx: Trx, city: DemoCity, departments: Map<string, number>, now: Date, today: string): Promise<void> {
  const at = now.toISOString();
  const cal = await loadCalendar(trx);
  const secretary = city.users.find((u) => u.username === 'secretary')!.id;
  const firm = city.users.find((u) => u.username === 'firm')!.grants[0]!.enterpriseId!;
  const members = city.memberships.filter((m) => m.allianceId === 1).map((m) => m.enterpriseId);
  const small = members.filter((id) => (city.enterprises.find((e) => e.id === id)?.headcount ?? 0) < 300);
  const policy = async (p: { title: string; dept: string; kind: string; fen: number | null; formula: string; summary: string; rules: unknown[] }) =>
    (await trx.insertInto('policies').values({
      alliance_id: 1, title: p.title, department_id: departments.get(p.dept) ?? null, issued_on: '2026-02-10', valid_from: '2026-02-10', valid_to: '2026-12-31',
      summary: p.summary, full_text: '', benefit_kind: p.kind, benefit_amount_fen: p.fen, benefit_formula: p.formula, rules_json: JSON.stringify(p.rules), created_by: secretary, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow()).id;

  const stable = await policy({
    title: '中小微企业稳岗补贴', dept: 'hrss', kind: 'subsidy', fen: 1_000_000, formula: '按上年度实际缴纳失业保险费的 50% 返还',
    summary: '不裁员或少裁员的中小微企业，返还上年度实际缴纳失业保险费的 50%。',
    rules: [{ kind: 'size_band', bands: ['micro', 'small', 'medium'] }, { kind: 'resumption_stage', stages: ['partial', 'full'] }],
  });
  const social = await policy({
    title: '阶段性减免企业社会保险费', dept: 'hrss', kind: 'tax_relief', fen: null, formula: '2 月至 6 月免征养老、失业、工伤保险单位缴费部分',
    summary: '中小微企业免征三项社会保险单位缴费部分，大型企业减半征收。',
    rules: [{ kind: 'above_designated_size', value: false }],
  });
  await policy({
    title: '复工复产贷款贴息', dept: 'finance', kind: 'loan', fen: 5_000_000, formula: '按贷款合同利率的 50% 给予贴息，最长一年',
    summary: '为复工复产新增的流动资金贷款给予贴息。',
    rules: [{ kind: 'membership', minDays: 0 }, { kind: 'custom', label: '职工不少于 50 人', field: 'headcount', op: '>=', value: 50 }],
  });

  const apps: { policy: number; firm: number; status: string; requested: number; approved?: number; disbursed?: number }[] = [
    { policy: stable, firm, status: 'submitted', requested: 860_000 },
    ...(small[1] !== undefined && small[1] !== firm ? [{ policy: stable, firm: small[1], status: 'disbursed', requested: 1_200_000, approved: 1_000_000, disbursed: 1_000_000 }] : []),
    ...(small[2] !== undefined && small[2] !== firm ? [{ policy: stable, firm: small[2], status: 'approved', requested: 640_000, approved: 600_000 }] : []),
    ...(small[3] !== undefined && small[3] !== firm ? [{ policy: social, firm: small[3], status: 'preparing', requested: 320_000 }] : []),
  ];
  for (const a of apps) {
    const done = a.status === 'disbursed';
    await trx.insertInto('policy_applications').values({
      alliance_id: 1, policy_id: a.policy, enterprise_id: a.firm, status: a.status, requested_fen: a.requested, approved_fen: a.approved ?? null, disbursed_fen: a.disbursed ?? null,
      due_on: done ? null : stageDueOn(cal, a.status as 'preparing', today), submitted_at: a.status === 'preparing' ? null : at, decided_at: a.approved ? at : null, disbursed_at: done ? at : null,
      created_by: secretary, created_at: at, updated_at: at,
    }).execute();
  }
  await trx.insertInto('policy_questions').values({
    alliance_id: 1, policy_id: stable, enterprise_id: firm, asked_by: city.users.find((u) => u.username === 'firm')!.id, question: '稳岗补贴需要提供哪些申报材料？',
    answer: '营业执照复印件、上年度失业保险缴费凭证、不裁员承诺书，交政策兑现组统一报送人社局。', answered_by: secretary, answered_at: at, published: 1, created_at: at, updated_at: at,
  }).execute();
}
