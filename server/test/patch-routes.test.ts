/**
 * Every partial update keeps what it was not asked to change. The PATCH routes come from the
 * OpenAPI document, so a new one without a fixture below fails here; for each, every member of
 * its body (from the document too) is changed alone and every other field of the record must
 * come back as it was. An explicit `null` clears a nullable member and is refused (400, the member
 * named, nothing written) on any other.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from './harness';
import { expectProblem, freshCreditCode, json } from './helpers';

type Json = Record<string, unknown>;

interface Target {
  cookie: string;
  id: number;
  /** A value for every member of the body: the record is first set to all of these … */
  first: Json;
  /** … then each member alone is changed to this one (which must differ from `first`). */
  second: Json;
  /** Response fields a member writes, when not (only) the one of the same name. */
  writes?: Record<string, string[]>;
  /** Fields every write appends to (a timeline). */
  history?: string[];
  /** Members whose value the response does not show (a secret): no visible change required. */
  hidden?: string[];
}

type Setup = (t: TestApp, s: Session) => Promise<Target>;
interface Session {
  login(name: string): Promise<string>;
  get(cookie: string, url: string): Promise<any>;
  create(cookie: string, url: string, body: unknown): Promise<any>;
}

/**
 * PATCH routes whose body has a single member besides `version` (there is no other member for a
 * change to erase): they must keep exactly one member — a second one needs a real fixture — and,
 * like every PATCH route, no defaults. Their own tests cover what they write.
 */
const SINGLE_MEMBER: Record<string, string> = {
  '/api/enterprises/{id}/membership': 'notes', // memberships.test.ts
  '/api/firms/{enterpriseId}/memberships/{allianceId}': 'shareHistory', // memberships.test.ts
};

