import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { CreateItemBody, DeclareLinkBody, ItemList, ItemResponse, LinkPage, LinkResponse, ListLinksQuery, UpdateLinkBody, VersionBody } from './chain.schema';
import * as service from './chain.service';

export function chainRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['chain'];

  app.get('/chain/items', { config: { policy: 'chain.read' }, schema: { tags, summary: "The alliance's item list", response: { 200: ItemList } } }, async (req) => service.listItems(deps, ctxOf(req)));

  app.post('/chain/items', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Add an item to the list (Idempotency-Key required)', body: CreateItemBody, response: { 201: ItemResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const r = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.createItem(trx, deps, ctx, req.body.name) }));
    return reply.code(r.status).send(r.body);
  });

  app.get('/chain/links', { config: { policy: 'chain.read' }, schema: { tags, summary: 'Supply links I may see (staff: the whole map)', querystring: ListLinksQuery, response: { 200: LinkPage } } }, async (req) => service.listLinks(deps, ctxOf(req), req.query));

  app.post('/chain/links', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Declare a supply link (Idempotency-Key required); the other side confirms', body: DeclareLinkBody, response: { 201: LinkResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const r = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.declareLink(trx, deps, ctx, req.body) }));
    return reply.code(r.status).send(r.body);
  });

  app.get('/chain/links/:id', { config: { policy: 'chain.read' }, schema: { tags, summary: 'One supply link', params: IdParam, response: { 200: LinkResponse } } }, async (req) => service.getLink(deps, ctxOf(req), req.params.id));

  app.patch('/chain/links/:id', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Edit a link (version check); a side’s edit needs the other side’s confirmation again', params: IdParam, body: UpdateLinkBody, response: { 200: LinkResponse } } }, async (req) =>
    service.updateLink(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/chain/links/:id/confirm', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Confirm a link declared by the other side', params: IdParam, body: VersionBody, response: { 200: LinkResponse } } }, async (req) =>
    service.confirmLink(deps, ctxOf(req), req.params.id, req.body.version),
  );

  app.delete('/chain/links/:id', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Remove a link (version check)', params: IdParam, querystring: VersionBody.extend({ version: z.coerce.number().int().min(1) }), response: { 200: z.object({ ok: z.literal(true) }) } } }, async (req) => {
    await service.deleteLink(deps, ctxOf(req), req.params.id, req.query.version);
    return { ok: true as const };
  });
}
