import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { tenantOf } from '../../core/tenant';
import { AuditPage, AuditQuery, CreateUserBody, ListUsersQuery, ResetPasswordBody, ResetPasswordResponse, StaffDirectory, UpdateUserBody, UserPage, UserResponse } from './users.schema';
import * as service from './users.service';

export function userRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  app.get('/users', { config: { policy: 'user.list' }, schema: { tags, summary: 'People of the current alliance', querystring: ListUsersQuery, response: { 200: UserPage } } }, async (req) =>
    service.listUsers(deps, ctxOf(req), req.query),
  );

  app.get('/users/directory', { config: { policy: 'user.directory' }, schema: { tags, summary: "The alliance's staff by name and role (people pickers)", response: { 200: StaffDirectory } } }, async (req) =>
    service.staffDirectory(deps, ctxOf(req)),
  );

  app.post('/users', { config: { policy: 'user.manage' }, schema: { tags, summary: 'Create an account with roles in the current alliance (Idempotency-Key required)', body: CreateUserBody, response: { 201: UserResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const allianceId = tenantOf(ctx);
    const { password: _password, ...fingerprint } = req.body;
    const result = await idempotent(deps, req, ctx.actor.userId, fingerprint, async (trx) => ({ status: 201 as const, body: await service.createUser(trx, deps, ctx, allianceId, req.body) }));
    return reply.code(result.status).send(result.body);
  });

  app.patch('/users/:id', { config: { policy: 'user.manage' }, schema: { tags, summary: 'Rename, disable or re-enable an account (version check)', params: IdParam, body: UpdateUserBody, response: { 200: UserResponse } } }, async (req) =>
    service.updateUser(deps, ctxOf(req), req.params.id, req.body),
  );

  // Not idempotent on purpose: a replayed answer would have to keep the password; a retry simply
  // names a stale version (409) and the admin resets again.
  app.post('/users/:id/password-reset', { config: { policy: 'user.manage' }, schema: { tags, summary: "Reset someone's password to a random one, shown once; ends their sessions (version check)", params: IdParam, body: ResetPasswordBody, response: { 200: ResetPasswordResponse } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return service.resetPassword(deps, ctxOf(req), req.params.id, req.body.version);
  });

  app.get('/audit', { config: { policy: 'audit.read' }, schema: { tags: ['audit'], summary: 'Audit log of the current alliance, newest first', querystring: AuditQuery, response: { 200: AuditPage } } }, async (req) =>
    service.listAudit(deps, ctxOf(req), req.query),
  );
}
