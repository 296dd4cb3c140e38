/**
 * From analysis to action: a forecast break or a help-priority row becomes a problem (工单) for
 * the firm at the root of it — filed and routed like any other problem (the alliance's routing
 * rule for its category, SLA deadlines, the lead notified), source `chain`, its reference the
 * analysis (`chain:<analysis id>`), and its description the analysis that motivated it. When the
 * root firm already has an open problem, the same action attaches the analysis to it instead
 * (an internal timeline entry) rather than filing a duplicate.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, notFound } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import type { Outbox } from '../notifications/outbox';
import type { Created } from '../../core/http/idempotency';
import * as ticketRepo from '../tickets/tickets.repository';
import { enterpriseForFiling, insertTicket, notifyFiled } from '../tickets/tickets.service';
import { OPEN_STATUSES, type TicketStatus } from '../tickets/ticket-state';
import { TICKET_CATEGORIES, type TicketCategory } from '../tickets/tickets.schema';
import { JOB_KIND } from './chain.jobs';
import * as repo from './chain.repository';
import type { AnalysisResult, FileProblemBody } from './chain.schema';

const gunzipAsync = promisify(gunzip);

const STAGE_ZH: Record<string, string> = { stopped: '停产', partial: '部分复工', full: '全面复工' };
const BLOCKER_ZH: Record<string, string> = {
  raw_material: '原材料', logistics: '物流', labour: '用工', equipment: '设备', funds: '资金', orders: '订单', prevention_supplies: '防疫物资', policy: '政策', prevention: '防控自查', other: '其他',
};

/** What the analysis says about the root firm, as the problem's text. */
interface Motive {
  root: { id: number; name: string };
  title: string;
  description: string;
  category: TicketCategory;
  data: Record<string, unknown>;
}

function motiveOf(result: AnalysisResult, body: FileProblemBody): Motive {
  const firm = result.firms.find((f) => f.id === body.firmId);
  if (body.from === 'break') {
    if (!firm || firm.breakDay === null || !firm.cause) throw new AppError('validation_failed', {}, [{ path: 'firmId', code: 'not_broken' }]);
    const path = firm.cause.path;
    const root = path[path.length - 1]!;
    const rootFirm = result.firms.find((f) => f.id === root.id);
    const reason = firm.cause.rootReason ?? null;
    const blockers = reason?.blockers ?? [];
    const category = (blockers.map((b) => b.category).find((c) => (TICKET_CATEGORIES as readonly string[]).includes(c)) as TicketCategory | undefined) ?? 'raw_material';
    const when = result.mode === 'static' ? '当前' : `第 ${firm.breakDay} 天`;
    const lines = [
      `断链测算（${result.mode === 'static' ? '静态' : `动态，${result.horizon} 天`}，θ = ${result.theta}）：${firm.name} 预计${when}断链，卡在「${firm.cause.item}」。`,
      `原因链：${path.map((p) => p.name).join(' ← ')}。`,
      rootFirm ? `根因企业 ${root.name} 自身产能 ${Math.round(rootFirm.capacity * 100)}%。` : '',
      reason ? `其最近日报（${reason.date}）：${STAGE_ZH[reason.stage] ?? reason.stage}${blockers.length ? `；困难：${blockers.map((b) => `${BLOCKER_ZH[b.category] ?? b.category}${b.note ? `（${b.note}）` : ''}`).join('、')}` : ''}。` : '',
    ].filter(Boolean);
    return {
      root,
      title: `断链风险：${root.name} 影响 ${firm.name}`.slice(0, 120),
      description: lines.join('\n'),
      category,
      data: { analysisId: body.analysisId, from: 'break', brokenFirmId: firm.id, breakDay: firm.breakDay, item: firm.cause.item, path: path.map((p) => p.id) },
    };
  }
  const row = result.priority.find((p) => p.firm.id === body.firmId);
  if (!row || !firm) throw new AppError('validation_failed', {}, [{ path: 'firmId', code: 'not_in_priority' }]);
  const rank = result.priority.indexOf(row) + 1;
  return {
    root: row.firm,
    title: `帮扶优先：${row.firm.name}`.slice(0, 120),
    description: [
      `断链测算帮扶优先序第 ${rank} 位：${row.firm.name} 恢复满产可增加产出 ${row.gain.toFixed(2)}，`,
      row.restored.length ? `并使 ${row.restored.map((r) => r.name).join('、')} 不再断链（涉及 ${row.restoredHeadcount} 人）。` : '。',
      `当前自身产能 ${Math.round(firm.capacity * 100)}%。`,
    ].join(''),
    category: 'labour',
    data: { analysisId: body.analysisId, from: 'priority', rank, gain: row.gain, restored: row.restored.map((r) => r.id) },
  };
}

