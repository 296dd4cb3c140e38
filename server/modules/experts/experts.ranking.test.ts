import { describe, expect, it } from 'vitest';
import { WEIGHTS, divisionOf, industryFit, rankExperts, ratingFit, tokenize, type RankingExpert, type RankingRequest } from './experts.ranking';

const base: Omit<RankingExpert, 'userId' | 'document'> = {
  specialtyIds: [], industries: [], districts: [], availability: [1, 2, 3, 4, 5], maxCases: 4, load: 0, paused: false, ratings: [],
};
const request: RankingRequest = { text: '注塑机液压系统压力不稳，产品出现缩痕和飞边', specialtyId: null, industry: 'C', district: '330302' };

describe('expert ranking', () => {
  it('segments Chinese text into words (search mode keeps the shorter words inside longer ones)', () => {
    const words = tokenize('注塑机液压系统压力不稳，气动电磁阀漏气');
    expect(words).toEqual(expect.arrayContaining(['注塑机', '注塑', '液压', '电磁阀', '漏气']));
    expect(words).not.toContain('，');
    expect(tokenize('   ')).toEqual([]);
  });

  it('puts the expert whose specialties and past cases share the problem\'s words first, and says which words', () => {
    const experts: RankingExpert[] = [
      { ...base, userId: 1, document: '皮革机械 制鞋机械 片皮机 削匀机 鞋底成型' },
      { ...base, userId: 2, document: '注塑成型 注塑机 模具 液压系统 缩痕 飞边 工艺参数 曾帮助某厂解决注塑机保压不足' },
      { ...base, userId: 3, document: '冷链 制冷机组 冷库 压缩机' },
    ];
    const ranked = rankExperts(request, experts);
    expect(ranked[0]!.userId).toBe(2);
    expect(ranked[0]!.textSimilarity).toBeGreaterThan(ranked[1]!.textSimilarity);
    expect(ranked[0]!.matchedWords).toEqual(expect.arrayContaining(['注塑机', '液压']));
    // Nothing in common: no text similarity, no matched words.
    const cold = ranked.find((r) => r.userId === 3)!;
    expect(cold.textSimilarity).toBe(0);
    expect(cold.matchedWords).toEqual([]);
  });

  it('the score is the weighted sum of the factors, each explained in [0, 1]', () => {
    const ranked = rankExperts({ ...request, specialtyId: 7, industry: 'C19' }, [
      { ...base, userId: 1, document: '注塑 液压', specialtyIds: [7], industries: ['19'], districts: ['330302'], load: 1, maxCases: 4, ratings: [5, 5] },
    ]);
    const r = ranked[0]!;
    expect(r.factors.industry).toBe(1);
    expect(r.factors.travel).toBe(1);
    expect(r.factors.load).toBeCloseTo(0.75);
    expect(r.factors.availability).toBe(1);
    expect(r.factors.rating).toBeCloseTo(ratingFit([5, 5]));
    expect(r.factors.specialty).toBeCloseTo((r.textSimilarity + 1) / 2);
    const sum = Object.entries(WEIGHTS).reduce((s, [f, w]) => s + w * r.factors[f as keyof typeof WEIGHTS], 0);
    expect(r.score).toBe(Math.round(sum * 1000));
    for (const v of Object.values(r.factors)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('each factor moves the ranking the way it says: travel, load, ratings, the specialty tag', () => {
    const same = '气动 电磁阀 气缸';
    const req = { ...request, text: '气缸动作缓慢 电磁阀漏气' };
    const pair = (a: Partial<RankingExpert>, b: Partial<RankingExpert>, r: RankingRequest = req) =>
      rankExperts(r, [{ ...base, userId: 1, document: same, ...a }, { ...base, userId: 2, document: same, ...b }]).map((x) => x.userId);
    expect(pair({}, { districts: ['330302'] })).toEqual([2, 1]);
    expect(pair({ load: 3 }, { load: 0 })).toEqual([2, 1]);
    expect(pair({ ratings: [2, 1] }, { ratings: [5] })).toEqual([2, 1]);
    expect(pair({}, { specialtyIds: [4] }, { ...req, specialtyId: 4 })).toEqual([2, 1]);
    expect(pair({ availability: [6] }, {})).toEqual([2, 1]);
    // Equal in every respect: the lower id first (stable order).
    expect(pair({}, {})).toEqual([1, 2]);
  });

  it('a paused expert or one at their maximum is listed but not eligible', () => {
    const ranked = rankExperts(request, [
      { ...base, userId: 1, document: '注塑', paused: true },
      { ...base, userId: 2, document: '注塑', load: 4, maxCases: 4 },
      { ...base, userId: 3, document: '注塑' },
    ]);
    expect(Object.fromEntries(ranked.map((r) => [r.userId, r.ineligibleReason]))).toEqual({ 1: 'paused', 2: 'full', 3: null });
    expect(ranked.filter((r) => r.eligible).map((r) => r.userId)).toEqual([3]);
  });

  it('industry: the same division counts fully, the same section half', () => {
    expect(divisionOf('C1910')).toBe('19');
    expect(divisionOf('19')).toBe('19');
    expect(divisionOf('C')).toBeNull();
    expect(industryFit('C19', ['19', '34'])).toBe(1);
    expect(industryFit('C', ['34'])).toBe(0.5);
    expect(industryFit('C34', ['19'])).toBe(0.5);
    expect(industryFit('G54', ['19'])).toBe(0);
    expect(industryFit('C', [])).toBe(0);
  });

  it('ratings shrink toward 4: one 5 is not better than many 5s, no ratings is neutral', () => {
    expect(ratingFit([])).toBeCloseTo(0.75);
    expect(ratingFit([5])).toBeLessThan(ratingFit([5, 5, 5, 5]));
    expect(ratingFit([1])).toBeLessThan(ratingFit([]));
  });
});
