/**
 * Notifications are written in the transaction of the change that causes them, and announced
 * on the bus only after it commits — so a browser never hears of a change that rolled back.
 * A business operation collects what it raised in an `Outbox`; these helpers run the
 * transaction and then publish.
 */
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context';
import type { Trx } from '../../core/db/database';
import { idempotent, type Created } from '../../core/http/idempotency';
import { busFor, type Published, type TopicEvent } from './bus';

export class Outbox {
  readonly items: Published[] = [];
  /** Topic events for live views (e.g. a conversation's new message), announced with the rest. */
  readonly topics: TopicEvent[] = [];
}

/**
 * Announces what an operation raised. The rows are committed already; if the announcement
 * fails, recipients still find them in their notification centre, so the error is not the
 * caller's to handle.
 */
export async function publishOutbox(deps: Deps, outbox: Outbox): Promise<void> {
  if (outbox.items.length) await busFor(deps).publish(outbox.items).catch(() => undefined);
  if (outbox.topics.length) await busFor(deps).publishTopics(outbox.topics).catch(() => undefined);
}

/** One transaction whose notifications are published after it commits. */
export async function notifyingTransaction<T>(deps: Deps, work: (trx: Trx, outbox: Outbox) => Promise<T>): Promise<T> {
  const outbox = new Outbox();
  const result = await deps.db.transaction().execute((trx) => work(trx, outbox));
  await publishOutbox(deps, outbox);
  return result;
}

/**
 * `idempotent` for creates that notify. Only the answer of a `work` run that committed is
 * announced: a replayed answer — or one replayed after a run that rolled back — publishes
 * nothing (told apart by identity: a replay is parsed from the stored JSON).
 */
export async function idempotentNotifying<T, S extends number>(
  deps: Deps,
  req: FastifyRequest,
  userId: number,
  requestBody: unknown,
  work: (trx: Trx, outbox: Outbox) => Promise<Created<T, S>>,
): Promise<Created<T, S>> {
  let last: { outbox: Outbox; result: Created<T, S> } | null = null;
  const result = await idempotent(deps, req, userId, requestBody, async (trx) => {
    const outbox = new Outbox();
    const created = await work(trx, outbox);
    last = { outbox, result: created };
    return created;
  });
  const ran = last as { outbox: Outbox; result: Created<T, S> } | null;
  if (ran && ran.result === result) await publishOutbox(deps, ran.outbox);
  return result;
}
