/**
 * The demo's staged stories (seed/demo-stories.ts), as the demo logins see them: the leather
 * secretary's forecast breaks on the expected day with the expected cause (the 宝瑞皮业-like
 * tannery, its own reason 外省员工未返岗), helping the tannery is proposed, and it has an open
 * labour problem; the fishery and pneumatics stories are in their alliances' problems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { json } from '../test/helpers';
import { LEATHER_BREAK_DAY, LEATHER_STUCK_NOTE, LEATHER_TANNERY_NAME } from './demo-stories';

type Ref = { id: number; name: string };
type Firm = Ref & { breakDay: number | null; cause: { item: string; path: Ref[]; rootReason?: { stage: string; blockers: { category: string; note: string }[] } | null } | null };

describe('demo stories', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  const analyse = async (cookie: string) => {
    let job = json(await t.call('POST', '/api/chain/analyses', { cookie, body: {} }));
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = json(await t.call('GET', `/api/chain/analyses/${job.id}`, { cookie }));
    }
    expect(job.status).toBe('done');
    return job.result as { firms: Firm[]; priority: { firm: Ref }[] };
  };

  it('the leather secretary’s forecast breaks on day 4 at the shoe makers, cause leather from the tannery with its staff stuck at home', async () => {
    const sec = await t.login('secretary');
    const r = await analyse(sec);
    const tannery = r.firms.find((f) => f.name === LEATHER_TANNERY_NAME)!;
    expect(tannery).toBeDefined();
    const downstream = r.firms.filter((f) => f.cause?.path.at(-1)?.id === tannery.id && f.id !== tannery.id);
    expect(downstream.length).toBeGreaterThanOrEqual(3);
    for (const f of downstream.slice(0, 3)) {
      expect(f.breakDay).toBe(LEATHER_BREAK_DAY);
      expect(f.cause!.item).toBe('牛皮革');
      expect(f.cause!.path.map((p) => p.id)).toEqual([f.id, tannery.id]);
      expect(f.cause!.rootReason).toMatchObject({ stage: 'partial', blockers: [{ category: 'labour', note: LEATHER_STUCK_NOTE }] });
    }
    // Helping the tannery is proposed.
    expect(r.priority.slice(0, 5).map((p) => p.firm.id)).toContain(tannery.id);
    // Its open labour problem.
    const problems = json(await t.call('GET', `/api/tickets?enterpriseId=${tannery.id}&open=true`, { cookie: sec }));
    expect(problems.items.some((p: { category: string }) => p.category === 'labour')).toBe(true);
  });

  it('fishery: a cold-chain logistics problem; pneumatics: a part only a firm outside the alliance makes', async () => {
    const fishery = json(await t.call('GET', '/api/tickets?category=logistics&open=true&pageSize=100', { cookie: await t.login('secretary-fishery') }));
    expect(fishery.items.some((p: { title: string }) => p.title.includes('冷链'))).toBe(true);
    const pneumatic = json(await t.call('GET', '/api/tickets?category=raw_material&open=true&pageSize=100', { cookie: await t.login('secretary-pneumatic') }));
    expect(pneumatic.items.some((p: { title: string }) => p.title.includes('联盟外'))).toBe(true);
  });
  it('shared employees: the tannery’s emergency request, a placement from the firm login’s enterprise, staff away in its report; sealed at rest', async () => {
    const sec = await t.login('secretary');
    const postings = json(await t.call('GET', '/api/workforce/postings?pageSize=100', { cookie: sec })).items as { id: number; kind: string; emergency: boolean; headcount: number; committed: number; enterprise: Ref }[];
    const request = postings.find((p) => p.kind === 'shortage' && p.emergency)!;
    expect(request).toMatchObject({ headcount: 30, committed: 3, enterprise: { name: LEATHER_TANNERY_NAME } });
    expect(postings.filter((p) => p.kind === 'surplus').length).toBeGreaterThanOrEqual(3);
    const firm = await t.login('firm');
    const placements = json(await t.call('GET', '/api/workforce/placements', { cookie: firm })).items as { status: string; borrower: Ref; worker: { phoneMasked: string } | null }[];
    expect(placements.map((p) => p.status).sort()).toEqual(['on_site', 'on_site', 'proposed']);
    expect(placements.every((p) => p.borrower.name === LEATHER_TANNERY_NAME)).toBe(true);
    expect(placements.find((p) => p.worker)!.worker!.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    const fig = json(await t.call('GET', '/api/workforce/figures', { cookie: sec }));
    expect(fig).toMatchObject({ workersLentToday: 2, daysWorked: 4, firmsHelped: 1, demand: { filled: 3, open: 27 } });
    const trend = json(await t.call('GET', '/api/reports/trend?days=1', { cookie: sec })).points[0];
    expect(trend.staffAway).toBeGreaterThan(0);
    expect(trend.staffBorrowedIn).toBe(2);
    // The matcher finds more for what is left of the request.
    const match = json(await t.call('POST', '/api/workforce/match', { cookie: sec, body: { shortageIds: [request.id] } }));
    expect(match.filled).toBeGreaterThan(0);
    const raw = JSON.stringify(await t.handle.db.selectFrom('workforce_workers').selectAll().execute());
    expect(raw).not.toContain('13857701201');
    expect(raw).not.toContain('330302199003151234');
  });
});
