/**
 * The demo chain map is product-consistent: every link's item is one the supplier's industry
 * (GB/T 4754 division) makes (`ITEM_MAKERS`); a shoe maker needs leather, soles and adhesive; a
 * tannery needs hides and chemicals; no textile firm supplies aluminium profiles; each firm's
 * essential inputs are several and its own role's. Checked on the seeded database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/harness';
import { sectionOfDivision } from '../domain/industries';
import { ITEM_MAKERS } from './demo-chain';
import { seedDemo } from './seed';

interface Link { alliance_id: number; item: string; supplier_id: number; supplier_division: string | null; customer_id: number }
interface Need { alliance_id: number; enterprise_id: number; item: string; division: string | null }

describe.each([1, 0.25])('the demo chain map at scale %s', (scale) => {
  let db: TestDb;
  let links: Link[];
  let needs: Need[];
  /** Essential inputs by `${alliance}:${firm}`. */
  const inputs = new Map<string, Set<string>>();
  /** What each firm supplies, by `${alliance}:${firm}`. */
  const supplies = new Map<string, Set<string>>();

  beforeAll(async () => {
    db = await createTestDb('sqlite');
    await seedDemo(db.deps, { scale, days: 2 });
    const d = db.handle.db;
    links = await d
      .selectFrom('supply_links as l')
      .innerJoin('chain_items as i', 'i.id', 'l.item_id')
      .innerJoin('enterprises as s', 's.id', 'l.supplier_id')
      .select(['l.alliance_id', 'i.name as item', 'l.supplier_id', 's.industry_division as supplier_division', 'l.customer_id'])
      .execute();
    needs = await d
      .selectFrom('chain_needs as n')
      .innerJoin('chain_items as i', 'i.id', 'n.item_id')
      .innerJoin('enterprises as e', 'e.id', 'n.enterprise_id')
      .select(['n.alliance_id', 'n.enterprise_id', 'i.name as item', 'e.industry_division as division'])
      .where('n.essential', '=', 1)
      .execute();
    for (const n of needs) {
      const k = `${n.alliance_id}:${n.enterprise_id}`;
      inputs.set(k, (inputs.get(k) ?? new Set()).add(n.item));
    }
    for (const l of links) {
      const k = `${l.alliance_id}:${l.supplier_id}`;
      supplies.set(k, (supplies.get(k) ?? new Set()).add(l.item));
    }
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('every link\'s item is one its supplier\'s industry makes', () => {
    expect(links.length).toBeGreaterThan(0);
    const wrong = links.filter((l) => !(ITEM_MAKERS[l.item] ?? []).includes(l.supplier_division ?? '')).map((l) => `${l.supplier_id} (${l.supplier_division}) → ${l.item}`);
    expect(wrong).toEqual([]);
    // Every item of the map is in the table.
    expect([...new Set(links.map((l) => l.item))].filter((i) => !ITEM_MAKERS[i])).toEqual([]);
  });

  it('a firm\'s section (门类) is its division\'s', async () => {
    const firms = await db.handle.db.selectFrom('enterprises').select(['id', 'industry', 'industry_division']).execute();
    expect(firms.filter((f) => f.industry_division !== null && sectionOfDivision(f.industry_division) !== f.industry)).toEqual([]);
    expect(new Set(firms.map((f) => f.industry))).toEqual(new Set(['A', 'C', 'G']));
  });

  it('no textile firm (divisions 17, 18) supplies aluminium profiles; only metal rollers (32) do', () => {
    const aluminium = links.filter((l) => l.item === '铝型材');
    expect(aluminium.length).toBeGreaterThan(0);
    expect(aluminium.filter((l) => ['17', '18'].includes(l.supplier_division ?? ''))).toEqual([]);
    expect(new Set(aluminium.map((l) => l.supplier_division))).toEqual(new Set(['32']));
  });

  it('a shoe maker needs leather, soles and adhesive; a tannery needs hides and chemicals', () => {
    // Shoe makers: the leather alliance's firms that buy leather and supply nothing essential.
    const shoeMakers = [...inputs].filter(([k, s]) => k.startsWith('1:') && s.has('牛皮革') && !supplies.has(k));
    expect(shoeMakers.length).toBeGreaterThan(0);
    for (const [k, s] of shoeMakers) expect([k, [...s].sort()]).toEqual([k, ['牛皮革', '鞋底', '鞋用胶粘剂'].sort()]);
    const tanneries = [...supplies].filter(([k, s]) => k.startsWith('1:') && s.has('牛皮革'));
    expect(tanneries.length).toBeGreaterThan(0);
    for (const [k] of tanneries) expect([k, [...(inputs.get(k) ?? [])].sort()]).toEqual([k, ['化工助剂', '生皮'].sort()]);
    // The shoe makers are of the footwear division, the tanneries of leather (19).
    const division = new Map(needs.map((n) => [`${n.alliance_id}:${n.enterprise_id}`, n.division]));
    expect(new Set(shoeMakers.map(([k]) => division.get(k)))).toEqual(new Set(['19']));
  });

  it('a firm supplies only items of its own role, and buys the inputs that role needs', () => {
    // One item per supplier per alliance, besides the non-essential side item of its role.
    const side = new Set(['皮革护理剂', '冷库仓储', '金属表面处理', '塑料包装件']);
    const many = [...supplies].filter(([, s]) => [...s].filter((i) => !side.has(i)).length > 1).map(([k, s]) => `${k}: ${[...s].join(',')}`);
    expect(many).toEqual([]);
    // Firms buying several essential inputs: at least one firm per alliance with two or more.
    for (const a of [1, 2, 3, 4]) expect([...inputs].some(([k, s]) => k.startsWith(`${a}:`) && s.size >= 2), `alliance ${a}`).toBe(true);
  });
});
