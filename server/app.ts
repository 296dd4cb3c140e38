/**
 * Builds the Fastify application from its dependencies. Kept apart from `server.ts` (which
 * listens) so tests drive it with `app.inject` against a real database.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type LogController } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { validatorCompiler } from './core/http/common-schema';
import { swaggerOptions } from './core/http/openapi';
import type { Deps } from './core/context';
import { registerStreamMultipart } from './core/http/multipart';
import { problem, registerProblemHandler } from './core/http/problem';
import { registerRequestContext } from './core/http/request-context';
import { lazyChildLoggerFactory } from './core/http/request-logger';
import { registerSecurity, trustProxyOption } from './core/http/security';
import { serializerCompiler } from './core/http/serializer';
import { allianceRoutes } from './modules/alliances/alliances.routes';
import { briefingRoutes } from './modules/briefings/briefings.routes';
import { briefingFileOwner } from './modules/briefings/briefings.service';
import { policyFileOwner } from './modules/policies/policies.files';
import { authRoutes } from './modules/auth/auth.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { chainRoutes } from './modules/chain/chain.routes';
import { cityRoutes } from './modules/city/city.routes';
import { departmentRoutes } from './modules/departments/departments.routes';
import { policyRoutes } from './modules/policies/policies.routes';
import { enterpriseRoutes } from './modules/enterprises/enterprises.routes';
import { expertRoutes } from './modules/experts/experts.routes';
import { registerFileOwner } from './modules/files/files.owners';
import { inspectionFileOwner, trainingFileOwner } from './modules/prevention/prevention.files';
import { preventionRoutes } from './modules/prevention/prevention.routes';
import { fileRoutes } from './modules/files/files.routes';
import { healthRoutes } from './modules/health/health.routes';
import { meetingRoutes } from './modules/meetings/meetings.routes';
import { membershipRoutes } from './modules/memberships/memberships.routes';
import { marketRoutes } from './modules/market/market.routes';
import { purchasingRoutes } from './modules/purchasing/purchasing.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { webhookRoutes } from './modules/notifications/webhooks.routes';
import { reportRoutes } from './modules/reports/reports.routes';
import { riskRoutes } from './modules/risks/risks.routes';
import { workforceRoutes } from './modules/workforce/workforce.routes';
import { ticketFileOwner } from './modules/tickets/tickets.attachments';
import { ticketRoutes } from './modules/tickets/tickets.routes';
import { userRoutes } from './modules/users/users.routes';

export interface AppOptions {
  /** Directory of the built web app to serve at `/`; omitted in API tests. */
  webDir?: string;
  logger?: boolean | object;
  /** A ready pino logger instead of `logger` options (the HTTP benchmark). */
  loggerInstance?: FastifyBaseLogger;
  /** Which request lines are logged (server.ts: `QuietRequestLog`); Fastify's default otherwise. */
  logController?: LogController;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: opts.logger ?? false }),
    ...(opts.logController ? { logController: opts.logController } : {}),
    // Each request's logger is built only when it logs (request-logger.ts).
    childLoggerFactory: lazyChildLoggerFactory,
    trustProxy: trustProxyOption(deps.config.trustProxy),
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
  // Synchronous: an async hook costs a promise on every request. Headers set this early stay on
  // error answers too (the error handler keeps them).
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  registerProblemHandler(app);
  registerSecurity(app);
  await app.register(fastifyCookie);
  await registerStreamMultipart(app, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(fastifySwagger, swaggerOptions());
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Its own CSP (with the hashes of its inline code), held to ours: no framing, no upgrade of plain-HTTP installs.
    staticCSP: true,
    transformStaticCSP: (h) => h.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(/upgrade-insecure-requests;?/, '').trim(),
  });
  registerRequestContext(app, deps);
  // Owner types of the file store: each module that keeps files says who may see them.
  registerFileOwner(ticketFileOwner);
  registerFileOwner(inspectionFileOwner);
  registerFileOwner(trainingFileOwner);
  registerFileOwner(briefingFileOwner);
  registerFileOwner(policyFileOwner);

  await app.register(
    async (api) => {
      healthRoutes(api, deps);
      authRoutes(api, deps);
      allianceRoutes(api, deps);
      userRoutes(api, deps);
      enterpriseRoutes(api, deps);
      membershipRoutes(api, deps);
      reportRoutes(api, deps);
      chainRoutes(api, deps);
      calendarRoutes(api, deps);
      ticketRoutes(api, deps);
      meetingRoutes(api, deps);
      riskRoutes(api, deps);
      expertRoutes(api, deps);
      workforceRoutes(api, deps);
      notificationRoutes(api, deps);
      webhookRoutes(api, deps);
      fileRoutes(api, deps);
      departmentRoutes(api, deps);
      purchasingRoutes(api, deps);
      marketRoutes(api, deps);
      cityRoutes(api, deps);
      policyRoutes(api, deps);
      preventionRoutes(api, deps);
      briefingRoutes(api, deps);
      api.get('/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  const webDir = opts.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      // Vite writes .br/.gz beside each asset at build time (vite.config.ts).
      preCompressed: true,
      setHeaders: (reply, path) => {
        // Vite names everything under assets/ by its content hash: cache it for good. Everything
        // else (index.html names the current hashes) is revalidated on every load.
        const hashed = relative(webDir, path).split(sep)[0] === 'assets';
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // Client-side routes: any non-API GET that is not a file gets the app shell. (A catch-all
    // route, not a second not-found handler: registerProblemHandler already set that one.)
    app.get('/*', { config: { policy: 'public' }, schema: { hide: true } }, (req, reply) => {
      if (!req.url.startsWith('/api')) return reply.sendFile('index.html');
      return reply.code(404).type('application/problem+json; charset=utf-8').send(problem(req, 'not_found', 404));
    });
  }

  return app;
}