/** One fixture per PATCH route of the document: who edits which record, and sample values. */
const FIXTURES: Record<string, Setup> = {
  '/api/alliances/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const me = await s.get(cookie, '/api/session');
    return {
      cookie,
      id: me.allianceId,
      first: { name: '温州皮革联盟甲', chain: '皮革链甲', industry: 'C', districtCode: '330302', description: '联盟简介甲' },
      second: { name: '温州皮革联盟乙', chain: '皮革链乙', industry: 'F', districtCode: '330303', description: '联盟简介乙' },
    };
  },
  '/api/users/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const users = await s.get(cookie, '/api/users?q=tech');
    return {
      cookie,
      id: users.items.find((u: Json) => u.username === 'tech').id,
      first: { displayName: '技术甲', locale: 'en-US', disabled: false },
      second: { displayName: '技术乙', locale: 'zh-CN', disabled: true },
    };
  },
  '/api/enterprises/{id}': async (_t, s) => {
    const cookie = await s.login('firm');
    const me = await s.get(cookie, '/api/session');
    const id = me.enterpriseIds[0];
    const current = await s.get(cookie, `/api/enterprises/${id}`);
    return {
      cookie,
      id,
      first: {
        name: '补丁测试企业甲', creditCode: current.creditCode, industry: 'C', districtCode: '330302', headcount: 120, mainProducts: '皮鞋', address: '鹿城区甲路1号',
        annualOutputFen: 500_000_000, contacts: [{ name: '张三', title: '厂长', phone: '13800000000', email: 'a@example.cn' }],
        // The division must lie in the section: none at first, one of section F once F is set.
        aboveDesignatedSize: false, industryDivision: null, ownership: 'private',
      },
      second: {
        name: '补丁测试企业乙', creditCode: freshCreditCode(9_901), industry: 'F', districtCode: '330303', headcount: 67, mainProducts: '皮带', address: '瓯海区乙路2号',
        annualOutputFen: 700_000_000, contacts: [{ name: '李四', title: '', phone: '', email: '' }],
        aboveDesignatedSize: true, industryDivision: '51', ownership: 'mixed',
      },
    };
  },
  '/api/chain/links/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const links = await s.get(cookie, '/api/chain/links?status=confirmed&pageSize=1');
    return {
      cookie,
      id: links.items[0].id,
      first: { sharePct: 40.5, essential: true, leadDays: 7, stockDays: 10 },
      second: { sharePct: 60, essential: false, leadDays: 9, stockDays: 12.5 },
      writes: { essential: ['essential'] },
    };
  },
  '/api/chain/scenarios/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const link = (await s.get(cookie, '/api/chain/links?status=confirmed&pageSize=1')).items[0];
    const scenario = await s.create(cookie, '/api/chain/scenarios', { name: '补丁场景', changes: [] });
    return {
      cookie,
      id: scenario.id,
      first: { name: '补丁场景甲', changes: [{ type: 'capacity', enterpriseId: link.supplier.id, capacityPct: 50 }] },
      second: { name: '补丁场景乙', changes: [{ type: 'removeLink', linkId: link.id }] },
    };
  },
  '/api/workforce/settings': async (_t, s) => {
    const cookie = await s.login('secretary');
    return {
      cookie,
      id: 0,
      first: { referenceWageFen: 20_000, maxLendPct: 20, noCompetitorLending: true, allowCity: false, retentionDays: 180, agreementTemplate: '协议甲' },
      second: { referenceWageFen: 25_000, maxLendPct: 30, noCompetitorLending: false, allowCity: true, retentionDays: 90, agreementTemplate: '协议乙' },
    };
  },
  '/api/workforce/placements/{id}': async (t, s) => {
    // A placement between two member firms: 'staff' is made admin of the lending one.
    const secretary = await s.login('secretary');
    const firm = await s.login('firm');
    const db = t.handle.db;
    const firmUser = t.seed.users.find((u) => u.username === 'firm')!.id;
    const staffUser = t.seed.users.find((u) => u.username === 'staff')!.id;
    const borrower = (await db.selectFrom('user_roles').select('enterprise_id').where('user_id', '=', firmUser).executeTakeFirstOrThrow()).enterprise_id!;
    const lender = (await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', 1).where('enterprise_id', '!=', borrower).orderBy('enterprise_id').executeTakeFirstOrThrow()).enterprise_id;
    await db.insertInto('user_roles').values({ user_id: staffUser, role: 'enterprise_admin', alliance_id: null, working_group: null, enterprise_id: lender }).execute();
    const lenderCookie = await s.login('staff');
    const dates = { startDate: '2026-11-20', endDate: '2026-12-31', jobType: 'packer' };
    await s.create(secretary, '/api/workforce/postings', { enterpriseId: lender, kind: 'surplus', headcount: 1, ...dates });
    const shortage = await s.create(firm, '/api/workforce/postings', { enterpriseId: borrower, kind: 'shortage', headcount: 1, dailyWageFen: 20_000, ...dates });
    const proposal = json(await t.call('POST', '/api/workforce/match', { cookie: secretary, body: { shortageIds: [shortage.id] } })).proposals[0];
    await t.call('POST', `/api/workforce/proposals/${proposal.id}/review`, { cookie: secretary, body: { decision: 'approve', version: 1 } });
    await t.call('POST', `/api/workforce/proposals/${proposal.id}/answer`, { cookie: lenderCookie, body: { enterpriseId: lender, decision: 'accept', version: 2 } });
    await t.call('POST', `/api/workforce/proposals/${proposal.id}/answer`, { cookie: firm, body: { enterpriseId: borrower, decision: 'accept', version: 3 } });
    const placement = (await s.get(lenderCookie, '/api/workforce/placements')).items[0];
    const w1 = await s.create(lenderCookie, '/api/workforce/workers', { enterpriseId: lender, name: '补丁甲', jobType: 'packer', phone: '13800001111' });
    const w2 = await s.create(lenderCookie, '/api/workforce/workers', { enterpriseId: lender, name: '补丁乙', jobType: 'packer', phone: '13800002222' });
    return {
      cookie: lenderCookie,
      id: placement.id,
      first: { workerId: w1.id, workerConsent: true, wagePayer: 'lender', hoursPerDay: 8, insurance: '保险甲', safetyTrainingDone: false },
      second: { workerId: w2.id, workerConsent: true, wagePayer: 'borrower', hoursPerDay: 9, insurance: '保险乙', safetyTrainingDone: true },
      writes: { workerId: ['worker', 'workerAssigned', 'workerConsentAt'], workerConsent: ['workerConsentAt'] },
    };
  },
  '/api/tickets/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const tickets = await s.get(cookie, '/api/tickets?status=submitted&pageSize=1');
    return {
      cookie,
      id: tickets.items[0].id,
      first: { title: '补丁测试问题甲', description: '描述甲', category: 'labour', priority: 'normal' },
      second: { title: '补丁测试问题乙', description: '描述乙', category: 'funds', priority: 'urgent' },
      writes: { priority: ['priority', 'responseDueAt', 'resolveDueAt'] },
      history: ['events'],
    };
  },
  '/api/meetings/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const people = (await s.get(cookie, '/api/users/directory')).items as Json[];
    const meeting = await s.create(cookie, '/api/meetings', { title: '补丁会议', scheduledAt: '2026-12-10T14:30:00+08:00' });
    return {
      cookie,
      id: meeting.id,
      first: { title: '补丁会议甲', scheduledAt: '2026-12-10T14:30:00+08:00', location: '会议室甲', attendeeIds: [people[0]!.id], status: 'scheduled' },
      // `status` last: a held meeting is held for good.
      second: { title: '补丁会议乙', scheduledAt: '2026-12-11T09:00:00+08:00', location: '会议室乙', attendeeIds: [people[1]!.id, people[2]!.id], status: 'held' },
      writes: { attendeeIds: ['attendees', 'attendeeCount'] },
    };
  },
  '/api/risks/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const people = (await s.get(cookie, '/api/users/directory')).items as Json[];
    const firms = (await s.get(cookie, '/api/enterprises?pageSize=3')).items as Json[];
    const problems = (await s.get(cookie, '/api/tickets?pageSize=2')).items as Json[];
    const risk = await s.create(cookie, '/api/risks', { title: '补丁风险', category: 'supply', likelihood: 2, impact: 2 });
    return {
      cookie,
      id: risk.id,
      first: {
        title: '补丁风险甲', category: 'supply', description: '描述甲', likelihood: 2, impact: 3, mitigation: '措施甲', ownerUserId: people[0]!.id, reviewDate: '2026-12-20',
        status: 'open', enterpriseIds: [firms[0]!.id], ticketIds: [problems[0]!.id],
      },
      second: {
        title: '补丁风险乙', category: 'cash_flow', description: '描述乙', likelihood: 5, impact: 4, mitigation: '措施乙', ownerUserId: people[1]!.id, reviewDate: '2026-12-30',
        status: 'mitigating', enterpriseIds: [firms[1]!.id, firms[2]!.id], ticketIds: [problems[1]!.id],
      },
      writes: { likelihood: ['likelihood', 'score', 'level'], impact: ['impact', 'score', 'level'], ownerUserId: ['owner'], enterpriseIds: ['enterprises'], ticketIds: ['tickets'], reviewDate: ['reviewDate', 'reviewOverdue'] },
    };
  },
  '/api/webhooks/{id}': async (_t, s) => {
    const cookie = await s.login('secretary');
    const hook = await s.create(cookie, '/api/webhooks', { kind: 'dingtalk', name: '补丁机器人', url: 'https://oapi.dingtalk.com/robot/send?access_token=aaa', events: ['ticket.created'] });
    return {
      cookie,
      id: hook.id,
      first: { kind: 'dingtalk', name: '机器人甲', url: 'https://oapi.dingtalk.com/robot/send?access_token=first', secret: 'SECfirst', events: ['ticket.created'], enabled: false },
      second: { kind: 'wecom', name: '机器人乙', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=second', secret: 'SECsecond', events: ['ticket.escalated', 'meeting.scheduled'], enabled: true },
      writes: { secret: ['hasSecret'] },
      hidden: ['secret'],
    };
  },
  '/api/expert-specialties/{id}': async (_t, s) => {
    const cookie = await s.login('admin');
    const sp = await s.create(cookie, '/api/expert-specialties', { code: 'patch_test', nameZh: '补丁专业', nameEn: 'Patch specialty', keywords: '补丁' });
    return {
      cookie,
      id: sp.id,
      first: { nameZh: '补丁甲', nameEn: 'Patch A', keywords: '甲 乙', active: true },
      second: { nameZh: '补丁乙', nameEn: 'Patch B', keywords: '丙', active: false },
    };
  },
  '/api/experts/{id}': async (_t, s) => {
    const cookie = await s.login('admin');
    const me = await s.get(await s.login('expert'), '/api/experts/me');
    const sp = (await s.get(cookie, '/api/expert-specialties')).items as Json[];
    return { cookie, id: (me.user as Json).id as number, ...expertProfiles(sp), writes: { specialtyIds: ['specialties'] } };
  },
  '/api/experts/me': async (_t, s) => {
    const cookie = await s.login('expert');
    const me = await s.get(cookie, '/api/experts/me');
    const sp = (await s.get(cookie, '/api/expert-specialties')).items as Json[];
    const both = expertProfiles(sp);
    delete both.first.verified;
    delete both.second.verified;
    return { cookie, id: (me.user as Json).id as number, ...both, writes: { specialtyIds: ['specialties'] } };
  },
  '/api/departments/{id}': async (_t, s) => {
    const cookie = await s.login('admin');
    const dep = await s.create(cookie, '/api/departments', { code: 'patch_test', name: '补丁测试局', nameEn: 'Patch Test Bureau', sortOrder: 90 });
    return {
      cookie,
      id: dep.id,
      first: { code: 'patch_first', name: '补丁甲局', nameEn: 'Patch Bureau A', sortOrder: 91 },
      second: { code: 'patch_second', name: '补丁乙局', nameEn: 'Patch Bureau B', sortOrder: 92 },
    };
  },
};

