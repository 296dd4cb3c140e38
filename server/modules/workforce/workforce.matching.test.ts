import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../domain/prng';
import { DISTRICTS } from '../../domain/districts';
import { districtKm, firmCap, matchWorkforce, pairCost, type FirmInput, type MatchInput, type MatchRules, type ShortageInput, type SurplusInput } from './workforce.matching';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const JOBS = ['sewing_operator', 'packer', 'qc_inspector'];
const SKILLS = ['leather', 'shoe', 'food', 'flat_lock', 'forklift_licence'];
const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n)).toISOString().slice(0, 10);

function randomInstance(seed: number, nf: number, np: number, ns: number, rules?: Partial<MatchRules>): MatchInput {
  const rng = createRng(seed);
  const districts = DISTRICTS.map((d) => d.code);
  const firms: FirmInput[] = Array.from({ length: nf }, (_, i) => ({
    enterpriseId: i + 1,
    staffTotal: rng.int(10, 200),
    lentOut: rng.int(0, 5),
    products: rng.shuffle(['shoes', 'bags', 'belts', 'fish', 'pumps']).slice(0, rng.int(0, 2)),
  }));
  const surpluses: SurplusInput[] = Array.from({ length: np }, (_, i) => {
    const start = rng.int(0, 10);
    return {
      id: 100 + i,
      enterpriseId: rng.int(1, nf),
      jobType: rng.pick(JOBS),
      skills: rng.shuffle(SKILLS).slice(0, rng.int(0, 3)),
      headcount: rng.int(0, 12),
      startDate: day(start),
      endDate: day(start + rng.int(0, 15)),
      district: rng.pick(districts),
      needsTransport: rng.chance(0.3),
      needsHousing: rng.chance(0.2),
    };
  });
  const shortages: ShortageInput[] = Array.from({ length: ns }, (_, j) => {
    const start = rng.int(0, 12);
    return {
      id: 500 + j,
      enterpriseId: rng.int(1, nf),
      jobType: rng.pick(JOBS),
      skills: rng.shuffle(SKILLS).slice(0, rng.int(0, 2)),
      headcount: rng.int(1, 20),
      startDate: day(start),
      endDate: day(start + rng.int(0, 10)),
      district: rng.pick(districts),
      dailyWageFen: rng.int(150, 260) * 100,
      providesTransport: rng.chance(0.5),
      providesHousing: rng.chance(0.5),
      urgency: rng.int(1, 3),
    };
  });
  return {
    firms,
    surpluses,
    shortages,
    rules: { referenceWageFen: 22000, maxLendPct: rng.chance(0.5) ? rng.int(5, 30) : null, noCompetitorLending: rng.chance(0.5), ...rules },
  };
}

/** The two-stage LP (most demand, then least cost) solved by HiGHS over every allowed pair. */
function lpOptimum(inst: MatchInput): { filled: number; cost: number } {
  const firms = new Map((inst.firms ?? []).map((f) => [f.enterpriseId, f]));
  const pairs: { p: SurplusInput; s: ShortageInput; c: number }[] = [];
  for (const p of inst.surpluses) for (const s of inst.shortages) {
    const c = pairCost(p, s, inst.rules, firms);
    if (c >= 0) pairs.push({ p, s, c });
  }
  if (!pairs.length) return { filled: 0, cost: 0 };
  const rows: string[] = [];
  for (const p of inst.surpluses) {
    const t = pairs.map((q, i) => (q.p === p ? `+ x${i}` : '')).filter(Boolean);
    if (t.length) rows.push(` p${p.id}: ${t.join(' ')} <= ${p.headcount}`);
  }
  for (const s of inst.shortages) {
    const t = pairs.map((q, i) => (q.s === s ? `+ x${i}` : '')).filter(Boolean);
    if (t.length) rows.push(` s${s.id}: ${t.join(' ')} <= ${s.headcount}`);
  }
  for (const f of inst.firms ?? []) {
    const cap = firmCap(f, inst.rules);
    const t = pairs.map((q, i) => (q.p.enterpriseId === f.enterpriseId ? `+ x${i}` : '')).filter(Boolean);
    if (t.length && Number.isFinite(cap)) rows.push(` f${f.enterpriseId}: ${t.join(' ')} <= ${cap}`);
  }
  const all = pairs.map((_, i) => `+ x${i}`).join(' ');
  const solve = (lp: string) => {
    const res = highs.solve(lp, { output_flag: false });
    expect(res.Status).toBe('Optimal');
    return res.ObjectiveValue;
  };
  const filled = Math.round(solve(`Maximize\n obj: ${all}\nSubject To\n${rows.join('\n')}\nEnd\n`));
  const cost = solve(`Minimize\n obj: ${pairs.map((q, i) => `+ ${q.c} x${i}`).join(' ')}\nSubject To\n${rows.join('\n')}\n total: ${all} = ${filled}\nEnd\n`);
  return { filled, cost };
}

