/**
 * Demo data for problem handling, joint meetings and the risk register: three dozen tickets in
 * every state (some overdue and escalated, one split into sub-tickets, several rated), a joint
 * meeting held last week with its minutes and action items, the next one scheduled with a draft
 * agenda, and a risk register per alliance. Scripted, so the same city gets the same data; times
 * are relative to the seeding instant. The tech-park alliance is left without any, as a clean
 * slate. Runs inside the seeding transaction.
 */
import type { Deps } from '../core/context';
import type { Trx } from '../core/db/database';
import { addDays, shanghaiDate, shanghaiDayEnd } from '../domain/workdays';
import { loadCalendar } from '../modules/calendar/calendar.service';
import * as meetings from '../modules/meetings/meetings.repository';
import { draftAgenda } from '../modules/meetings/meetings.service';
import { Outbox } from '../modules/notifications/outbox';
import * as risks from '../modules/risks/risks.repository';
import { level2From, warningFrom, type Priority } from '../modules/tickets/sla';
import type { TicketStatus } from '../modules/tickets/ticket-state';
import * as tickets from '../modules/tickets/tickets.repository';
import type { TicketCategory } from '../modules/tickets/tickets.schema';
import { insertTicket, notifyFiled } from '../modules/tickets/tickets.service';
import type { DemoCity } from './demo-city';
import type { DemoStories } from './demo-stories';

const HOUR = 3_600_000;

type Step = 'accept' | 'start' | 'resolve' | 'close' | 'reopen';

interface TicketSpec {
  /** Index into the alliance's members. */
  member: number;
  category: TicketCategory;
  priority: Priority;
  title: string;
  description: string;
  /** Hours before the seeding instant it was filed. */
  age: number;
  steps: Step[];
  rating?: [number, string];
  comment?: string;
  internal?: string;
}

const ONE_STEP_HOURS: Record<Step, number> = { accept: 2, start: 4, resolve: 30, close: 6, reopen: 5 };

const NOTES: Record<Step, string> = {
  accept: '',
  start: '',
  resolve: '已协调解决，请企业确认。',
  close: '',
  reopen: '问题仍未完全解决，请继续跟进。',
};