/** Two full expert profiles (the platform admin's edit adds `verified`). */
function expertProfiles(specialties: Json[]): { first: Json; second: Json } {
  return {
    first: { bio: '简介甲', specialtyIds: [specialties[0]!.id], industries: ['19'], districts: ['330302'], availability: [1, 2, 3], maxCases: 5, paused: false, pastCases: '案例甲', verified: true },
    second: { bio: '简介乙', specialtyIds: [specialties[1]!.id], industries: ['34'], districts: ['330303'], availability: [4, 5], maxCases: 7, paused: true, pastCases: '案例乙', verified: false },
  };
}

/** What a write is allowed to change besides the fields it names. */
const BOOKKEEPING = ['version', 'updatedAt'];

interface PatchRoute {
  path: string;
  members: string[];
  nullable: Set<string>;
  defaults: string[];
}

function patchRoutes(doc: { paths: Record<string, Record<string, any>> }): PatchRoute[] {
  const out: PatchRoute[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    const op = methods.patch;
    if (!op) continue;
    const schema = op.requestBody?.content?.['application/json']?.schema ?? { properties: {} };
    const props = schema.properties as Record<string, any>;
    const isNullable = (p: any): boolean => p.nullable === true || p.type === 'null' || (p.anyOf ?? []).some(isNullable);
    out.push({
      path,
      members: Object.keys(props).filter((k) => k !== 'version'),
      nullable: new Set(Object.keys(props).filter((k) => isNullable(props[k]))),
      defaults: Object.keys(props).filter((k) => 'default' in props[k]),
    });
  }
  return out;
}

