/** Alliances: the tenants of the platform, each with its four working groups. */
import { can } from '../../core/auth/policy';
import type { WorkingGroup } from '../../core/auth/roles';
import { WORKING_GROUPS } from '../../core/auth/roles';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError, notFound, versionConflict } from '../../core/errors';
import * as repo from './alliances.repository';
import type { AllianceResponse } from './alliances.schema';
import type { z } from 'zod';
import type { CreateAllianceBody, UpdateAllianceBody } from './alliances.schema';

export const WORKING_GROUP_NAMES: Record<WorkingGroup, string> = {
  policy: '政策兑现组',
  tech: '技术服务组',
  market: '市场销售组',
  prevention: '疫情防控组',
};

export async function presentAlliances(db: Executor, ids: number[]): Promise<AllianceResponse[]> {
  const [rows, groups, secretaries, counts] = await Promise.all([
    repo.listAlliancesByIds(db, ids),
    repo.workingGroupsOf(db, ids),
    repo.secretariesOf(db, ids),
    repo.memberCounts(db, ids),
  ]);
  return rows.map((a) => ({
    id: a.id,
    name: a.name,
    chain: a.chain,
    industry: a.industry,
    districtCode: a.district_code,
    description: a.description,
    memberCount: counts.get(a.id) ?? 0,
    secretaries: secretaries.filter((s) => s.alliance_id === a.id).map((s) => ({ id: s.id, displayName: s.display_name })),
    workingGroups: groups
      .filter((g) => g.alliance_id === a.id)
      .map((g) => ({ id: g.id, kind: g.kind as WorkingGroup, name: g.name, lead: g.lead_user_id === null ? null : { id: g.lead_user_id, displayName: g.lead_name ?? '' } })),
    version: a.version,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  }));
}

export async function listAlliances(deps: Deps, allianceIds: number[]) {
  return { items: await presentAlliances(deps.db, allianceIds) };
}

export async function getAlliance(deps: Deps, allianceIds: number[], id: number): Promise<AllianceResponse> {
  if (!allianceIds.includes(id)) throw notFound();
  const [a] = await presentAlliances(deps.db, [id]);
  if (!a) throw notFound();
  return a;
}

const nameTaken = () => new AppError('validation_failed', {}, [{ path: 'name', code: 'name_taken' }]);

/** Creates an alliance with its four working groups; the caller owns the transaction. */
export async function createAlliance(trx: Trx, deps: Deps, ctx: Ctx | null, body: z.infer<typeof CreateAllianceBody>): Promise<AllianceResponse> {
  const now = deps.clock.now();
  if (await repo.findAllianceByName(trx, body.name)) throw nameTaken();
  const id = await repo.insertAlliance(trx, { name: body.name, chain: body.chain, industry: body.industry, district_code: body.districtCode, description: body.description, at: now.toISOString() });
  for (const kind of WORKING_GROUPS) await repo.insertWorkingGroup(trx, { alliance_id: id, kind, name: WORKING_GROUP_NAMES[kind] });
  await recordAudit(trx, { ...auditFrom(ctx ?? { actor: null, requestId: null }, now), allianceId: id, action: 'alliance.create', targetType: 'alliance', targetId: id, detail: { name: body.name } });
  return (await presentAlliances(trx, [id]))[0]!;
}

export async function updateAlliance(deps: Deps, ctx: Ctx, id: number, body: z.infer<typeof UpdateAllianceBody>): Promise<AllianceResponse> {
  if (id !== ctx.actor.allianceId) throw notFound();
  if (!can(ctx.actor, 'alliance.update', { kind: 'alliance', id })) throw new AppError('forbidden');
  return deps.db.transaction().execute(async (trx) => {
    const current = await repo.findAlliance(trx, id);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
    const now = deps.clock.now();
    const { version, districtCode, ...rest } = body;
    try {
      const ok = await repo.updateAlliance(trx, id, version, { ...rest, ...(districtCode ? { district_code: districtCode } : {}), updated_at: now.toISOString() });
      if (!ok) throw versionConflict(current.version + 1);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'alliance.update', targetType: 'alliance', targetId: id, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } });
    return (await presentAlliances(trx, [id]))[0]!;
  });
}
