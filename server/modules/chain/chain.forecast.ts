/**
 * The alliance's current chain-break forecast for other modules (the market's urgent needs):
 * the same baseline the forecast page shows by default — dynamic mode, 30 days, θ = 0.5,
 * confirmed links only, today's latest reports — reduced to who breaks, on which day, and the
 * binding input of the break (the essential input with the smallest availability that day,
 * the item the page's cause column names).
 *
 * Only the forecast runs (no criticality or help ranking). The result is kept per map: the same
 * members, reports, links, needs and stocks (same engine input) answer from memory, so a board
 * read does not rerun the engine unless the map changed.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../core/context';
import type { Executor } from '../../core/db/database';
import { loadMap } from './chain.analysis';
import { DEFAULT_HORIZON } from './engine/impact';
import { buildNetwork, firmId, itemName } from './engine/network';
import { runDynamic } from './engine/dynamic';
import { DEFAULT_THETA } from './engine/static';

export interface ForecastBreak {
  enterpriseId: number;
  name: string;
  /** First day (0 = today) the firm's output falls below θ. */
  day: number;
  /** The binding input of the break. */
  itemId: number;
  item: string;
}

export interface CurrentForecast {
  breaks: ForecastBreak[];
  /** Per supplier, its member customers on the map (confirmed links, any item). */
  customers: Map<number, number[]>;
}

const CACHE_SIZE = 32;
const cache = new Map<string, ForecastBreak[]>();

export async function currentForecast(deps: Deps, allianceId: number, db: Executor = deps.db): Promise<CurrentForecast> {
  const map = await loadMap(deps, allianceId, false, db);
  const customers = new Map<number, number[]>();
  for (const l of map.links) customers.set(l.supplierId, [...new Set([...(customers.get(l.supplierId) ?? []), l.customerId])]);
  if (!map.links.length) return { breaks: [], customers };
  const key = createHash('sha256').update(JSON.stringify([allianceId, map.input, [...map.items]])).digest('hex');
  let breaks = cache.get(key);
  if (!breaks) {
    const net = buildNetwork(map.input);
    const r = runDynamic(net, { horizon: DEFAULT_HORIZON, theta: DEFAULT_THETA, history: false });
    breaks = [];
    for (let i = 0; i < net.n; i++) {
      const need = r.breakNeed[i]!;
      if (r.breakDay[i]! < 0 || need < 0) continue;
      const id = Number(firmId(net, i));
      const itemId = Number(itemName(net, net.needItem[need]!));
      breaks.push({ enterpriseId: id, name: map.members.get(id)?.name ?? String(id), day: r.breakDay[i]!, itemId, item: map.items.get(itemId) ?? String(itemId) });
    }
    breaks.sort((a, b) => a.day - b.day || a.enterpriseId - b.enterpriseId);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, breaks);
  }
  return { breaks, customers };
}
