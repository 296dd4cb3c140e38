import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { AffiliationResponse, CreateDepartmentBody, DeleteDepartmentQuery, DepartmentList, DepartmentResponse, OkResponse, PutAffiliationBody, UpdateDepartmentBody } from './departments.schema';
import * as service from './departments.service';

export function departmentRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['departments'];

  app.get(
    '/departments',
    { config: { policy: 'department.read' }, schema: { tags, summary: "The city's government departments (人社局, 经信局…), in their order", response: { 200: DepartmentList } } },
    async () => service.listDepartments(deps),
  );

  app.post(
    '/departments',
    { config: { policy: 'department.manage' }, schema: { tags, summary: 'Add a department (Idempotency-Key required)', body: CreateDepartmentBody, response: { 201: DepartmentResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createDepartment(trx, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );

  app.patch(
    '/departments/:id',
    { config: { policy: 'department.manage' }, schema: { tags, summary: 'Rename or reorder a department (version check; omitted fields stay)', params: IdParam, body: UpdateDepartmentBody, response: { 200: DepartmentResponse } } },
    async (req) => service.updateDepartment(deps, ctxOf(req), req.params.id, req.body),
  );

  app.delete(
    '/departments/:id',
    { config: { policy: 'department.manage' }, schema: { tags, summary: 'Delete a department nobody is affiliated with (version check; 409 department_in_use)', params: IdParam, querystring: DeleteDepartmentQuery, response: { 200: OkResponse } } },
    async (req) => {
      await service.deleteDepartment(deps, ctxOf(req), req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  app.put(
    '/users/:id/department',
    { config: { policy: 'user.affiliate' }, schema: { tags: ['users', 'departments'], summary: "Set or clear a person's department (version of the account)", params: IdParam, body: PutAffiliationBody, response: { 200: AffiliationResponse } } },
    async (req) => service.putAffiliation(deps, ctxOf(req), req.params.id, req.body),
  );
}
