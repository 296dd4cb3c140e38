import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { AllianceList, AllianceResponse, CreateAllianceBody, UpdateAllianceBody } from './alliances.schema';
import * as service from './alliances.service';

export function allianceRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['alliances'];

  app.get('/alliances', { config: { policy: 'alliance.list' }, schema: { tags, summary: 'Alliances I may work in', response: { 200: AllianceList } } }, async (req) =>
    service.listAlliances(deps, req.allianceIds),
  );

  app.get('/alliances/:id', { config: { policy: 'alliance.read' }, schema: { tags, summary: 'One alliance with its working groups', params: IdParam, response: { 200: AllianceResponse } } }, async (req) =>
    service.getAlliance(deps, req.allianceIds, req.params.id),
  );

  app.post('/alliances', { config: { policy: 'alliance.create' }, schema: { tags, summary: 'Create an alliance (Idempotency-Key required)', body: CreateAllianceBody, response: { 201: AllianceResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.createAlliance(trx, deps, ctx, req.body) }));
    return reply.code(result.status).send(result.body);
  });

  app.patch('/alliances/:id', { config: { policy: 'alliance.update' }, schema: { tags, summary: 'Edit the current alliance (version check)', params: IdParam, body: UpdateAllianceBody, response: { 200: AllianceResponse } } }, async (req) =>
    service.updateAlliance(deps, ctxOf(req), req.params.id, req.body),
  );
}
