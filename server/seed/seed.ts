/**
 * Writes the demo city into an empty database, in one transaction, with batched multi-row
 * inserts (sized under SQLite's and PostgreSQL's bound-parameter limits).
 */
import { CompiledQuery, sql } from 'kysely';
import { dialectOf } from '../core/db/column-types';
import { hashPassword } from '../core/auth/password';
import { recordAudit } from '../core/audit';
import type { Deps } from '../core/context';
import type { Trx } from '../core/db/database';
import type { Database } from '../core/db/schema';
import { shanghaiDate } from '../domain/workdays';
import { WORKING_GROUP_NAMES } from '../modules/alliances/alliances.service';
import { seedDepartments } from '../modules/departments/departments.service';
import { sectionOfDivision } from '../domain/industries';
import { generateDemoChains } from './demo-chain';
import { stageStories } from './demo-stories';
import { DEMO_PASSWORD, generateDemoCity, type DemoUser } from './demo-city';
import { seedDemoExperts } from './demo-experts';
import { seedDemoMarket } from './demo-market';
import { seedDemoPolicies } from './demo-policies';
import { seedDemoPrevention } from './demo-prevention';
import { seedDemoWorkforce } from './demo-workforce';
import { seedDemoProblems, seedStoryProblems } from './demo-problems';
import { ensureCalendar } from '../modules/calendar/calendar.service';
import { WORKING_GROUPS } from '../core/auth/roles';

