/**
 * Chain-break analysis of an alliance's map: loads members, their latest reports and the
 * supply links into the engine's input and turns the engine's output into the API's result.
 * The job that runs it in a worker thread and keeps progress and result in the database, for
 * any server process to answer a poll, is in chain.jobs.ts.
 *
 * Inputs from the registry: own capacity a_i = the latest report's own capacity (100 % when a
 * firm never reported), actual output = the latest report's output, weight = normal annual
 * output value when every member has one, otherwise headcount for all (so weights stay
 * comparable). Link shares come in basis points; items are keyed by their id.
 *
 * Stock of an essential input (days of the firm's full need): the need's own stock days when it
 * states them (> 0), otherwise the firm's latest report's material days of cover (材料可用天数),
 * which covers every essential input the need does not state. Each firm's result lists the
 * stocks used and where each came from (`need` or `report`).
 *
 * A break's cause path ends at the root firm's own reason: its latest report's date, stage and
 * blockers (with their notes), e.g. labour: "外省员工未返岗".
 */
import { createHash } from 'node:crypto';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, notFound, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { today } from '../enterprises/enterprises.service';
import type { AnalyseOutput, AnalyseRequest } from './chain.analyse';
import * as repo from './chain.repository';
import type { AnalysisBody, AnalysisResult, ScenarioChange } from './chain.schema';
import type { Scenario, ScenarioChange as EngineChange } from './engine/scenario';
import type { NetworkInput } from './engine/network';
import type { z } from 'zod';
import type { ScenarioBody, UpdateScenarioBody } from './chain.schema';

/** Above this many firms, criticality ranks the firms with the largest direct exposure. */
export const MAX_CRITICALITY_CANDIDATES = 2000;
const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

interface Member {
  id: number;
  name: string;
  headcount: number;
  /** District code (a district lockdown or logistics delay names it). */
  district: string;
  weight: number;
  capacity: number;
  actual: number;
  /** Latest report's material days of cover (null: not reported). */
  coverDays: number | null;
  /** Latest report's date, stage and blockers: the firm's own reason when it is a break's root. */
  report: { date: string; stage: string; blockers: { category: string; note: string }[] } | null;
}

/** A stock the engine used: days of full need and where the figure came from. */
export interface StockUsed {
  itemId: number;
  item: string;
  days: number;
  source: 'need' | 'report';
}

export interface LoadedMap {
  input: NetworkInput;
  members: Map<number, Member>;
  items: Map<number, string>;
  links: AnalysisResult['links'];
  weightUnit: 'output' | 'headcount';
  tiers: Map<number, number>;
  /** Stocks used, per firm. */
  stocks: Map<number, StockUsed[]>;
}

function parseBlockers(json: string | null): { category: string; note: string }[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as { category?: unknown; note?: unknown }[];
    return Array.isArray(v) ? v.map((b) => ({ category: String(b.category ?? ''), note: typeof b.note === 'string' ? b.note : '' })) : [];
  } catch {
    return [];
  }
}

