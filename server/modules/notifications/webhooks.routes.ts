import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { CreateWebhookBody, DeleteQuery, DeliveriesQuery, DeliveryPage, DeliveryResponse, OkResponse, UpdateWebhookBody, WebhookList, WebhookResponse } from './notifications.schema';
import * as service from './webhooks.service';

export function webhookRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];

  app.get('/webhooks', { config: { policy: 'webhook.manage' }, schema: { tags, summary: "The alliance's group-chat robots (DingTalk / WeCom)", response: { 200: WebhookList } } }, async (req) =>
    service.listWebhooks(deps, ctxOf(req)),
  );

  app.post('/webhooks', { config: { policy: 'webhook.manage' }, schema: { tags, summary: 'Add a robot and the events it receives (Idempotency-Key required)', body: CreateWebhookBody, response: { 201: WebhookResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.createWebhook(trx, deps, ctx, req.body) }));
    return reply.code(result.status).send(result.body);
  });

  app.patch('/webhooks/:id', { config: { policy: 'webhook.manage' }, schema: { tags, summary: 'Edit a robot (version check)', params: IdParam, body: UpdateWebhookBody, response: { 200: WebhookResponse } } }, async (req) =>
    service.updateWebhook(deps, ctxOf(req), req.params.id, req.body),
  );

  app.delete('/webhooks/:id', { config: { policy: 'webhook.manage' }, schema: { tags, summary: 'Remove a robot and its delivery log (version check)', params: IdParam, querystring: DeleteQuery, response: { 200: OkResponse } } }, async (req) =>
    service.deleteWebhook(deps, ctxOf(req), req.params.id, req.query.version),
  );

  app.post('/webhooks/:id/test', { config: { policy: 'webhook.manage' }, schema: { tags, summary: 'Queue a test message to the robot (Idempotency-Key required)', params: IdParam, response: { 201: DeliveryResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, { id: req.params.id }, async (trx) => ({ status: 201 as const, body: await service.testWebhook(trx, deps, ctx, req.params.id) }));
    return reply.code(result.status).send(result.body);
  });

  app.get('/webhooks/:id/deliveries', { config: { policy: 'webhook.manage' }, schema: { tags, summary: 'Delivery log of a robot: every message with its attempts, status and last answer', params: IdParam, querystring: DeliveriesQuery, response: { 200: DeliveryPage } } }, async (req) =>
    service.listDeliveries(deps, ctxOf(req), req.params.id, req.query),
  );
}
