/** Figure queries of the resource board and orders (Kysely, taking the database or a transaction). */
import type { Executor } from '../../core/db/database';

/** Counts per alliance (one alliance, or all when null): open posts by side, deals and orders by status, quotes. */
export async function figureCounts(db: Executor, allianceId: number | null) {
  const [posts, deals, orders, quotes] = await Promise.all([
    db.selectFrom('market_posts').select(['alliance_id', 'side', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open')
      .$if(allianceId !== null, (q) => q.where('alliance_id', '=', allianceId!)).groupBy(['alliance_id', 'side']).execute(),
    db.selectFrom('market_deals').select(['alliance_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .$if(allianceId !== null, (q) => q.where('alliance_id', '=', allianceId!)).groupBy(['alliance_id', 'status']).execute(),
    db.selectFrom('market_orders').select(['alliance_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .$if(allianceId !== null, (q) => q.where('alliance_id', '=', allianceId!)).groupBy(['alliance_id', 'status']).execute(),
    db.selectFrom('market_quotes as q').innerJoin('market_orders as o', 'o.id', 'q.order_id').select(['o.alliance_id', (eb) => eb.fn.countAll<number>().as('n')])
      .$if(allianceId !== null, (q) => q.where('o.alliance_id', '=', allianceId!)).groupBy('o.alliance_id').execute(),
  ]);
  return { posts, deals, orders, quotes };
}
