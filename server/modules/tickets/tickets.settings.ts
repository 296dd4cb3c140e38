/**
 * Per-alliance settings of problem handling, kept by the secretary:
 *
 * - routing rules: which working group leads a new ticket of each category (none = the
 *   secretary triages it). Until the alliance sets its own, {@link DEFAULT_ROUTING} applies.
 * - SLA policies: response and resolve periods per priority (see `sla.ts`).
 *
 * Each set is saved whole, with one version for the set: a save names the version it was based
 * on, and a concurrent save in between is refused (409).
 */
import type { WorkingGroup } from '../../core/auth/roles';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { DEFAULT_SLA, PRIORITIES, type Priority, type SlaPolicy } from './sla';
import * as repo from './tickets.repository';
import { TICKET_CATEGORIES, type PutRoutingRulesBody, type PutSlaPoliciesBody, type TicketCategory } from './tickets.schema';

/** Supply problems go to market & sales, technical ones to technical service, permits/people/money to policy. */
export const DEFAULT_ROUTING: Readonly<Record<TicketCategory, WorkingGroup | null>> = {
  raw_material: 'market',
  logistics: 'policy',
  labour: 'policy',
  equipment: 'tech',
  funds: 'policy',
  orders: 'market',
  prevention_supplies: 'prevention',
  prevention: 'prevention',
  policy: 'policy',
  other: null,
};

const setVersion = (rows: { version: number }[]) => (rows.length ? Math.max(...rows.map((r) => r.version)) : 1);

export async function routingRules(db: Executor, allianceId: number) {
  const rows = await repo.listRoutingRules(db, allianceId);
  const set = new Map(rows.map((r) => [r.category, r.working_group as WorkingGroup | null]));
  return {
    rules: TICKET_CATEGORIES.map((category) => ({ category, workingGroup: set.has(category) ? set.get(category)! : DEFAULT_ROUTING[category], isDefault: !set.has(category) })),
    version: setVersion(rows),
  };
}

/** The lead working group for a new ticket of `category`. */
export async function routeFor(db: Executor, allianceId: number, category: TicketCategory): Promise<WorkingGroup | null> {
  return (await routingRules(db, allianceId)).rules.find((r) => r.category === category)!.workingGroup;
}

export async function slaPolicies(db: Executor, allianceId: number) {
  const rows = await repo.listSlaPolicies(db, allianceId);
  const set = new Map(rows.map((r) => [r.priority, { responseDays: r.response_days, resolveDays: r.resolve_days }]));
  return {
    policies: PRIORITIES.map((priority) => ({ priority, ...(set.get(priority) ?? DEFAULT_SLA[priority]), isDefault: !set.has(priority) })),
    version: setVersion(rows),
  };
}

export async function slaFor(db: Executor, allianceId: number, priority: Priority): Promise<SlaPolicy> {
  const p = (await slaPolicies(db, allianceId)).policies.find((x) => x.priority === priority)!;
  return { responseDays: p.responseDays, resolveDays: p.resolveDays };
}

function noDuplicates(keys: string[], path: string) {
  if (new Set(keys).size !== keys.length) throw new AppError('validation_failed', {}, [{ path, code: 'duplicate_entry' }]);
}

export async function getRoutingRules(deps: Deps, ctx: Ctx) {
  return routingRules(deps.db, tenantOf(ctx));
}

export async function putRoutingRules(deps: Deps, ctx: Ctx, body: PutRoutingRulesBody) {
  noDuplicates(body.rules.map((r) => r.category), 'rules');
  const allianceId = tenantOf(ctx);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const current = await routingRules(trx, allianceId);
      if (current.version !== body.version) throw versionConflict(current.version);
      const next = new Map(current.rules.map((r) => [r.category, r.workingGroup]));
      for (const r of body.rules) next.set(r.category, r.workingGroup);
      await repo.replaceRoutingRules(trx, allianceId, [...next].map(([category, g]) => ({ category, working_group: g })), current.version + 1, now.toISOString());
      await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.routing_rules', targetType: 'alliance', targetId: allianceId, detail: { rules: body.rules.map((r) => `${r.category}:${r.workingGroup ?? '-'}`) } });
      return routingRules(trx, allianceId);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw versionConflict(body.version + 1);
    throw err;
  }
}

export async function getSlaPolicies(deps: Deps, ctx: Ctx) {
  return slaPolicies(deps.db, tenantOf(ctx));
}

export async function putSlaPolicies(deps: Deps, ctx: Ctx, body: PutSlaPoliciesBody) {
  noDuplicates(body.policies.map((p) => p.priority), 'policies');
  const allianceId = tenantOf(ctx);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const current = await slaPolicies(trx, allianceId);
      if (current.version !== body.version) throw versionConflict(current.version);
      const next = new Map(current.policies.map((p) => [p.priority, { response_days: p.responseDays, resolve_days: p.resolveDays }]));
      for (const p of body.policies) next.set(p.priority, { response_days: p.responseDays, resolve_days: p.resolveDays });
      await repo.replaceSlaPolicies(trx, allianceId, [...next].map(([priority, v]) => ({ priority, ...v })), current.version + 1, now.toISOString());
      await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.sla_policies', targetType: 'alliance', targetId: allianceId, detail: { policies: body.policies.map((p) => `${p.priority}:${p.responseDays}/${p.resolveDays}`) } });
      return slaPolicies(trx, allianceId);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw versionConflict(body.version + 1);
    throw err;
  }
}