function changedKeys(before: Json, after: Json): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

describe.each(DIALECTS)('partial updates (%s)', (dialect) => {
  let t: TestApp;
  let routes: PatchRoute[];
  const session: Session = {
    login: (name) => t.login(name),
    get: async (cookie, url) => {
      const res = await t.call('GET', url, { cookie });
      expect(res.statusCode, `${url} ${res.body.slice(0, 300)}`).toBe(200);
      return json(res);
    },
    create: async (cookie, url, body) => {
      const res = await t.call('POST', url, { cookie, body, headers: { 'idempotency-key': `patch-test-${url}-${Math.random()}` } });
      expect(res.statusCode, `${url} ${res.body.slice(0, 300)}`).toBe(201);
      return json(res);
    },
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    routes = patchRoutes(t.app.swagger() as never);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the PATCH routes, each with a fixture, and none of their members has a default', () => {
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const r of routes) {
      if (SINGLE_MEMBER[r.path]) expect([...r.members], `${r.path} has more than one member now: add a fixture`).toEqual([SINGLE_MEMBER[r.path]]);
      else expect(FIXTURES[r.path], `no fixture for PATCH ${r.path}: add one to FIXTURES`).toBeDefined();
      // A default on a PATCH member would reset the field whenever a client leaves it out.
      expect(r.defaults, r.path).toEqual([]);
    }
  });

  it('a one-member change leaves every other field as it was; null clears only nullable members', async () => {
    for (const r of routes.filter((x) => !SINGLE_MEMBER[x.path])) {
      const target = await FIXTURES[r.path]!(t, session);
      const url = r.path.replace('{id}', String(target.id));
      expect(Object.keys(target.first).sort(), `${r.path}: fixture covers every member`).toEqual([...r.members].sort());
      expect(Object.keys(target.second).sort(), `${r.path}: fixture covers every member`).toEqual([...r.members].sort());
      const patch = (body: Json): Promise<LightMyRequestResponse> => t.call('PATCH', url, { cookie: target.cookie, body });
      const writes = (m: string) => [...(target.writes?.[m] ?? [m]), ...(target.history ?? []), ...BOOKKEEPING];

      // Start from a record where every field holds a value of our own (no defaults to hide behind).
      let version = (await t.call('GET', url, { cookie: target.cookie }).then((res) => (res.statusCode === 200 ? json(res).version : undefined))) as number | undefined;
      if (version === undefined) version = await findVersion(t, target, r.path);
      let res = await patch({ ...target.first, version });
      expect(res.statusCode, `${r.path} first ${res.body.slice(0, 400)}`).toBe(200);
      let state = json<Json>(res);

      // An explicit null on a member that cannot be null: refused with the member named, nothing written.
      for (const m of r.members.filter((x) => !r.nullable.has(x))) {
        res = await patch({ [m]: null, version: state.version });
        const doc = expectProblem(res, 400, 'validation_failed');
        expect(doc.errors?.map((e) => e.path), `${r.path} ${m}=null`).toContain(m);
      }

      for (const m of Object.keys(target.second)) {
        res = await patch({ [m]: target.second[m], version: state.version });
        expect(res.statusCode, `${r.path} ${m} ${res.body.slice(0, 400)}`).toBe(200);
        const next = json<Json>(res);
        const changed = changedKeys(state, next);
        // The version still moved on from the one the null attempts named: they wrote nothing.
        expect(next.version, `${r.path} ${m}`).toBe((state.version as number) + 1);
        for (const k of changed) expect(writes(m), `${r.path}: changing only ${m} changed ${k}: ${JSON.stringify(state[k])} → ${JSON.stringify(next[k])}`).toContain(k);
        if (!target.hidden?.includes(m)) expect(changed.filter((k) => !BOOKKEEPING.includes(k) && !target.history?.includes(k)).length, `${r.path}: ${m} did not change`).toBeGreaterThan(0);
        state = next;
      }

      for (const m of r.members.filter((x) => r.nullable.has(x))) {
        res = await patch({ [m]: null, version: state.version });
        expect(res.statusCode, `${r.path} ${m}=null ${res.body.slice(0, 400)}`).toBe(200);
        const next = json<Json>(res);
        const changed = changedKeys(state, next);
        for (const k of changed) expect(writes(m), `${r.path}: clearing only ${m} changed ${k}`).toContain(k);
        expect(changed.filter((k) => !BOOKKEEPING.includes(k) && !target.history?.includes(k)).length, `${r.path}: ${m}=null cleared nothing`).toBeGreaterThan(0);
        state = next;
      }
    }
  }, 180_000); // every PATCH route in turn on a shared machine: a ceiling, not a timing assertion
});

/** Records without a GET of their own (webhooks, scenarios): their version from the list. */
async function findVersion(t: TestApp, target: Target, path: string): Promise<number> {
  const list = path.replace('/{id}', '');
  const res = await t.call('GET', list, { cookie: target.cookie });
  expect(res.statusCode, list).toBe(200);
  const item = (json(res).items as Json[]).find((x) => x.id === target.id || (x.user as Json | undefined)?.id === target.id);
  expect(item, `${list} lists ${target.id}`).toBeDefined();
  return item!.version as number;
}