const TICKETS: Record<number, TicketSpec[]> = {
  1: [
    { member: 0, category: 'labour', priority: 'urgent', title: '外省员工返岗困难，一线缺口约四成', description: '40% 员工滞留外省，生产线无法满负荷运转，请求联盟协调共享员工。', age: 200, steps: ['accept', 'start'], internal: '拟从联盟应急队抽调 30 人。' },
    { member: 1, category: 'raw_material', priority: 'high', title: '牛皮原料到货延迟，库存仅够三天', description: '上游制革厂未复工，牛皮原料断供。', age: 150, steps: ['accept', 'start', 'resolve', 'close'], rating: [5, '联盟协调很及时，两天就到货了。'] },
    { member: 2, category: 'logistics', priority: 'high', title: '货车通行证未办妥，成品无法出厂', description: '三辆货车的通行证申请已提交五天，尚未批复。', age: 120, steps: ['accept', 'start', 'resolve'], comment: '已与交通部门对接，预计明天发证。' },
    { member: 3, category: 'prevention_supplies', priority: 'normal', title: '口罩库存不足，申请参加团购', description: '现有口罩仅够 200 人使用两天。', age: 96, steps: ['accept', 'start', 'resolve', 'close'], rating: [4, '团购口罩已收到。'] },
    { member: 4, category: 'funds', priority: 'normal', title: '流动资金紧张，贷款到期续贷困难', description: '500 万元贷款下月到期，银行要求先还后贷。', age: 300, steps: ['accept'] },
    { member: 5, category: 'orders', priority: 'low', title: '外贸订单取消，库存积压约两千双', description: '欧洲客户取消三月订单，希望联盟帮助对接内销渠道。', age: 70, steps: [] },
    { member: 6, category: 'equipment', priority: 'high', title: '裁断机故障，缺少维修技术人员', description: '进口裁断机控制板故障，原厂工程师无法到场。', age: 52, steps: ['accept', 'start'], comment: '技术服务组已联系爱心科技人专家，明日上门。' },
    { member: 7, category: 'policy', priority: 'normal', title: '社保减免申请未批复', description: '二月社保减免申请提交后无进展。', age: 30, steps: [] },
    { member: 8, category: 'raw_material', priority: 'normal', title: '胶粘剂供应商停产，需替代货源', description: '主要胶粘剂供应商未复工，库存可用一周。', age: 8, steps: [] },
    { member: 9, category: 'labour', priority: 'normal', title: '需共享员工 20 名支援包装线', description: '订单回升，包装线缺人。', age: 180, steps: ['accept', 'start', 'resolve', 'reopen'] },
    { member: 1, category: 'logistics', priority: 'low', title: '快递停运，样品无法寄出', description: '向客户寄送样品的快递线路停运。', age: 260, steps: ['accept', 'start', 'resolve', 'close'], rating: [3, '解决了，但用时较长。'] },
    { member: 2, category: 'other', priority: 'normal', title: '园区食堂未开放，员工就餐困难', description: '复工员工约 150 人，需临时解决就餐。', age: 26, steps: [] },
  ],
  2: [
    { member: 0, category: 'prevention_supplies', priority: 'urgent', title: '测温枪和消毒液即将用完', description: '车间每日消毒需 50 公斤消毒液，现库存仅够一天。', age: 60, steps: ['accept', 'start', 'resolve', 'close'], rating: [5, '红色团购帮了大忙。'] },
    { member: 1, category: 'logistics', priority: 'high', title: '冷链车辆不足，冻品积压', description: '冷链运输车辆只有平时的三成。', age: 140, steps: ['accept', 'start'] },
    { member: 2, category: 'labour', priority: 'normal', title: '隔离期员工未返岗', description: '12 名员工仍在隔离期。', age: 90, steps: ['accept', 'start', 'resolve', 'close'], rating: [4, ''] },
    { member: 3, category: 'raw_material', priority: 'high', title: '渔船未出海，原料鱼断供', description: '近海渔船复航审批未下来。', age: 34, steps: ['accept'] },
    { member: 4, category: 'policy', priority: 'normal', title: '复工审批材料待补，请求指导', description: '防疫方案被退回两次，不清楚标准。', age: 20, steps: [] },
    { member: 5, category: 'orders', priority: 'normal', title: '下游客户暂缓提货', description: '超市客户暂缓提货，仓库将满。', age: 220, steps: ['accept', 'start', 'resolve', 'close'], rating: [2, '只是给了建议，没有实际帮助。'] },
    { member: 6, category: 'prevention_supplies', priority: 'normal', title: '口罩团购数量登记', description: '申请团购口罩 3000 只。', age: 5, steps: [] },
    { member: 7, category: 'funds', priority: 'low', title: '申请稳岗补贴咨询', description: '不清楚稳岗补贴申请条件。', age: 110, steps: ['accept', 'start', 'resolve'] },
  ],
  3: [
    { member: 0, category: 'raw_material', priority: 'urgent', title: '铝锭库存不足三天，呼吸机配件订单告急', description: '为呼吸机厂配套的电磁阀需铝锭，库存仅够三天。', age: 40, steps: ['accept', 'start'], internal: '已请市场组对接宁波铝业。' },
    { member: 1, category: 'equipment', priority: 'high', title: '数控机床主轴损坏', description: '关键数控机床主轴损坏，影响气缸加工。', age: 170, steps: ['accept', 'start', 'resolve', 'close'], rating: [5, '专家当天到场。'] },
    { member: 2, category: 'logistics', priority: 'normal', title: '进口密封件清关延迟', description: '一批进口密封件在港口滞留。', age: 130, steps: ['accept'] },
    { member: 3, category: 'labour', priority: 'normal', title: '熟练工缺口 15 人', description: '装配线熟练工不足。', age: 75, steps: ['accept', 'start', 'resolve', 'close'], rating: [4, ''] },
    { member: 4, category: 'orders', priority: 'normal', title: '口罩机气动件订单激增，产能不足', description: '需联盟内企业分担部分订单。', age: 28, steps: ['accept', 'start'] },
    { member: 5, category: 'equipment', priority: 'normal', title: '新购注塑机无人安装调试', description: '设备已到厂一周，厂家工程师无法到场。', age: 14, steps: [] },
    { member: 6, category: 'funds', priority: 'high', title: '应收账款回收困难', description: '下游客户延期付款，资金周转困难。', age: 250, steps: ['accept', 'start'] },
    { member: 7, category: 'policy', priority: 'low', title: '电费减免政策咨询', description: '想了解阶段性电费减免如何申请。', age: 44, steps: ['accept', 'start', 'resolve', 'close'] },
    { member: 8, category: 'raw_material', priority: 'normal', title: '压铸件供应商未复工', description: '两家压铸件供应商仍未复工。', age: 3, steps: [] },
    { member: 9, category: 'other', priority: 'normal', title: '员工通勤班车停运', description: '公交线路未恢复，员工通勤困难。', age: 100, steps: ['accept', 'start', 'resolve', 'close'] },
  ],
};