/**
 * The alliance's latest finished forecast: a dynamic analysis without a scenario (what the
 * forecast page and the overview run), or null when none is kept (jobs are pruned after the
 * retention period).
 */
export async function latestForecast(db: Executor, allianceId: number): Promise<{ id: string; finishedAt: string | null; result: AnalysisResult } | null> {
  for (const job of await repo.latestDoneJobs(db, allianceId, JOB_KIND)) {
    const params = JSON.parse(job.params_json) as { mode?: string; scenarioId?: number };
    if (params.mode !== 'dynamic' || params.scenarioId !== undefined) continue;
    const gz = await repo.jobResult(db, job.id);
    if (!gz) continue;
    return { id: job.id, finishedAt: job.finished_at, result: JSON.parse((await gunzipAsync(gz)).toString('utf8')) as AnalysisResult };
  }
  return null;
}

/** Loads a finished analysis of the actor's alliance (anyone else's: 404). */
async function loadAnalysis(trx: Trx, ctx: Ctx, id: string): Promise<AnalysisResult> {
  const job = await repo.findJob(trx, id);
  if (!job || job.alliance_id !== tenantOf(ctx)) throw notFound();
  if (job.status !== 'done') throw new AppError('validation_failed', {}, [{ path: 'analysisId', code: 'analysis_not_done' }]);
  const gz = await repo.jobResult(trx, id);
  if (!gz) throw notFound();
  return JSON.parse((await gunzipAsync(gz)).toString('utf8')) as AnalysisResult;
}

export async function fileProblem(trx: Trx, deps: Deps, ctx: Ctx, outbox: Outbox, body: FileProblemBody): Promise<Created<{ ticketId: number; enterpriseId: number; attached: boolean }, 201>> {
  const allianceId = tenantOf(ctx);
  const motive = motiveOf(await loadAnalysis(trx, ctx, body.analysisId), body);
  await enterpriseForFiling(trx, ctx, motive.root.id);
  const now = deps.clock.now();
  const at = now.toISOString();
  const description = body.note ? `${motive.description}\n\n${body.note}` : motive.description;
  if (body.ticketId !== undefined) {
    const ticket = await ticketRepo.findTicket(trx, allianceId, body.ticketId);
    if (!ticket) throw notFound();
    if (ticket.enterprise_id !== motive.root.id) throw new AppError('validation_failed', {}, [{ path: 'ticketId', code: 'other_enterprise' }]);
    if (!OPEN_STATUSES.includes(ticket.status as TicketStatus)) throw new AppError('validation_failed', {}, [{ path: 'ticketId', code: 'ticket_closed' }]);
    await ticketRepo.insertEvent(trx, { ticket_id: ticket.id, kind: 'comment', visibility: 'internal', actor_user_id: ctx.actor.userId, body: description, data: { chain: motive.data }, created_at: at });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.problem_file', targetType: 'ticket', targetId: ticket.id, detail: { from: body.from, attached: true } });
    return { status: 201, body: { ticketId: ticket.id, enterpriseId: motive.root.id, attached: true } };
  }
  const id = await insertTicket(trx, {
    allianceId, enterpriseId: motive.root.id, category: body.category ?? motive.category, priority: body.priority, title: body.title ?? motive.title, description,
    source: 'chain', sourceRef: `chain:${body.analysisId}`, createdBy: ctx.actor.userId, at: now,
  });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.problem_file', targetType: 'ticket', targetId: id, detail: { from: body.from, attached: false } });
  await notifyFiled(trx, outbox, ctx, now, id);
  return { status: 201, body: { ticketId: id, enterpriseId: motive.root.id, attached: false } };
}