export interface SeedOptions {
  scale?: number;
  seed?: number;
  days?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface SeedSummary {
  alliances: number;
  enterprises: number;
  reports: number;
  users: DemoUser[];
  password: string;
}

export class DatabaseNotEmptyError extends Error {}

const PARAM_BUDGET = 30_000;

/**
 * Multi-row inserts for bulk loads. The statement text is built once per batch shape and run
 * through Kysely as a compiled query: building a query tree for millions of values would cost
 * more than the database's own work.
 */
async function insertBatched<T extends keyof Database>(trx: Trx, table: T, rows: Iterable<Record<string, unknown>>, onBatch?: (n: number) => void): Promise<number> {
  const pg = dialectOf(trx) === 'postgres';
  let columns: string[] = [];
  let size = 0;
  let batch: unknown[] = [];
  let count = 0;
  let total = 0;
  const statements = new Map<number, string>();
  const statement = (n: number) => {
    let text = statements.get(n);
    if (!text) {
      let p = 0;
      const tuple = () => `(${columns.map(() => (pg ? `$${++p}` : '?')).join(', ')})`;
      text = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: n }, tuple).join(', ')}`;
      statements.set(n, text);
    }
    return text;
  };
  const flush = async () => {
    if (!count) return;
    await trx.executeQuery(CompiledQuery.raw(statement(count), batch));
    total += count;
    onBatch?.(total);
    batch = [];
    count = 0;
  };
  for (const row of rows) {
    if (!size) {
      columns = Object.keys(row);
      size = Math.max(1, Math.floor(PARAM_BUDGET / columns.length));
    }
    for (const c of columns) batch.push(row[c] ?? null);
    if (++count >= size) await flush();
  }
  await flush();
  return total;
}

export async function isEmpty(deps: Deps): Promise<boolean> {
  const row = await deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(deps: Deps, opts: SeedOptions = {}): Promise<SeedSummary> {
  if (!(await isEmpty(deps))) throw new DatabaseNotEmptyError('the database already has data; the demo city is only seeded into an empty database');
  const now = deps.clock.now();
  const at = now.toISOString();
  const city = generateDemoCity({ scale: opts.scale ?? 1, seed: opts.seed ?? 2020, today: shanghaiDate(now), days: opts.days ?? 14 });
  // A firm's own alliance: its first membership (members shared with another alliance come after).
  const primaryAlliance = new Map<number, number>();
  for (const m of city.memberships) if (!primaryAlliance.has(m.enterpriseId)) primaryAlliance.set(m.enterpriseId, m.allianceId);
  const chains = generateDemoChains(
    city.alliances.map((a) => ({ id: a.id, key: a.key })),
    (allianceId) => city.memberships.filter((m) => m.allianceId === allianceId).map((m) => m.enterpriseId),
    opts.seed ?? 2020,
    (id) => primaryAlliance.get(id) ?? 0,
  );
  // A firm's industry and products follow the role it plays in its own alliance's chain.
  for (const e of city.enterprises) {
    const f = chains.firms.get(e.id);
    if (f) Object.assign(e, { industry: sectionOfDivision(f.division) ?? e.industry, industryDivision: f.division, mainProducts: f.mainProducts });
  }
  // The article's stories (seed/demo-stories.ts): story firms' links, stocks and today's reports.
  const stories = stageStories(city, chains);
  const todayDate = shanghaiDate(now);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const progress = opts.onProgress ?? (() => {});

  let reports = 0;
  await deps.db.transaction().execute(async (trx) => {
    await insertBatched(trx, 'alliances', city.alliances.map((a) => ({ id: a.id, name: a.name, chain: a.chain, industry: a.industry, district_code: a.district, description: a.description, created_at: at, updated_at: at })));
    await insertBatched(trx, 'users', city.users.map((u) => ({ id: u.id, username: u.username, display_name: u.displayName, password_hash: passwordHash, locale: 'zh-CN', disabled: 0, phone: null, password_changed_at: at, created_at: at, updated_at: at })));
    const groupUsers = city.users.flatMap((u) => u.grants.filter((g) => g.role === 'group_member').map((g) => ({ allianceId: g.allianceId!, kind: g.workingGroup!, userId: u.id })));
    await insertBatched(trx, 'working_groups', city.alliances.flatMap((a) => WORKING_GROUPS.map((kind) => ({ alliance_id: a.id, kind, name: WORKING_GROUP_NAMES[kind], lead_user_id: groupUsers.find((x) => x.allianceId === a.id && x.kind === kind)?.userId ?? null }))));
    const total = city.enterprises.length;
    // The first alliance listing a firm registered it (the others joined it later).
    const registeredBy = new Map<number, number>();
    for (const m of city.memberships) if (!registeredBy.has(m.enterpriseId)) registeredBy.set(m.enterpriseId, m.allianceId);
    await insertBatched(
      trx,
      'enterprises',
      city.enterprises.map((e) => ({ id: e.id, name: e.name, credit_code: e.creditCode, industry: e.industry, district_code: e.districtCode, headcount: e.headcount, main_products: e.mainProducts, address: e.address, annual_output_fen: e.annualOutputFen, contacts_json: JSON.stringify(e.contacts), above_designated_size: e.aboveDesignatedSize ? 1 : 0, industry_division: e.industryDivision, ownership: e.ownership, registered_by_alliance_id: registeredBy.get(e.id) ?? null, created_at: at, updated_at: at })),
      (n) => progress('enterprises', n, total),
    );
    // The city's departments; the platform admin works for the organisation department.
    const departments = await seedDepartments(trx, at);
    const admin = city.users.find((u) => u.username === 'admin');
    if (admin) await trx.insertInto('user_departments').values({ user_id: admin.id, department_id: departments.get('organisation')!, updated_at: at }).execute();
    await insertBatched(trx, 'user_roles', city.users.flatMap((u) => u.grants.map((g) => ({ user_id: u.id, role: g.role, alliance_id: g.allianceId, working_group: g.workingGroup, enterprise_id: g.enterpriseId }))));
    await insertBatched(trx, 'alliance_members', city.memberships.map((m) => ({ alliance_id: m.allianceId, enterprise_id: m.enterpriseId, joined_at: at })));
    await insertBatched(trx, 'commissioner_assignments', city.assignments.map((a) => ({ alliance_id: a.allianceId, enterprise_id: a.enterpriseId, user_id: a.userId, assigned_at: at })));
    function* storyReports() {
      const seen = new Set<number>();
      for (const r of city.reports()) {
        const story = r.date === todayDate ? stories?.today.get(r.enterpriseId) : undefined;
        if (story) seen.add(r.enterpriseId);
        yield story ? { ...r, ...story } : r;
      }
      for (const [enterpriseId, story] of stories?.today ?? []) if (!seen.has(enterpriseId)) yield { enterpriseId, date: todayDate, ...story };
    }
    function* reportRows() {
      for (const r of storyReports()) {
        yield {
          enterprise_id: r.enterpriseId, report_date: r.date, output_pct: r.outputPct, capacity_pct: r.capacityPct, staff_on_duty: r.staffOnDuty, staff_total: r.staffTotal,
          stage: r.stage, blockers_json: JSON.stringify(r.blockers), material_cover_days: r.materialCoverDays, prevention_cover_days: r.preventionCoverDays,
          submitted_by: null, created_at: at, updated_at: at,
        };
      }
    }
    reports = await insertBatched(trx, 'resumption_reports', reportRows(), (n) => progress('reports', n, city.reportCount));
    const itemId = new Map(chains.items.map((it, i) => [`${it.allianceId}:${it.name}`, i + 1]));
    await insertBatched(trx, 'chain_items', chains.items.map((it, i) => ({ id: i + 1, alliance_id: it.allianceId, name: it.name, created_at: at })));
    await insertBatched(trx, 'chain_needs', chains.needs.map((n) => ({ alliance_id: n.allianceId, enterprise_id: n.enterpriseId, item_id: itemId.get(`${n.allianceId}:${n.item}`)!, essential: n.essential ? 1 : 0, stock_days: n.stockDays, updated_at: at })));
    await insertBatched(
      trx,
      'supply_links',
      chains.links.map((l) => ({
        alliance_id: l.allianceId, supplier_id: l.supplierId, customer_id: l.customerId, item_id: itemId.get(`${l.allianceId}:${l.item}`)!, share_bp: l.shareBp, lead_days: l.leadDays,
        status: 'confirmed', declared_by: 'alliance', declared_by_user: null, confirmed_by_user: null, confirmed_at: at, created_at: at, updated_at: at,
      })),
      (n) => progress('supply links', n, chains.links.length),
    );
    if (deps.dialect === 'postgres') {
      for (const table of ['alliances', 'users', 'enterprises', 'chain_items']) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(trx);
      }
    }
    await ensureCalendar(deps, trx);
    await seedDemoProblems(trx, deps, city, now);
    if (stories) await seedStoryProblems(trx, city, stories, now);
    await seedDemoExperts(trx, deps, city, now, opts.seed ?? 2020);
    await seedDemoMarket(trx, city, now, shanghaiDate(now));
    await seedDemoPolicies(trx, city, departments, now, shanghaiDate(now));
    await seedDemoPrevention(trx, city, now, shanghaiDate(now));
    await seedDemoWorkforce(trx, deps, city, stories?.tannery ?? null, now, shanghaiDate(now));
    await recordAudit(trx, { actorUserId: null, allianceId: null, action: 'seed.demo', targetType: 'database', targetId: null, requestId: null, at: now, detail: { scale: opts.scale ?? 1, enterprises: total, reports } });
  });
  // Statistics for the planner after a bulk load (without them SQLite guesses table sizes and
  // picks slow plans for the member lists at city scale).
  await sql`analyze`.execute(deps.db);
  return { alliances: city.alliances.length, enterprises: city.enterprises.length, reports, users: city.users, password: DEMO_PASSWORD };
}