interface RiskSpec {
  title: string;
  category: string;
  description: string;
  likelihood: number;
  impact: number;
  mitigation: string;
  status: string;
  /** Days from today to the next review (negative: overdue). */
  review: number;
  members: number[];
  owner: string;
}

const RISKS: Record<number, RiskSpec[]> = {
  1: [
    { title: '外贸订单大面积取消', category: 'orders_cancelled', description: '欧美市场需求下滑，出口型鞋企订单取消。', likelihood: 4, impact: 5, mitigation: '对接电商平台和内销渠道，组织订单共商会。', status: 'mitigating', review: 3, members: [0, 5, 6], owner: 'market-leather' },
    { title: '中小鞋企资金链断裂', category: 'cash_flow', description: '停产期间固定支出不减，多家企业现金流紧张。', likelihood: 4, impact: 4, mitigation: '协调银行续贷，落实减免政策。', status: 'open', review: -2, members: [4, 7], owner: 'policy-leather' },
    { title: '外省员工返岗持续延迟', category: 'labour', description: '交通管制导致外省员工无法按期返岗。', likelihood: 3, impact: 4, mitigation: '组建共享员工应急队。', status: 'mitigating', review: 5, members: [0, 9], owner: 'policy-leather' },
    { title: '上游制革厂复工滞后', category: 'supply', description: '制革厂环保审批复工慢，牛皮原料紧缺。', likelihood: 3, impact: 3, mitigation: '建立原料库存共享台账。', status: 'open', review: 7, members: [1], owner: 'market-leather' },
    { title: '车间聚集性感染', category: 'prevention', description: '员工密集车间存在聚集性感染风险。', likelihood: 2, impact: 5, mitigation: '统一防控标准，每日测温消毒。', status: 'open', review: -1, members: [2, 3], owner: 'prevention-leather' },
  ],
  2: [
    { title: '冷链物流中断', category: 'supply', description: '冷链车辆不足，冻品无法外运。', likelihood: 4, impact: 4, mitigation: '联盟统一调度冷链车辆。', status: 'mitigating', review: 2, members: [1], owner: 'market-fishery' },
    { title: '加工车间防疫不达标', category: 'prevention', description: '部分车间通风与间距不达标。', likelihood: 3, impact: 5, mitigation: '统一防控标准并开展培训。', status: 'open', review: -3, members: [0, 4], owner: 'prevention-fishery' },
    { title: '超市渠道回款延迟', category: 'cash_flow', description: '下游超市延期付款。', likelihood: 2, impact: 3, mitigation: '', status: 'open', review: 10, members: [5], owner: 'policy-fishery' },
  ],
  3: [
    { title: '铝锭价格上涨与断供', category: 'supply', description: '铝锭价格快速上涨且供应不稳。', likelihood: 4, impact: 4, mitigation: '联合采购，锁定价格。', status: 'open', review: 1, members: [0, 8], owner: 'market-pneumatic' },
    { title: '呼吸机配套订单交付延误', category: 'orders_cancelled', description: '配套件交付延误可能导致订单转移。', likelihood: 3, impact: 5, mitigation: '驻企专员集体会诊，优先保障。', status: 'mitigating', review: -1, members: [0, 4], owner: 'tech-pneumatic' },
    { title: '熟练技工流失', category: 'labour', description: '停工期间部分熟练技工另谋出路。', likelihood: 2, impact: 3, mitigation: '', status: 'open', review: 14, members: [3], owner: 'policy-pneumatic' },
  ],
};