function checkFeasible(inst: MatchInput, r: ReturnType<typeof matchWorkforce>) {
  const firms = new Map((inst.firms ?? []).map((f) => [f.enterpriseId, f]));
  const byP = new Map<number, number>();
  const byS = new Map<number, number>();
  const byFirm = new Map<number, number>();
  for (const pl of r.placements) {
    const p = inst.surpluses.find((x) => x.id === pl.surplusId)!;
    const s = inst.shortages.find((x) => x.id === pl.shortageId)!;
    expect(pl.headcount).toBeGreaterThan(0);
    expect(Number.isInteger(pl.headcount)).toBe(true);
    expect(p.jobType).toBe(s.jobType);
    expect(p.enterpriseId).not.toBe(s.enterpriseId);
    expect(pl.explanation.overlapStart <= pl.explanation.overlapEnd, 'dates overlap').toBe(true);
    expect(pl.explanation.overlapStart >= p.startDate && pl.explanation.overlapStart >= s.startDate).toBe(true);
    expect(pl.explanation.overlapEnd <= p.endDate && pl.explanation.overlapEnd <= s.endDate).toBe(true);
    if (inst.rules.noCompetitorLending) {
      const a = firms.get(p.enterpriseId)?.products ?? [];
      const b = firms.get(s.enterpriseId)?.products ?? [];
      expect(a.some((x) => b.includes(x)), `firms ${p.enterpriseId} and ${s.enterpriseId} compete`).toBe(false);
    }
    byP.set(p.id, (byP.get(p.id) ?? 0) + pl.headcount);
    byS.set(s.id, (byS.get(s.id) ?? 0) + pl.headcount);
    byFirm.set(p.enterpriseId, (byFirm.get(p.enterpriseId) ?? 0) + pl.headcount);
  }
  for (const p of inst.surpluses) expect(byP.get(p.id) ?? 0).toBeLessThanOrEqual(p.headcount);
  for (const s of inst.shortages) expect((byS.get(s.id) ?? 0) + (r.unfilled.get(s.id)?.headcount ?? 0)).toBe(s.headcount);
  for (const f of inst.firms ?? []) expect(byFirm.get(f.enterpriseId) ?? 0).toBeLessThanOrEqual(firmCap(f, inst.rules));
}

const rules: MatchRules = { referenceWageFen: 20000, maxLendPct: null, noCompetitorLending: false };
const base = { skills: [], startDate: '2026-03-02', endDate: '2026-03-20' };

