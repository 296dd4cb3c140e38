import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult, parseNetworkJson, simulateFile, type ChainResultJson } from './chain.cli';
import { NetworkInputError } from './engine/index';
import { criticality, helpPriority, solveStatic } from './engine/index';

// S stops today; C takes all of "k" from S (lead 2) with 3 days of cover; D takes C's "m"
// (lead 1, 50 % outside). Listed customer-first to check results come back in file order.
const file = {
  firms: [
    { id: 'D', capacity: 1, weight: 2 },
    { id: 'C', capacity: [1], actual: 1 },
    { id: 'S', capacity: 0, actual: 1 },
  ],
  links: [
    { supplier: 'S', customer: 'C', item: 'k', share: 1, leadDays: 2 },
    { supplier: 'C', customer: 'D', item: 'm', share: 0.5, essential: true, leadDays: 1 },
  ],
  stocks: [{ firm: 'C', item: 'k', days: 3 }],
  theta: 0.5,
  horizon: 10,
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fugong-chain-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('simulateFile', () => {
  it('round-trips a dynamic run through files (CLI horizon overrides the file)', async () => {
    const inPath = join(dir, 'network.json');
    const outPath = join(dir, 'result.json');
    await writeFile(inPath, JSON.stringify(file));
    const progress: Array<[number, number]> = [];
    await simulateFile({ inPath, outPath, horizon: 8, onProgress: (d, t) => progress.push([d, t]) });
    const out = JSON.parse(await readFile(outPath, 'utf8')) as ChainResultJson;
    expect(out.mode).toBe('dynamic');
    expect(out.horizon).toBe(8);
    expect(out.firms.map((f) => f.id)).toEqual(['D', 'C', 'S']);
    // C: 1 for days 0..4, 0 from day 5 (dynamic.test.ts). D: 0.5 + 0.5·x_C(t − 1), x_C(−1) = 1.
    const byId = Object.fromEntries(out.firms.map((f) => [f.id, f]));
    expect(byId.C.x).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(byId.D.x).toEqual([1, 1, 1, 1, 1, 1, 0.5, 0.5]);
    expect(byId.C.breakDay).toBe(5);
    expect(byId.C.cause).toEqual({ item: 'k', path: ['C', 'S'] });
    // D at 0.5 = θ·a is not broken.
    expect(byId.D.breakDay).toBeNull();
    expect(byId.S.cause).toBeNull();
    // Y = 2·x_D + x_C (S has x 0).
    expect(out.Y).toEqual([3, 3, 3, 3, 3, 2, 1, 1]);
    // Criticality: D stopping loses 2 × (6 + 2·0.5) = 14. C stopping loses its own 5 days of
    // output plus D's half on days 1..5 (0.5 × 5 days × weight 2 = 5) = 10; D then sits exactly
    // at θ·a, so nothing breaks. S is already stopped: loss 0.
    expect(out.critical).toEqual([
      { id: 'D', loss: 14, broken: [] },
      { id: 'C', loss: 10, broken: [] },
      { id: 'S', loss: 0, broken: [] },
    ]);
    expect(out.priority[0].gain).toBe(13);
    // Only S is below capacity; helping it gains S 8 + C 3 + D 2·0.5·2 = 13 and restores C.
    expect(out.priority).toHaveLength(1);
    expect(out.priority[0].id).toBe('S');
    expect(out.priority[0].restored).toEqual(['C']);
    expect(progress.at(-1)).toEqual([23, 23]);
  });

  it('writes the static form with one x per firm and Y of length 1', async () => {
    const inPath = join(dir, 'static.json');
    const outPath = join(dir, 'static-result.json');
    await writeFile(inPath, JSON.stringify(file));
    await simulateFile({ inPath, outPath, static: true });
    const out = JSON.parse(await readFile(outPath, 'utf8')) as ChainResultJson;
    expect(out.mode).toBe('static');
    expect(out.horizon).toBeUndefined();
    // Static: x_S = 0, x_C = 0 (no stock in the static model), x_D = 0.5.
    const byId = Object.fromEntries(out.firms.map((f) => [f.id, f]));
    expect(byId.C).toEqual({ id: 'C', x: 0, breakDay: 0, cause: { item: 'k', path: ['C', 'S'] } });
    expect(byId.D.x).toBe(0.5);
    expect(out.Y).toEqual([1]);
  });

  it('rejects invalid JSON and invalid networks with NetworkInputError', async () => {
    const inPath = join(dir, 'bad.json');
    await writeFile(inPath, '{"firms": [');
    await expect(simulateFile({ inPath, outPath: join(dir, 'never.json') })).rejects.toBeInstanceOf(NetworkInputError);
  });
});

describe('parseNetworkJson', () => {
  it('collects type and model problems together', () => {
    try {
      parseNetworkJson({
        firms: [{ id: 'A', capacity: 'full' }, { id: 'B', capacity: 1 }, { id: 'C', capacity: 1 }],
        links: [
          { supplier: 'B', customer: 'C', item: 'k', share: 0.75 },
          { supplier: 'A', customer: 'C', item: 'k', share: 0.5 },
          { supplier: 'B', customer: 'C', item: 7, share: 0.5 },
        ],
        theta: 2,
      });
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(NetworkInputError);
      expect((err as NetworkInputError).issues.map((i) => [i.path, i.code])).toEqual([
        ['firms[0].capacity', 'invalid_type'],
        ['links[2].item', 'invalid_type'],
        ['theta', 'invalid_type'],
        ['links[1].supplier', 'unknown_firm'],
      ]);
    }
    expect(() => parseNetworkJson([])).toThrow(NetworkInputError);
  });

  it('applies defaults: essential true, lead 1, actual 1, weight 1, θ 0.5', () => {
    const parsed = parseNetworkJson({
      firms: [{ id: 'A', capacity: 1 }, { id: 'B', capacity: 1 }],
      links: [{ supplier: 'A', customer: 'B', item: 'k', share: 1 }],
    });
    const net = parsed.network;
    expect(parsed.theta).toBe(0.5);
    expect(parsed.horizon).toBeUndefined();
    expect(Array.from(net.needEssential)).toEqual([1]);
    expect(Array.from(net.linkLead)).toEqual([1]);
    expect(Array.from(net.actual)).toEqual([1, 1]);
    expect(Array.from(net.weight)).toEqual([1, 1]);
  });

  it('formatResult maps indices to ids in the requested order', () => {
    const parsed = parseNetworkJson(file);
    const net = parsed.network;
    const res = solveStatic(net);
    const out = formatResult(net, res, criticality(net, { mode: 'static', top: 1 }), helpPriority(net, { mode: 'static', steps: 1 }), ['S', 'C', 'D']);
    expect(out.firms.map((f) => f.id)).toEqual(['S', 'C', 'D']);
    expect(out.critical).toHaveLength(1);
    // Static: C already makes nothing (S stopped), so D (x 0.5, weight 2) is the most critical.
    expect(out.critical[0]).toEqual({ id: 'D', loss: 1, broken: [] });
  });
});