export async function seedDemoProblems(trx: Trx, deps: Deps, city: DemoCity, now: Date): Promise<{ tickets: number; meetings: number; risks: number }> {
  const cal = await loadCalendar(trx);
  const user = (username: string) => city.users.find((u) => u.username === username)?.id ?? null;
  const outbox = new Outbox();
  const nowMs = now.getTime();
  const latest = (ms: number) => new Date(Math.min(ms, nowMs - 60_000));
  const today = shanghaiDate(now);
  let ticketCount = 0;
  let riskCount = 0;

  /** Takes a ticket along its steps, hours apart, by a handler of its lead group (or the secretary). */
  async function play(id: number, filedAt: number, steps: Step[], handler: number | null, owner: number | null, rating?: [number, string]) {
    let t = filedAt;
    let status: TicketStatus = 'submitted';
    for (const s of steps) {
      t += ONE_STEP_HOURS[s] * HOUR;
      const at = latest(t).toISOString();
      const to: TicketStatus = s === 'accept' ? 'accepted' : s === 'resolve' ? 'resolved' : s === 'close' ? 'closed' : 'in_progress';
      const by = s === 'close' || s === 'reopen' ? owner : handler;
      const changes: tickets.TicketChanges = { status: to, updated_at: at };
      if (s === 'accept') changes.first_response_at = at;
      if (s === 'resolve') changes.resolved_at = at;
      if (s === 'reopen') changes.resolved_at = null;
      if (s === 'close') changes.closed_at = at;
      if (s === 'close' && rating) Object.assign(changes, { satisfaction: rating[0], satisfaction_comment: rating[1], rated_at: at });
      await tickets.setTicketFields(trx, id, changes);
      await tickets.insertEvent(trx, { ticket_id: id, kind: 'status', visibility: 'public', actor_user_id: by, from_status: status, to_status: to, body: NOTES[s], created_at: at });
      if (s === 'close' && rating) await tickets.insertEvent(trx, { ticket_id: id, kind: 'rating', visibility: 'public', actor_user_id: by, body: rating[1], data: { score: rating[0] }, created_at: at });
      status = to;
    }
    return { status, lastAt: t };
  }

  /** The escalation state the job would have reached by now. */
  async function escalate(id: number) {
    const row = (await tickets.findSummary(trx, id))!;
    if (!['submitted', 'accepted', 'in_progress'].includes(row.status)) return;
    const warnFrom = warningFrom(row.resolve_due_at);
    const level2 = level2From(cal, row.resolve_due_at);
    const at = now.toISOString();
    if (at >= warnFrom && at < row.resolve_due_at) await trx.updateTable('tickets').set({ warned_at: warnFrom }).where('id', '=', id).execute();
    if (at >= row.resolve_due_at) {
      const level = at >= level2 ? 2 : 1;
      await trx.updateTable('tickets').set({ escalation_level: level, escalated_at: level === 2 ? level2 : row.resolve_due_at }).where('id', '=', id).execute();
      for (let l = 1; l <= level; l++) {
        await tickets.insertEvent(trx, { ticket_id: id, kind: 'escalation', visibility: 'internal', actor_user_id: null, data: { level: l, resolveDueAt: row.resolve_due_at }, created_at: l === 2 ? level2 : row.resolve_due_at });
      }
    }
  }

  for (const alliance of city.alliances) {
    const specs = TICKETS[alliance.id];
    if (!specs) continue;
    const members = city.memberships.filter((m) => m.allianceId === alliance.id).map((m) => m.enterpriseId);
    const secretary = user(alliance.id === 1 ? 'secretary' : `secretary-${alliance.key}`);
    const groupMember = (group: string | null) => (group ? user(group === 'tech' && alliance.id === 1 ? 'tech' : `${group}-${alliance.key}`) : secretary);
    const ownerOf = (enterpriseId: number) => city.users.find((u) => u.grants.some((g) => g.enterpriseId === enterpriseId))?.id ?? null;
    const commissionerOf = (enterpriseId: number) => city.assignments.find((a) => a.allianceId === alliance.id && a.enterpriseId === enterpriseId)?.userId ?? null;

    for (const spec of specs) {
      const enterpriseId = members[spec.member % members.length]!;
      const owner = ownerOf(enterpriseId);
      const filer = owner ?? commissionerOf(enterpriseId) ?? secretary;
      const filedAt = nowMs - spec.age * HOUR;
      const id = await insertTicket(trx, {
        allianceId: alliance.id, enterpriseId, category: spec.category, priority: spec.priority, title: spec.title, description: spec.description,
        source: owner !== null ? 'enterprise' : 'commissioner', createdBy: filer, at: new Date(filedAt),
      });
      ticketCount += 1;
      const row = (await tickets.findSummary(trx, id))!;
      const handler = groupMember(row.lead_group);
      const { lastAt } = await play(id, filedAt, spec.steps, handler, owner ?? filer, spec.rating);
      if (spec.comment) await tickets.insertEvent(trx, { ticket_id: id, kind: 'comment', visibility: 'public', actor_user_id: handler, body: spec.comment, created_at: latest(lastAt + HOUR).toISOString() });
      if (spec.internal) await tickets.insertEvent(trx, { ticket_id: id, kind: 'comment', visibility: 'internal', actor_user_id: handler, body: spec.internal, created_at: latest(lastAt + 2 * HOUR).toISOString() });
      if (!spec.steps.length) await notifyFiled(trx, outbox, null, new Date(filedAt), id);
      await escalate(id);
    }

    // A problem too big for one group: split into sub-tickets, one already closed.
    if (alliance.id === 1) {
      const enterpriseId = members[3 % members.length]!;
      const filedAt = nowMs - 160 * HOUR;
      const parent = await insertTicket(trx, {
        allianceId: 1, enterpriseId, category: 'other', priority: 'high', title: '全面复工需协调原料、用工和物流', description: '企业计划下周全面复工，原料、用工、物流三方面都需要协调。',
        source: 'commissioner', createdBy: commissionerOf(enterpriseId) ?? secretary, at: new Date(filedAt), leadGroup: null, leadUserId: secretary,
      });
      await play(parent, filedAt, ['accept', 'start'], secretary, null);
      const kids: [TicketCategory, string, Step[]][] = [
        ['raw_material', '协调合成革原料供应', ['resolve', 'close']],
        ['labour', '协调共享员工 15 名', []],
        ['logistics', '办理成品运输通行证', ['resolve']],
      ];
      const childIds: number[] = [];
      for (const [category, title, steps] of kids) {
        const child = await insertTicket(trx, {
          allianceId: 1, enterpriseId, parentId: parent, category, priority: 'high', title, description: '', source: 'commissioner', sourceRef: `split:${parent}`,
          createdBy: secretary, at: new Date(filedAt + 7 * HOUR), status: 'accepted',
        });
        const row = (await tickets.findSummary(trx, child))!;
        await play(child, filedAt + 7 * HOUR, ['start', ...steps], groupMember(row.lead_group), ownerOf(enterpriseId) ?? secretary);
        await escalate(child);
        childIds.push(child);
      }
      await tickets.insertEvent(trx, { ticket_id: parent, kind: 'split', visibility: 'public', actor_user_id: secretary, data: { children: childIds }, created_at: new Date(filedAt + 7 * HOUR).toISOString() });
      ticketCount += 1 + childIds.length;
    }

    for (const r of RISKS[alliance.id] ?? []) {
      const id = await risks.insertRisk(trx, {
        alliance_id: alliance.id, title: r.title, category: r.category, description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation,
        owner_user_id: user(r.owner), review_date: addDays(today, r.review), status: r.status, created_by: secretary ?? 1, created_at: new Date(nowMs - 240 * HOUR).toISOString(), updated_at: new Date(nowMs - 48 * HOUR).toISOString(),
      });
      await risks.replaceRiskEnterprises(trx, id, [...new Set(r.members.map((i) => members[i % members.length]!))]);
      riskCount += 1;
    }
  }

  // Joint meetings of the leather chain: one held last week (with decisions), the next one scheduled.
  const secretary = user('secretary')!;
  const attendees = ['secretary', 'tech', 'policy-leather', 'market-leather', 'prevention-leather', 'commissioner'].map(user).filter((id): id is number => id !== null);
  const heldAt = new Date(`${addDays(today, -7)}T06:00:00.000Z`);
  const created = new Date(heldAt.getTime() - 72 * HOUR).toISOString();
  const held = await meetings.insertMeeting(trx, { alliance_id: 1, title: '皮革产业链第三次联席会议', scheduled_at: heldAt.toISOString(), location: '鹿城区党群服务中心三楼会议室', status: 'held', created_by: secretary, created_at: created, updated_at: heldAt.toISOString() });
  await meetings.replaceAttendees(trx, held, attendees);
  await meetings.replaceAgenda(trx, held, [
    { kind: 'free', ref_id: null, title: '通报全链复工进度', note: '复工率 78%，产出恢复至六成。' },
    { kind: 'free', ref_id: null, title: '研究原料与用工协调方案', note: '' },
  ], created);
  await meetings.insertMinutes(trx, held, '一、秘书处通报了全链复工进度。\n二、会议研究了牛皮原料和用工缺口问题。\n三、会议决定由市场销售组牵头对接替代原料供应商，政策兑现组牵头组建共享员工应急队。', secretary, heldAt.toISOString());
  const decision = await meetings.insertDecision(trx, { meeting_id: held, agenda_item_id: null, text: '组建共享员工应急队，对接替代原料供应商。', created_by: secretary, created_at: heldAt.toISOString() });
  const actionItems: [string, string | null, number, Step[]][] = [
    ['组建 30 人共享员工应急队', 'policy-leather', 3, ['start', 'resolve', 'close']],
    ['对接两家替代牛皮原料供应商', 'market-leather', 2, ['start']],
  ];
  for (const [title, owner, days, steps] of actionItems) {
    const id = await insertTicket(trx, {
      allianceId: 1, enterpriseId: null, decisionId: decision, category: 'other', priority: 'high', title, description: '', source: 'meeting', sourceRef: `meeting:${held}`,
      createdBy: secretary, at: heldAt, status: 'accepted', leadUserId: owner ? user(owner) : secretary, resolveDueAt: shanghaiDayEnd(cal.addWorkdays(shanghaiDate(heldAt), days)),
    });
    await play(id, heldAt.getTime(), steps, owner ? user(owner) : secretary, secretary);
    await escalate(id);
    ticketCount += 1;
  }
  const nextAt = new Date(`${cal.addWorkdays(today, 2)}T06:00:00.000Z`);
  const next = await meetings.insertMeeting(trx, { alliance_id: 1, title: '皮革产业链第四次联席会议', scheduled_at: nextAt.toISOString(), location: '鹿城区党群服务中心三楼会议室', status: 'scheduled', created_by: secretary, created_at: now.toISOString(), updated_at: now.toISOString() });
  await meetings.replaceAttendees(trx, next, attendees);
  const draft = await draftAgenda(trx, { id: next, alliance_id: 1, scheduled_at: nextAt.toISOString() }, now);
  await meetings.replaceAgenda(trx, next, draft.map((d) => ({ ...d, note: '' })), now.toISOString());
  return { tickets: ticketCount, meetings: 2, risks: riskCount };
}

/**
 * The stories' open problems (seed/demo-stories.ts): filed by the firm's commissioner (or the
 * secretary) a day ago, routed by the alliance's rule, accepted by the lead group.
 */
export async function seedStoryProblems(trx: Trx, city: DemoCity, stories: DemoStories, now: Date): Promise<void> {
  const filedAt = new Date(now.getTime() - 20 * 3_600_000);
  for (const p of stories.problems) {
    const alliance = city.alliances.find((a) => a.id === p.allianceId)!;
    const secretary = city.users.find((u) => u.username === (alliance.id === 1 ? 'secretary' : `secretary-${alliance.key}`))?.id ?? null;
    const commissioner = city.assignments.find((a) => a.allianceId === p.allianceId && a.enterpriseId === p.enterpriseId)?.userId ?? null;
    await insertTicket(trx, {
      allianceId: p.allianceId, enterpriseId: p.enterpriseId, category: p.category, priority: 'high', title: p.title, description: p.description,
      source: 'commissioner', createdBy: commissioner ?? secretary, at: filedAt, status: 'accepted',
    });
  }
}
