import { describe, expect, it } from 'vitest';
import {
  buildNetwork,
  capacityAt,
  firmId,
  firmIndex,
  itemName,
  NetworkInputError,
  networkToInput,
  shareNetwork,
  type NetworkInput,
  type NetworkIssue,
} from './network';

function issuesOf(input: NetworkInput): NetworkIssue[] {
  try {
    buildNetwork(input);
  } catch (err) {
    expect(err).toBeInstanceOf(NetworkInputError);
    return [...(err as NetworkInputError).issues];
  }
  throw new Error('expected buildNetwork to throw');
}

describe('buildNetwork validation', () => {
  it('reports unknown firms, bad shares, bad leads and duplicate ids together', () => {
    const issues = issuesOf({
      firms: [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 1 },
        { id: 'A', capacity: 0.5 },
      ],
      links: [
        { supplier: 'X', customer: 'B', item: 'steel', share: 0.5 },
        { supplier: 'A', customer: 'B', item: 'bolt', share: 1.5 },
        { supplier: 'A', customer: 'B', item: 'nut', share: 0.5, leadDays: 0 },
        { supplier: 'A', customer: 'B', item: 'pin', share: 0.5, leadDays: 1.5 },
      ],
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['firms[2].id', 'duplicate_firm'],
      ['links[0].supplier', 'unknown_firm'],
      ['links[1].share', 'share_range'],
      ['links[2].leadDays', 'lead_invalid'],
      ['links[3].leadDays', 'lead_invalid'],
    ]);
  });

  it('says by how much an item is over-allocated, at the link that tipped it', () => {
    const issues = issuesOf({
      firms: [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 1 },
        { id: 'C', capacity: 1 },
      ],
      links: [
        { supplier: 'A', customer: 'C', item: 'steel', share: 0.7 },
        { supplier: 'B', customer: 'C', item: 'steel', share: 0.6 },
      ],
    });
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('share_sum');
    expect(issues[0].path).toBe('links[1]');
    expect(issues[0].message).toContain('total 130 %');
    expect(issues[0].message).toContain('exceeding 100 % by 30 %');
  });

  it('accepts shares summing to 100 % within rounding (1e-9)', () => {
    const net = buildNetwork({
      firms: [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 1 },
        { id: 'C', capacity: 1 },
        { id: 'D', capacity: 1 },
      ],
      links: [
        { supplier: 'A', customer: 'D', item: 'k', share: 0.1 },
        { supplier: 'B', customer: 'D', item: 'k', share: 0.2 },
        { supplier: 'C', customer: 'D', item: 'k', share: 0.7 },
      ],
    });
    expect(net.needOutside[0]).toBe(0);
  });

  it('rejects bad capacities, actual outputs, weights, stocks, conflicting essential flags and duplicate links', () => {
    const issues = issuesOf({
      firms: [
        { id: 'A', capacity: [1, 1.2] },
        { id: 'B', capacity: -0.1, actual: 2, weight: -1 },
        { id: 'C', capacity: [] },
      ],
      links: [
        { supplier: 'A', customer: 'B', item: 'k', share: 0.2, essential: true },
        { supplier: 'C', customer: 'B', item: 'k', share: 0.2, essential: false },
        { supplier: 'A', customer: 'B', item: 'k', share: 0.2 },
      ],
      stocks: [
        { firm: 'B', item: 'k', days: -1 },
        { firm: 'Z', item: 'k', days: 1 },
        { firm: 'B', item: 'j', days: 1 },
        { firm: 'B', item: 'j', days: 2 },
      ],
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['firms[0].capacity[1]', 'capacity_invalid'],
      ['firms[1].capacity', 'capacity_invalid'],
      ['firms[1].actual', 'actual_invalid'],
      ['firms[1].weight', 'weight_invalid'],
      ['firms[2].capacity', 'capacity_invalid'],
      ['links[1].essential', 'essential_conflict'],
      ['links[2]', 'duplicate_link'],
      ['stocks[0].days', 'stock_invalid'],
      ['stocks[1].firm', 'unknown_firm'],
      ['stocks[3]', 'duplicate_stock'],
    ]);
  });
});