/** Longest essential supply path from a firm with no member supplier (cycles cut at n steps). */
function computeTiers(memberIds: number[], links: { supplier_id: number; customer_id: number }[]): Map<number, number> {
  const suppliers = new Map<number, number[]>();
  for (const l of links) suppliers.set(l.customer_id, [...(suppliers.get(l.customer_id) ?? []), l.supplier_id]);
  const tier = new Map<number, number>(memberIds.map((id) => [id, 0]));
  for (let round = 0; round < Math.min(memberIds.length, 50); round++) {
    let changed = false;
    for (const [c, ss] of suppliers) {
      const t = Math.max(...ss.map((s) => (tier.get(s) ?? 0) + 1));
      if (t > (tier.get(c) ?? 0)) {
        tier.set(c, t);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return tier;
}

export async function loadMap(deps: Deps, allianceId: number, includePending: boolean, db: Executor = deps.db): Promise<LoadedMap> {
  const rows = await repo.membersForAnalysis(db, allianceId, today(deps));
  const map = await repo.loadMap(db, allianceId, includePending);
  const byOutput = rows.length > 0 && rows.every((r) => r.annual_output_fen !== null && Number(r.annual_output_fen) > 0);
  const members = new Map<number, Member>();
  for (const r of rows) {
    members.set(r.id, {
      id: r.id,
      name: r.name,
      headcount: r.headcount,
      district: r.district_code,
      // Output value in 10,000 yuan keeps Y in readable numbers.
      weight: byOutput ? Number(r.annual_output_fen) / 1_000_000 : Math.max(1, r.headcount),
      capacity: r.capacity_pct === null ? 1 : clamp01(r.capacity_pct / 100),
      actual: r.output_pct === null ? 1 : clamp01(r.output_pct / 100),
      coverDays: r.material_cover_days === null || r.material_cover_days === undefined ? null : Number(r.material_cover_days),
      report: r.report_date ? { date: r.report_date, stage: r.stage ?? '', blockers: parseBlockers(r.blockers_json) } : null,
    });
  }
  const items = new Map(map.items.map((i) => [i.id, i.name]));
  const essential = new Map(map.needs.map((n) => [`${n.enterprise_id}:${n.item_id}`, n.essential === 1]));
  const inMap = map.links.filter((l) => members.has(l.supplier_id) && members.has(l.customer_id));
  const input: NetworkInput = {
    firms: [...members.values()].map((m) => ({ id: String(m.id), capacity: m.capacity, actual: m.actual, weight: m.weight })),
    links: inMap.map((l) => ({ supplier: String(l.supplier_id), customer: String(l.customer_id), item: String(l.item_id), share: l.share_bp / 10_000, essential: essential.get(`${l.customer_id}:${l.item_id}`) ?? true, leadDays: l.lead_days })),
    stocks: [],
  };
  // Stocks: a need's own stock days, else (essential inputs only) the report's days of cover.
  const stocks = new Map<number, StockUsed[]>();
  const addStock = (firm: number, itemId: number, days: number, source: StockUsed['source']) => {
    stocks.set(firm, [...(stocks.get(firm) ?? []), { itemId, item: items.get(itemId) ?? String(itemId), days, source }]);
    (input.stocks as { firm: string; item: string; days: number }[]).push({ firm: String(firm), item: String(itemId), days });
  };
  const stated = new Set<string>();
  for (const n of map.needs) {
    if (!members.has(n.enterprise_id) || !(n.stock_days > 0)) continue;
    stated.add(`${n.enterprise_id}:${n.item_id}`);
    addStock(n.enterprise_id, n.item_id, n.stock_days, 'need');
  }
  const essentialInputs = new Set<string>();
  for (const l of inMap) if (essential.get(`${l.customer_id}:${l.item_id}`) ?? true) essentialInputs.add(`${l.customer_id}:${l.item_id}`);
  for (const key of [...essentialInputs].sort()) {
    if (stated.has(key)) continue;
    const [firm, itemId] = key.split(':').map(Number) as [number, number];
    const cover = members.get(firm)?.coverDays;
    if (cover !== null && cover !== undefined && cover > 0) addStock(firm, itemId, cover, 'report');
  }
  const links = inMap.map((l) => ({
    id: l.id, supplierId: l.supplier_id, customerId: l.customer_id, itemId: l.item_id, item: items.get(l.item_id) ?? String(l.item_id), sharePct: l.share_bp / 100,
    essential: essential.get(`${l.customer_id}:${l.item_id}`) ?? true, leadDays: l.lead_days, status: l.status as 'pending' | 'confirmed',
  }));
  const tiers = computeTiers([...members.keys()], inMap.filter((l) => essential.get(`${l.customer_id}:${l.item_id}`) ?? true));
  return { input, members, items, links, weightUnit: byOutput ? 'output' : 'headcount', tiers, stocks };
}

/** Turns a saved scenario (alliance ids) into the engine's changes (string ids). */
export function toEngineScenario(name: string, changes: ScenarioChange[], map: LoadedMap): Scenario {
  const out: EngineChange[] = [];
  for (const c of changes) {
    if (c.type === 'capacity') out.push({ type: 'capacity', firm: String(c.enterpriseId), value: c.capacityPct / 100, fromDay: c.fromDay, toDay: c.toDay });
    else if (c.type === 'addStock') out.push({ type: 'addStock', firm: String(c.enterpriseId), item: String(c.itemId), days: c.days });
    else if (c.type === 'districtLockdown') out.push({ type: 'districtLockdown', district: c.districtCode, value: c.capacityPct / 100, fromDay: c.fromDay, toDay: c.toDay });
    else if (c.type === 'logisticsDelay') out.push({ type: 'logisticsDelay', district: c.districtCode, days: c.days });
    else if (c.type === 'addLink') out.push({ type: 'addLink', supplier: String(c.supplierId), customer: String(c.customerId), item: String(c.itemId), share: c.sharePct / 100, leadDays: c.leadDays, essential: c.essential });
    else {
      const link = map.links.find((l) => l.id === c.linkId);
      if (!link) throw new AppError('validation_failed', {}, [{ path: 'changes', code: 'unknown_link', params: { linkId: c.linkId } }]);
      out.push({ type: 'removeLink', supplier: String(link.supplierId), customer: String(link.customerId), item: String(link.itemId) });
    }
  }
  if (!changes.some((c) => c.type === 'districtLockdown' || c.type === 'logisticsDelay')) return { name, changes: out };
  return { name, changes: out, districts: Object.fromEntries([...map.members.values()].map((m) => [String(m.id), m.district])) };
}

function present(body: AnalysisBody, map: LoadedMap, out: AnalyseOutput, scenario: { id: number; name: string } | null): AnalysisResult {
  const ref = (id: string) => {
    const m = map.members.get(Number(id));
    return { id: Number(id), name: m?.name ?? id };
  };
  const heads = (ids: string[]) => ids.reduce((s, id) => s + (map.members.get(Number(id))?.headcount ?? 0), 0);
  const after = new Map(out.scenario?.firms.map((f) => [f.id, f]) ?? []);
  return {
    mode: body.mode,
    horizon: body.mode === 'static' ? 1 : body.horizon,
    theta: body.theta,
    weightUnit: map.weightUnit,
    firms: out.firms.map((f) => {
      const m = map.members.get(Number(f.id))!;
      const s = after.get(f.id);
      return {
        id: m.id, name: m.name, headcount: m.headcount, tier: map.tiers.get(m.id) ?? 0, weight: m.weight, capacity: m.capacity, actual: m.actual,
        x: f.x, breakDay: f.breakDay,
        cause: f.cause ? { item: map.items.get(Number(f.cause.item)) ?? f.cause.item, path: f.cause.path.map(ref), rootReason: map.members.get(Number(f.cause.path[f.cause.path.length - 1]))?.report ?? null } : null,
        stocks: map.stocks.get(m.id) ?? [],
        ...(s ? { scenarioBreakDay: s.breakDayAfter, scenarioDelta: s.dxTotal } : {}),
      };
    }),
    links: map.links,
    Y: out.Y,
    yFull: [...map.members.values()].reduce((s, m) => s + m.weight, 0),
    critical: out.critical.map((c) => ({ firm: ref(c.id), loss: c.loss, broken: c.broken.map(ref), brokenHeadcount: heads(c.broken) })),
    priority: out.priority.map((p) => ({ firm: ref(p.id), gain: p.gain, cumulativeY: p.cumulativeY, restored: p.restored.map(ref), restoredHeadcount: heads(p.restored) })),
    scenario: scenario && out.scenario ? { ...scenario, yAfter: out.scenario.yAfter, deltaTotal: out.scenario.deltaTotal } : null,
  };
}

/** An analysis ready to run: the engine's request, its dedupe key and how to present the output. */
export interface PreparedAnalysis {
  allianceId: number;
  userId: number;
  body: AnalysisBody;
  request: AnalyseRequest;
  /**
   * sha256 of the parameters and of every piece of map data the request and its presentation
   * depend on (members, reports, links, items, the scenario): the same key means the same answer.
   */
  key: string;
  present(out: AnalyseOutput): AnalysisResult;
}

/** Loads the alliance's map (and scenario) for an analysis; a missing scenario is a 404. */
export async function prepareAnalysis(deps: Deps, ctx: Ctx, body: AnalysisBody): Promise<PreparedAnalysis> {
  const allianceId = tenantOf(ctx);
  const map = await loadMap(deps, allianceId, body.includePending);
  let scenario: { id: number; name: string; engine: Scenario } | null = null;
  if (body.scenarioId) {
    const row = await repo.findScenario(deps.db, allianceId, body.scenarioId);
    if (!row) throw notFound();
    scenario = { id: row.id, name: row.name, engine: toEngineScenario(row.name, JSON.parse(row.changes_json) as ScenarioChange[], map) };
  }
  const request: AnalyseRequest = {
    input: map.input, mode: body.mode, horizon: body.horizon, theta: body.theta, scenario: scenario?.engine ?? null,
    maxCandidates: MAX_CRITICALITY_CANDIDATES, top: 50, steps: 20,
  };
  const ref = scenario && { id: scenario.id, name: scenario.name };
  const key = createHash('sha256')
    .update(JSON.stringify({ v: 1, body, request, members: [...map.members.values()], items: [...map.items], links: map.links, scenario: ref }))
    .digest('hex');
  return { allianceId, userId: ctx.actor.userId, body, request, key, present: (out) => present(body, map, out, ref) };
}

// Scenarios ---------------------------------------------------------------------------------

function toScenario(r: { id: number; name: string; changes_json: string; created_at: string; updated_at: string; version: number }) {
  return { id: r.id, name: r.name, changes: JSON.parse(r.changes_json) as ScenarioChange[], createdAt: r.created_at, updatedAt: r.updated_at, version: r.version };
}

export async function listScenarios(deps: Deps, ctx: Ctx) {
  return { items: (await repo.listScenarios(deps.db, tenantOf(ctx))).map(toScenario) };
}

export async function getScenario(deps: Deps, ctx: Ctx, id: number) {
  const row = await repo.findScenario(deps.db, tenantOf(ctx), id);
  if (!row) throw notFound();
  return toScenario(row);
}

/** Checks that a scenario's changes name this alliance's members, items and links. */
async function checkChanges(deps: Deps, db: Executor, allianceId: number, changes: ScenarioChange[]) {
  const map = await loadMap(deps, allianceId, true, db);
  const errors = [];
  for (const [i, c] of changes.entries()) {
    const firms = c.type === 'capacity' || c.type === 'addStock' ? [c.enterpriseId] : c.type === 'addLink' ? [c.supplierId, c.customerId] : [];
    if (firms.some((f) => !map.members.has(f))) errors.push({ path: `changes.${i}`, code: 'not_a_member' });
    if ((c.type === 'addStock' || c.type === 'addLink') && !map.items.has(c.itemId)) errors.push({ path: `changes.${i}.itemId`, code: 'unknown_item' });
    if (c.type === 'removeLink' && !map.links.some((l) => l.id === c.linkId)) errors.push({ path: `changes.${i}.linkId`, code: 'unknown_link' });
    if ((c.type === 'capacity' || c.type === 'districtLockdown') && c.fromDay !== undefined && c.toDay !== undefined && c.fromDay > c.toDay) errors.push({ path: `changes.${i}.toDay`, code: 'range_reversed' });
    if ((c.type === 'districtLockdown' || c.type === 'logisticsDelay') && ![...map.members.values()].some((m) => m.district === c.districtCode)) errors.push({ path: `changes.${i}.districtCode`, code: 'no_member_in_district' });
  }
  errors.push(...linkChangeErrors(map, changes));
  if (errors.length) throw new AppError('validation_failed', {}, errors);
}

/**
 * Replays a scenario's link changes over the map, so a scenario that could never run is refused
 * when it is saved rather than failing every analysis: a link removed twice, an added link that
 * is already there, joins a firm to itself, lifts the customer's item over 100 % (saying by how
 * much) or disagrees with the customer's essential flag for the item.
 */
function linkChangeErrors(map: LoadedMap, changes: ScenarioChange[]) {
  const errors: { path: string; code: string; params?: Record<string, unknown> }[] = [];
  const present = new Map(map.links.map((l) => [`${l.supplierId}:${l.customerId}:${l.item}`, l]));
  const shareBp = new Map<string, number>();
  const essential = new Map<string, boolean>();
  for (const l of map.links) {
    shareBp.set(`${l.customerId}:${l.item}`, (shareBp.get(`${l.customerId}:${l.item}`) ?? 0) + Math.round(l.sharePct * 100));
    essential.set(`${l.customerId}:${l.item}`, l.essential);
  }
  for (const [i, c] of changes.entries()) {
    if (c.type === 'removeLink') {
      const l = map.links.find((x) => x.id === c.linkId);
      if (!l) continue;
      const key = `${l.supplierId}:${l.customerId}:${l.item}`;
      if (!present.has(key)) {
        errors.push({ path: `changes.${i}.linkId`, code: 'unknown_link' });
        continue;
      }
      present.delete(key);
      shareBp.set(`${l.customerId}:${l.item}`, (shareBp.get(`${l.customerId}:${l.item}`) ?? 0) - Math.round(l.sharePct * 100));
      // The essential flag lives on the links: with the last one gone, an added link may set it anew.
      if (![...present.values()].some((x) => x.customerId === l.customerId && x.item === l.item)) essential.delete(`${l.customerId}:${l.item}`);
    } else if (c.type === 'addLink') {
      const item = map.items.get(c.itemId);
      if (item === undefined || !map.members.has(c.supplierId) || !map.members.has(c.customerId)) continue;
      if (c.supplierId === c.customerId) {
        errors.push({ path: `changes.${i}.customerId`, code: 'same_enterprise' });
        continue;
      }
      const key = `${c.supplierId}:${c.customerId}:${item}`;
      const need = `${c.customerId}:${item}`;
      if (present.has(key)) {
        errors.push({ path: `changes.${i}`, code: 'link_exists' });
        continue;
      }
      const total = (shareBp.get(need) ?? 0) + Math.round(c.sharePct * 100);
      if (total > 10_000) errors.push({ path: `changes.${i}.sharePct`, code: 'share_sum_exceeded', params: { totalPct: total / 100, excessPct: (total - 10_000) / 100 } });
      const flag = essential.get(need);
      if (flag !== undefined && flag !== c.essential) errors.push({ path: `changes.${i}.essential`, code: 'essential_conflict', params: { essential: flag } });
      present.set(key, { id: 0, supplierId: c.supplierId, customerId: c.customerId, itemId: c.itemId, item, sharePct: c.sharePct, essential: c.essential, leadDays: c.leadDays, status: 'confirmed' });
      shareBp.set(need, total);
      essential.set(need, flag ?? c.essential);
    }
  }
  return errors;
}

/** Saves a scenario; the caller's transaction also records the idempotency key. */
export async function createScenario(trx: Trx, deps: Deps, ctx: Ctx, body: z.infer<typeof ScenarioBody>) {
  const allianceId = tenantOf(ctx);
  await checkChanges(deps, trx, allianceId, body.changes);
  const now = deps.clock.now();
  const id = await repo.insertScenario(trx, { alliance_id: allianceId, name: body.name, changes_json: JSON.stringify(body.changes), created_by: ctx.actor.userId, created_at: now.toISOString(), updated_at: now.toISOString() });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.scenario_create', targetType: 'chain_scenario', targetId: id, detail: { name: body.name, changes: body.changes.length } });
  return toScenario((await repo.findScenario(trx, allianceId, id))!);
}

export async function updateScenario(deps: Deps, ctx: Ctx, id: number, body: z.infer<typeof UpdateScenarioBody>) {
  const allianceId = tenantOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    if (body.changes) await checkChanges(deps, trx, allianceId, body.changes);
    const current = await repo.findScenario(trx, allianceId, id);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
    const now = deps.clock.now();
    const ok = await repo.updateScenario(trx, id, body.version, { ...(body.name ? { name: body.name } : {}), ...(body.changes ? { changes_json: JSON.stringify(body.changes) } : {}), updated_at: now.toISOString() });
    if (!ok) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'chain.scenario_update', targetType: 'chain_scenario', targetId: id });
    return toScenario((await repo.findScenario(trx, allianceId, id))!);
  });
}

export async function deleteScenario(deps: Deps, ctx: Ctx, id: number) {
  const allianceId = tenantOf(ctx);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.findScenario(trx, allianceId, id))) throw notFound();
    await repo.deleteScenario(trx, id);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'chain.scenario_delete', targetType: 'chain_scenario', targetId: id });
  });
}
