/**
 * Builds the Fastify application from its dependencies. Kept apart from `server.ts` (which
 * listens) so tests drive it with `app.inject` against a real database.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from './core/context';
import { problem, registerProblemHandler } from './core/http/problem';
import { registerRequestContext } from './core/http/request-context';
import { allianceRoutes } from './modules/alliances/alliances.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { chainRoutes } from './modules/chain/chain.routes';
import { enterpriseRoutes } from './modules/enterprises/enterprises.routes';
import { expertRoutes } from './modules/experts/experts.routes';
import { healthRoutes } from './modules/health/health.routes';
import { meetingRoutes } from './modules/meetings/meetings.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { webhookRoutes } from './modules/notifications/webhooks.routes';
import { reportRoutes } from './modules/reports/reports.routes';
import { riskRoutes } from './modules/risks/risks.routes';
import { ticketRoutes } from './modules/tickets/tickets.routes';
import { userRoutes } from './modules/users/users.routes';

export interface AppOptions {
  /** Directory of the built web app to serve at `/`; omitted in API tests. */
  webDir?: string;
  logger?: boolean | object;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Router errors (a malformed %-escape, a path parameter over maxParamLength) bypass the
    // error handler; answer them with a problem document like every other failure.
    frameworkErrors: (err, req, res) => {
      const reply = res as FastifyReply;
      reply.header('x-request-id', req.id);
      return reply.code(400).type('application/problem+json; charset=utf-8').send(problem(req, 'validation_failed', 400, {}, [{ path: 'url', code: err.code }]));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  registerProblemHandler(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Fugong API', description: '复工 — resumption platform for industrial alliances', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fugong_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  registerRequestContext(app, deps);

  await app.register(
    async (api) => {
      healthRoutes(api, deps);
      authRoutes(api, deps);
      allianceRoutes(api, deps);
      userRoutes(api, deps);
      enterpriseRoutes(api, deps);
      reportRoutes(api, deps);
      chainRoutes(api, deps);
      calendarRoutes(api, deps);
      ticketRoutes(api, deps);
      meetingRoutes(api, deps);
      riskRoutes(api, deps);
      expertRoutes(api, deps);
      notificationRoutes(api, deps);
      webhookRoutes(api, deps);
      api.get('/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  if (opts.webDir && existsSync(join(opts.webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.webDir, wildcard: false });
    // Client-side routes: any non-API GET that is not a file gets the app shell. (A catch-all
    // route, not a second not-found handler: registerProblemHandler already set that one.)
    app.get('/*', { config: { policy: 'public' }, schema: { hide: true } }, (req, reply) => {
      if (!req.url.startsWith('/api')) return reply.sendFile('index.html');
      return reply.code(404).type('application/problem+json; charset=utf-8').send(problem(req, 'not_found', 404));
    });
  }

  return app;
}