describe('compact layout', () => {
  const input: NetworkInput = {
    // Listed customer-first on purpose: the network renumbers suppliers first.
    firms: [
      { id: 'C', capacity: [0.5, 0.75], weight: 3 },
      { id: 'B', capacity: 1, actual: 0.25 },
      { id: 'A', capacity: 0.5 },
    ],
    links: [
      { supplier: 'B', customer: 'C', item: 'part', share: 0.5, leadDays: 2 },
      { supplier: 'A', customer: 'B', item: 'steel', share: 1 },
      { supplier: 'A', customer: 'C', item: 'paint', share: 0.25, essential: false, leadDays: 3 },
    ],
    stocks: [{ firm: 'C', item: 'part', days: 4 }],
  };

  it('renumbers firms supplier-first and keeps ids, items and attributes with them', () => {
    const net = buildNetwork(input);
    const idx = firmIndex(net);
    expect([0, 1, 2].map((i) => firmId(net, i))).toEqual(['A', 'B', 'C']);
    expect(net.acyclic).toBe(true);
    // The static sweep relies on this: an acyclic map's topological order is the index order.
    expect(Array.from(net.order)).toEqual([0, 1, 2]);
    const c = idx.get('C') as number;
    expect(net.weight[c]).toBe(3);
    expect(net.actual[idx.get('B') as number]).toBe(0.25);
    // Per-day capacity is stored n × capDays; the last day persists.
    expect(net.capDays).toBe(2);
    expect(capacityAt(net, c, 0)).toBe(0.5);
    expect(capacityAt(net, c, 1)).toBe(0.75);
    expect(capacityAt(net, c, 9)).toBe(0.75);
    expect(capacityAt(net, idx.get('A') as number, 5)).toBe(0.5);
    // C has two needs: part (essential, r = 0.5, 4 days of stock) and paint (not essential).
    const needs = [net.needStart[c], net.needStart[c + 1]];
    expect(needs[1] - needs[0]).toBe(2);
    const part = needs[0];
    expect(itemName(net, net.needItem[part])).toBe('part');
    expect(net.needOutside[part]).toBe(0.5);
    expect(net.needStock0[part]).toBe(4);
    expect(net.needEssential[part]).toBe(1);
    expect(net.needEssential[part + 1]).toBe(0);
    expect(net.linkLead[net.linkStart[part]]).toBe(2);
    expect(net.maxLead).toBe(3);
    // Downstream adjacency only lists essential links: A feeds B (steel), not C (paint).
    const a = idx.get('A') as number;
    expect(Array.from(net.downCustomer.subarray(net.downStart[a], net.downStart[a + 1]))).toEqual([idx.get('B')]);
  });

  it('round-trips through networkToInput', () => {
    const net = buildNetwork(input);
    const again = buildNetwork(networkToInput(net));
    expect(Array.from(again.capacity)).toEqual(Array.from(net.capacity));
    expect(Array.from(again.linkShare)).toEqual(Array.from(net.linkShare));
    expect(Array.from(again.needStock0)).toEqual(Array.from(net.needStock0));
    expect(again.ids).toEqual(net.ids);
  });

  it('groups cycles into components in topological order', () => {
    const net = buildNetwork({
      firms: ['S', 'P', 'Q', 'T'].map((id) => ({ id, capacity: 1 })),
      links: [
        { supplier: 'S', customer: 'P', item: 'k', share: 0.5 },
        { supplier: 'P', customer: 'Q', item: 'k', share: 0.5 },
        { supplier: 'Q', customer: 'P', item: 'j', share: 0.5 },
        { supplier: 'Q', customer: 'T', item: 'k', share: 0.5 },
      ],
    });
    const idx = firmIndex(net);
    expect(net.acyclic).toBe(false);
    expect(net.compCount).toBe(3);
    const comp = (id: string): number => net.comp[idx.get(id) as number];
    expect(comp('P')).toBe(comp('Q'));
    expect(comp('S')).toBeLessThan(comp('P'));
    expect(comp('P')).toBeLessThan(comp('T'));
    expect(net.compCyclic[comp('P')]).toBe(1);
    expect(net.compCyclic[comp('S')]).toBe(0);
  });

  it('shares arrays through SharedArrayBuffer without changing them', () => {
    const net = buildNetwork(input);
    const shared = shareNetwork(net);
    expect(shared.linkShare.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.linkShare)).toEqual(Array.from(net.linkShare));
    expect(shareNetwork(shared).linkShare).toBe(shared.linkShare);
  });
});