describe('shared employees matcher', () => {
  it('fills the most demand first: the cheap pairing that would strand a shortage loses', () => {
    // Posting A (Lucheng) can serve both shortages; posting B (Yueqing) only the Lucheng one.
    // Cheapest per pair would send A to the Lucheng shortage and leave the Ouhai shortage empty.
    const surpluses: SurplusInput[] = [
      { id: 1, enterpriseId: 1, jobType: 'packer', headcount: 5, district: '330302', ...base },
      { id: 2, enterpriseId: 2, jobType: 'packer', headcount: 5, district: '330382', ...base },
    ];
    const shortages: ShortageInput[] = [
      { id: 10, enterpriseId: 3, jobType: 'packer', headcount: 5, district: '330302', dailyWageFen: 20000, urgency: 2, ...base },
      { id: 11, enterpriseId: 4, jobType: 'packer', headcount: 5, district: '330304', dailyWageFen: 20000, urgency: 2, ...base, startDate: '2026-03-01', endDate: '2026-03-05' },
    ];
    surpluses[1]!.startDate = '2026-03-10'; // B does not overlap the Ouhai shortage
    const r = matchWorkforce({ surpluses, shortages, rules });
    expect(r.filled).toBe(10);
    expect(r.placements.map((p) => `${p.surplusId}->${p.shortageId}:${p.headcount}`).sort()).toEqual(['1->11:5', '2->10:5']);
    expect(r.unfilled.size).toBe(0);
  });

  it('never lends more than the cap, nor between competitors, nor within one firm; explains each placement', () => {
    const surpluses: SurplusInput[] = [
      { id: 1, enterpriseId: 1, jobType: 'sewing_operator', headcount: 30, district: '330302', skills: ['leather'], startDate: '2026-03-02', endDate: '2026-04-30', needsTransport: true },
      { id: 2, enterpriseId: 2, jobType: 'sewing_operator', headcount: 30, district: '330381', skills: [], startDate: '2026-03-02', endDate: '2026-03-31' },
    ];
    const shortages: ShortageInput[] = [
      { id: 10, enterpriseId: 3, jobType: 'sewing_operator', headcount: 30, district: '330304', skills: ['leather', 'shoe'], startDate: '2026-03-09', endDate: '2026-04-30', dailyWageFen: 18000, urgency: 3 },
      { id: 11, enterpriseId: 1, jobType: 'sewing_operator', headcount: 10, district: '330302', skills: [], startDate: '2026-04-01', endDate: '2026-04-30', dailyWageFen: 25000, urgency: 1 },
    ];
    const firms: FirmInput[] = [
      { enterpriseId: 1, staffTotal: 100, lentOut: 2, products: ['shoes'] },
      { enterpriseId: 2, staffTotal: 200, lentOut: 0, products: ['bags'] },
      { enterpriseId: 3, staffTotal: 50, lentOut: 0, products: ['shoes', 'belts'] },
    ];
    const r = matchWorkforce({ surpluses, shortages, firms, rules: { referenceWageFen: 20000, maxLendPct: 10, noCompetitorLending: true } });
    // Firm 1 competes with 3 (shoes) and cannot lend to itself: posting 1 serves nobody.
    // Firm 2 may lend 10 % of 200 = 20: to shortage 10 (its dates miss shortage 11).
    expect(r.placements).toHaveLength(1);
    const [pl] = r.placements;
    expect(pl).toMatchObject({ surplusId: 2, shortageId: 10, headcount: 20 });
    expect(pl!.explanation).toMatchObject({
      jobType: 'sewing_operator', overlapStart: '2026-03-09', overlapEnd: '2026-03-31', days: 23,
      fromDistrict: '330381', toDistrict: '330304', travelKm: districtKm('330381', '330304'),
      missingSkills: ['leather', 'shoe'], matchedSkills: [], wageShortfallFen: 2000, urgency: 3,
      transportGap: false, housingGap: false, ruleNotes: ['lend_cap:10%:20', 'not_competitors'],
    });
    expect(pl!.explanation.unitCost).toBe(districtKm('330381', '330304') + 300 + 20);
    expect([...r.unfilled]).toEqual([[10, { headcount: 10, reason: 'supply_exhausted' }], [11, { headcount: 10, reason: 'no_candidate' }]]);
    // Without the rules, posting 1 also serves shortage 10; shortage 11 stays open (own firm).
    const free = matchWorkforce({ surpluses, shortages, firms, rules });
    expect(free.filled).toBe(30);
    expect(free.unfilled.get(11)).toEqual({ headcount: 10, reason: 'no_candidate' });
  });

  it('urgency decides who gets scarce workers when all else is equal', () => {
    const surpluses: SurplusInput[] = [{ id: 1, enterpriseId: 1, jobType: 'packer', headcount: 4, district: '330302', ...base }];
    const shortages: ShortageInput[] = [
      { id: 10, enterpriseId: 2, jobType: 'packer', headcount: 4, district: '330304', dailyWageFen: 20000, urgency: 1, ...base },
      { id: 11, enterpriseId: 3, jobType: 'packer', headcount: 4, district: '330304', dailyWageFen: 20000, urgency: 3, ...base },
    ];
    const r = matchWorkforce({ surpluses, shortages, rules });
    expect(r.placements.map((p) => [p.shortageId, p.headcount])).toEqual([[11, 4]]);
  });

  it('equals the two-stage LP optimum (HiGHS) on random instances and never breaks a constraint', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const inst = randomInstance(seed, 3 + (seed % 5), 4 + (seed % 9), 3 + (seed % 7));
      const r = matchWorkforce(inst);
      checkFeasible(inst, r);
      const lp = lpOptimum(inst);
      expect(r.filled, `seed ${seed} filled`).toBe(lp.filled);
      expect(r.cost, `seed ${seed} cost`).toBeCloseTo(lp.cost, 6);
      expect(r.cost).toBe(r.placements.reduce((a, p) => a + p.headcount * p.explanation.unitCost, 0));
    }
  });

  it('nothing to match: an empty plan that says why demand is open', () => {
    const r = matchWorkforce({ surpluses: [], shortages: [{ id: 1, enterpriseId: 1, jobType: 'packer', headcount: 3, district: '330302', dailyWageFen: 1, urgency: 2, ...base }], rules });
    expect(r.placements).toEqual([]);
    expect([...r.unfilled]).toEqual([[1, { headcount: 3, reason: 'no_candidate' }]]);
    expect(matchWorkforce({ surpluses: [], shortages: [], rules }).filled).toBe(0);
  });

  it('distances: zero within a district, symmetric, Wenzhou–Ningbo far', () => {
    expect(districtKm('330302', '330302')).toBe(0);
    expect(districtKm('330302', '330381')).toBe(districtKm('330381', '330302'));
    expect(districtKm('330302', '330203')).toBeGreaterThan(180);
    expect(districtKm('330302', '330304')).toBeLessThan(15);
  });
});
