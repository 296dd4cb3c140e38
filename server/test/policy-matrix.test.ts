/**
 * Route × role matrix. The table below is written out by hand from ACTIONS in
 * core/auth/policy.ts: a change of policy without a change here fails, and so does a route that
 * has no row here. Every route is then called as every demo role and anonymously.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/auth/roles';
import { ROLES } from '../core/auth/roles';
import { assertRoutePolicy, registerRequestContext } from '../core/http/request-context';
import { DIALECTS, createTestApp, type TestApp } from './harness';
import { enterpriseBody, expectProblem, freshCreditCode, idem, json, multipartFile, routesFromOpenApi, routesFromTree } from './helpers';

const ANYONE: Role[] = ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'];

/** Who may call each route. `public` needs no session. Written out literally on purpose. */
const EXPECTED: Record<string, 'public' | Role[]> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/session': 'public',
  'GET /api/session/state': 'public',
  'GET /api/session': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'DELETE /api/session': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/session/alliance': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/session/password': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/alliances': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/alliances': ['platform_admin'],
  'GET /api/alliances/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'PATCH /api/alliances/:id': ['platform_admin', 'secretary'],
  'GET /api/users': ['platform_admin', 'secretary', 'enterprise_admin'],
  'GET /api/users/directory': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/users': ['platform_admin', 'secretary', 'enterprise_admin'],
  'PATCH /api/users/:id': ['platform_admin', 'secretary', 'enterprise_admin'],
  'POST /api/users/:id/password-reset': ['platform_admin', 'secretary', 'enterprise_admin'],
  'GET /api/audit': ['platform_admin', 'secretary'],
  'GET /api/enterprises': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/enterprises': ['platform_admin', 'secretary'],
  // Memberships by consent (membership.request / update / remove / firm).
  'POST /api/enterprises/join': ['platform_admin', 'secretary'],
  'GET /api/enterprises/join-requests': ['platform_admin', 'secretary'],
  'PATCH /api/enterprises/:id/membership': ['platform_admin', 'secretary', 'commissioner'],
  'DELETE /api/enterprises/:id/membership': ['platform_admin', 'secretary'],
  'GET /api/firms': ['platform_admin', 'enterprise_admin'],
  'GET /api/firms/requests': ['platform_admin', 'enterprise_admin'],
  'POST /api/firms/requests/:id/accept': ['platform_admin', 'enterprise_admin'],
  'POST /api/firms/requests/:id/refuse': ['platform_admin', 'enterprise_admin'],
  'GET /api/firms/:enterpriseId/memberships': ['platform_admin', 'enterprise_admin'],
  'PATCH /api/firms/:enterpriseId/memberships/:allianceId': ['platform_admin', 'enterprise_admin'],
  'DELETE /api/firms/:enterpriseId/memberships/:allianceId': ['platform_admin', 'enterprise_admin'],
  'GET /api/enterprises/export': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/enterprises/import-template': ['platform_admin', 'secretary'],
  'POST /api/enterprises/import': ['platform_admin', 'secretary'],
  'GET /api/enterprises/import/progress': ['platform_admin', 'secretary'],
  'GET /api/enterprises/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PATCH /api/enterprises/:id': ['platform_admin', 'enterprise_admin'],
  'PUT /api/enterprises/:id/commissioner': ['platform_admin', 'secretary'],
  'POST /api/enterprises/:id/reports': ['commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/enterprises/:id/reports': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/enterprises/:id/reports/:date': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/reports/latest': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/reports/missing': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/reports/trend': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  // Supply-chain map (chain.read / chain.declare).
  'GET /api/chain/items': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/chain/members': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/chain/items': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin'],
  'GET /api/chain/links': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/chain/links': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin'],
  'GET /api/chain/links/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PATCH /api/chain/links/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin'],
  'POST /api/chain/links/:id/confirm': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin'],
  'DELETE /api/chain/links/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin'],
  'GET /api/chain/links/export': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  // Policy chain.declare, but only alliance staff import: the service answers enterprise_admin with 403.
  'POST /api/chain/links/import': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  // Chain-break analysis (chain.analyse) and scenarios (chain.scenario).
  'POST /api/chain/analyses': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/chain/analyses/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/chain/scenarios': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/chain/problems': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/chain/scenarios': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/chain/scenarios/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'PATCH /api/chain/scenarios/:id': ['platform_admin', 'secretary', 'group_member'],
  'DELETE /api/chain/scenarios/:id': ['platform_admin', 'secretary', 'group_member'],
  // Working-day calendar (calendar.read / calendar.manage).
  'GET /api/calendar': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/calendar/days': ['platform_admin'],
  'GET /api/calendar/status': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/calendar/import': ['platform_admin'],
  // Problem handling (ticket.read / create / handle / route / overview).
  'GET /api/tickets': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/tickets': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/tickets/proposals': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/tickets/proposals/confirm': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/tickets/proposals/dismiss': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/tickets/figures': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/tickets/supervision': ['platform_admin'],
  'GET /api/tickets/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'PATCH /api/tickets/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  'POST /api/tickets/:id/transitions': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/tickets/:id/transfer': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  'PUT /api/tickets/:id/handlers': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  'POST /api/tickets/:id/comments': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/tickets/:id/split': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  'POST /api/tickets/:id/satisfaction': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/tickets/:id/attachments': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/tickets/:id/attachments/:attachmentId': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/routing-rules': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'PUT /api/routing-rules': ['platform_admin', 'secretary'],
  'GET /api/sla-policies': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'PUT /api/sla-policies': ['platform_admin', 'secretary'],
  // Joint meetings (meeting.read / meeting.manage).
  'GET /api/meetings': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  'POST /api/meetings': ['platform_admin', 'secretary'],
  'GET /api/meetings/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  'PATCH /api/meetings/:id': ['platform_admin', 'secretary'],
  'POST /api/meetings/:id/agenda/build': ['platform_admin', 'secretary'],
  'PUT /api/meetings/:id/agenda': ['platform_admin', 'secretary'],
  'PUT /api/meetings/:id/minutes': ['platform_admin', 'secretary'],
  'POST /api/meetings/:id/decisions': ['platform_admin', 'secretary'],
  'GET /api/meetings/:id/minutes.docx': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert'],
  // Risk register (risk.read / risk.manage).
  'GET /api/risks': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/risks': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/risks/heatmap': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/risks/reviews/overdue': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/risks/proposals': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/risks/proposals': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/risks/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'PATCH /api/risks/:id': ['platform_admin', 'secretary', 'group_member'],
  'DELETE /api/risks/:id': ['platform_admin', 'secretary', 'group_member'],
  // Volunteer experts and consultations (expert.* / consultation.*).
  'GET /api/expert-specialties': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/expert-specialties': ['platform_admin'],
  'PATCH /api/expert-specialties/:id': ['platform_admin'],
  'GET /api/experts': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/experts/me': ['expert'],
  'PATCH /api/experts/me': ['expert'],
  'GET /api/experts/figures': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'PATCH /api/experts/:id': ['platform_admin'],
  'GET /api/experts/import-template': ['platform_admin'],
  'POST /api/experts/import': ['platform_admin'],
  'GET /api/consultations': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/consultations': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/consultations/candidates': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/consultations/plan': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/consultations/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/consultations/:id/ranking': ['platform_admin', 'secretary', 'group_member'],
  'PUT /api/consultations/:id/experts': ['platform_admin', 'secretary', 'group_member'],
  'POST /api/consultations/:id/response': ['expert'],
  'GET /api/consultations/:id/messages': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/consultations/:id/messages': ['expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/consultations/:id/stream': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/consultations/:id/read': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/consultations/:id/attachments': ['expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/consultations/:id/attachments/:attachmentId': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/consultations/:id/visits': ['platform_admin', 'secretary', 'group_member', 'expert'],
  'POST /api/consultations/:id/rating': ['enterprise_admin', 'enterprise_staff'],
  'POST /api/consultations/:id/close': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/visits': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/visits/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/visits/:id/check-in': ['platform_admin', 'secretary', 'group_member', 'expert'],
  'PUT /api/visits/:id/report': ['platform_admin', 'secretary', 'group_member', 'expert'],
  'GET /api/visits/:id/report.docx': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  // Notifications (notification.self) and outbound webhooks (webhook.manage).
  'GET /api/notifications': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/notifications/unread-count': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/notifications/read': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/notifications/prefs': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/notifications/prefs': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/notifications/stream': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/webhooks': ['platform_admin', 'secretary'],
  // The city view (city.read).
  'GET /api/city': ['platform_admin'],
  'GET /api/city/breakdown': ['platform_admin'],
  'GET /api/city/firms': ['platform_admin'],
  'GET /api/city/firms/export': ['platform_admin'],
  'GET /api/city/stream': ['platform_admin'],
  // Briefings (briefing.read / briefing.city).
  'GET /api/briefings/alliance': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/briefings/alliance/download': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/briefings/city': ['platform_admin'],
  'GET /api/briefings/city/download': ['platform_admin'],
  'GET /api/briefings/scheduled': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'POST /api/webhooks': ['platform_admin', 'secretary'],
  'PATCH /api/webhooks/:id': ['platform_admin', 'secretary'],
  'DELETE /api/webhooks/:id': ['platform_admin', 'secretary'],
  'POST /api/webhooks/:id/test': ['platform_admin', 'secretary'],
  'GET /api/webhooks/:id/deliveries': ['platform_admin', 'secretary'],
  // The file store (file.read / file.upload; the owner type decides the rest) and departments.
  'GET /api/files': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/files': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/files/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'DELETE /api/files/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/departments': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'expert', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/departments': ['platform_admin'],
  'PATCH /api/departments/:id': ['platform_admin'],
  'DELETE /api/departments/:id': ['platform_admin'],
  'PUT /api/users/:id/department': ['platform_admin', 'secretary'],
  'GET /api/purchasing/campaigns': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/purchasing/campaigns': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/purchasing/totals': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/purchasing/figures': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/market/figures': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/city/co-sharing': ['platform_admin'],
  'GET /api/purchasing/campaigns/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/purchasing/campaigns/:id/pledges': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/purchasing/campaigns/:id/pledges': ['enterprise_admin', 'enterprise_staff'],
  'GET /api/purchasing/campaigns/:id/suggestions': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/purchasing/campaigns/:id/lock': ['platform_admin', 'secretary', 'group_member'],
  'POST /api/purchasing/campaigns/:id/order': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/purchasing/campaigns/:id/deliveries': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/purchasing/campaigns/:id/deliveries': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/purchasing/campaigns/:id/settlement': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/market/posts': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/market/posts': ['enterprise_admin', 'enterprise_staff'],
  'GET /api/market/matches': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/market/deals': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/market/deals': ['enterprise_admin', 'enterprise_staff'],
  'POST /api/market/deals/:id/step': ['enterprise_admin', 'enterprise_staff'],
  'GET /api/market/orders': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/market/orders': ['enterprise_admin', 'enterprise_staff'],
  'GET /api/market/orders/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/market/orders/:id/quotes': ['enterprise_admin', 'enterprise_staff'],
  'GET /api/market/orders/:id/split-suggestion': ['enterprise_admin', 'enterprise_staff'],
  'POST /api/market/orders/:id/split': ['enterprise_admin', 'enterprise_staff'],
  'POST /api/market/orders/:id/deliveries': ['enterprise_admin', 'enterprise_staff'],
  // Shared employees (共享员工).
  'GET /api/workforce/job-types': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/workforce/settings': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PATCH /api/workforce/settings': ['platform_admin', 'secretary'],
  'GET /api/workforce/postings': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/postings': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/postings/:id/close': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/match': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/workforce/proposals': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/proposals/:id/review': ['platform_admin', 'secretary', 'group_member'],
  'POST /api/workforce/proposals/:id/answer': ['enterprise_admin'],
  'GET /api/workforce/placements': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/workforce/placements/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PATCH /api/workforce/placements/:id': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/placements/:id/transition': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/placements/:id/attendance': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/workforce/placements/:id/agreement.docx': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/workforce/settlement.xlsx': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/workforce/workers': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/workers': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/workforce/workers/:id/reveal': ['platform_admin', 'secretary', 'enterprise_admin'],
  'DELETE /api/workforce/workers/:id': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/workforce/figures': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  // Policies (policy.read / policy.match / policy.manage).
  'GET /api/policies': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/policies': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/policies/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/policies/:id/matches': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/enterprises/:id/policies': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  // Fulfilment and co-research (policy.applications / fulfil / totals / ask / answer).
  'GET /api/policy-applications': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/policy-applications': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/policy-applications/totals': ['platform_admin', 'secretary', 'group_member', 'commissioner'],
  'GET /api/policy-applications/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/policy-applications/:id/transition': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/policies/:id/questions': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/policies/:id/questions': ['enterprise_admin', 'enterprise_staff'],
  'POST /api/policy-questions/:id/answer': ['platform_admin', 'secretary', 'group_member'],
  // Joint prevention (prevention.read / manage / inspect / supplies).
  'GET /api/prevention/settings': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/prevention/settings': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/prevention/standards': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/prevention/standards': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/prevention/standards/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/prevention/standards/:id/draft': ['platform_admin', 'secretary', 'group_member'],
  'POST /api/prevention/standards/:id/publish': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/prevention/standard-versions/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/prevention/inspections': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/prevention/inspections': ['enterprise_admin', 'enterprise_staff'],
  'GET /api/prevention/inspections/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'GET /api/prevention/trainings': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/prevention/trainings': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/prevention/trainings/:id': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/prevention/trainings/:id/attendance': ['platform_admin', 'secretary', 'group_member'],
  'GET /api/prevention/supplies': ['platform_admin', 'secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/prevention/supplies': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'PUT /api/prevention/supplies/:id': ['platform_admin', 'secretary', 'group_member', 'enterprise_admin', 'enterprise_staff'],
  'POST /api/prevention/supplies/invite': ['platform_admin', 'secretary', 'group_member'],
};

/** The demo login holding each role (and only that role) in the leather alliance. */
const LOGIN: Record<Role, string> = {
  platform_admin: 'admin',
  secretary: 'secretary',
  group_member: 'tech',
  commissioner: 'commissioner',
  expert: 'expert',
  enterprise_admin: 'firm',
  enterprise_staff: 'staff',
};

interface Req {
  url: string;
  body?: unknown;
  payload?: Buffer;
  headers?: Record<string, string>;
  /** Status an allowed caller gets (each request is built to stop at a known, harmless point). */
  ok: number;
  /** Problem code an allowed caller gets, when the answer is an error. */
  okCode?: string;
}

describe('route policy registration', () => {
  it('refuses an /api route without a policy, and one naming an unknown action', async () => {
    const app = Fastify();
    registerRequestContext(app, {} as never);
    expect(() => app.get('/api/x', async () => 'x')).toThrow(/has no policy/);
    expect(() => app.get('/api/y', { config: { policy: 'enterprise.destroy' as never } }, async () => 'y')).toThrow(/unknown policy/);
    // Routes outside /api and the docs UI need none; a declared policy is accepted.
    expect(() => app.get('/not-api', async () => 'ok')).not.toThrow();
    expect(() => app.get('/api/docs/extra', async () => 'ok')).not.toThrow();
    expect(() => app.get('/api/z', { config: { policy: 'enterprise.read' } }, async () => 'z')).not.toThrow();
    await app.close();
  });

  it('assertRoutePolicy is what throws', () => {
    expect(() => assertRoutePolicy({ method: 'GET', url: '/api/q', handler: async () => 1 } as never)).toThrow(/GET \/api\/q has no policy/);
    expect(() => assertRoutePolicy({ method: 'GET', url: '/api/q', config: { policy: 'public' }, handler: async () => 1 } as never)).not.toThrow();
  });
});

describe.each(DIALECTS)('policy matrix (%s)', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  let reportDate: string;
  let takenCode: string;
  let staffId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const role of ROLES) cookies[role] = await t.login(LOGIN[role]);
    const reports = json(await t.call('GET', '/api/enterprises/1/reports', { cookie: cookies.secretary })).items;
    reportDate = reports[0].reportDate;
    takenCode = json(await t.call('GET', '/api/enterprises/1', { cookie: cookies.secretary })).creditCode;
    staffId = json(await t.call('GET', '/api/session', { cookie: cookies.enterprise_staff })).user.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A request for `route` that an allowed caller gets through policy with, but that changes nothing lasting. */
  function requestFor(route: string): Req {
    const report = { reportDate: '2026-11-25', outputPct: 50, capacityPct: 60, staffOnDuty: 20, staffTotal: 10, stage: 'partial', blockers: [] };
    const csv = `企业名称,统一社会信用代码,行业门类,区县代码,职工人数\n矩阵测试有限公司,${freshCreditCode(9_000_001)},C,330324,12\n`;
    const specs: Record<string, Req> = {
      'GET /api/health': { url: '/api/health', ok: 200 },
      'GET /api/openapi.json': { url: '/api/openapi.json', ok: 200 },
      'POST /api/session': { url: '/api/session', body: { username: 'expert', password: t.seed.password }, ok: 200 },
      'GET /api/session': { url: '/api/session', ok: 200 },
      'GET /api/session/state': { url: '/api/session/state', ok: 200 },
      'DELETE /api/session': { url: '/api/session', ok: 200 },
      'PUT /api/session/alliance': { url: '/api/session/alliance', body: { allianceId: 1 }, ok: 200 },
      'PUT /api/session/password': { url: '/api/session/password', body: { currentPassword: 'not-my-password-1', newPassword: 'Abcdefgh12345' }, ok: 422, okCode: 'wrong_password' },
      'GET /api/alliances': { url: '/api/alliances', ok: 200 },
      'POST /api/alliances': { url: '/api/alliances', body: { name: '温州皮革产业链党建联盟', chain: '皮革产业链', industry: 'C', districtCode: '330302' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/alliances/:id': { url: '/api/alliances/1', ok: 200 },
      'PATCH /api/alliances/:id': { url: '/api/alliances/1', body: { version: 9999, description: 'x' }, ok: 409, okCode: 'version_conflict' },
      'GET /api/users': { url: '/api/users', ok: 200 },
      'GET /api/users/directory': { url: '/api/users/directory', ok: 200 },
      // A password without digits: refused by every role allowed to create accounts.
      'POST /api/users': { url: '/api/users', body: { username: 'firm', displayName: '重名', password: 'abcdefghijkl', grants: [{ role: 'enterprise_staff', enterpriseId: 1 }] }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      // The firm's staff account: in sight of its secretary, its firm admin and the platform admin.
      'PATCH /api/users/:id': { url: `/api/users/${staffId}`, body: { version: 9999, displayName: 'x' }, ok: 409, okCode: 'version_conflict' },
      'POST /api/users/:id/password-reset': { url: `/api/users/${staffId}/password-reset`, body: { version: 9999 }, ok: 409, okCode: 'version_conflict' },
      'GET /api/audit': { url: '/api/audit', ok: 200 },
      'GET /api/enterprises': { url: '/api/enterprises', ok: 200 },
      'POST /api/enterprises': { url: '/api/enterprises', body: enterpriseBody(1, { creditCode: takenCode }), headers: idem(), ok: 409, okCode: 'credit_code_taken' },
      'POST /api/enterprises/join': { url: '/api/enterprises/join', body: { creditCode: takenCode }, headers: idem(), ok: 409, okCode: 'already_member' },
      'GET /api/enterprises/join-requests': { url: '/api/enterprises/join-requests', ok: 200 },
      'PATCH /api/enterprises/:id/membership': { url: '/api/enterprises/1/membership', body: { version: 9999, notes: 'x' }, ok: 409, okCode: 'version_conflict' },
      'DELETE /api/enterprises/:id/membership': { url: '/api/enterprises/1/membership?version=9999', ok: 409, okCode: 'version_conflict' },
      'GET /api/firms': { url: '/api/firms', ok: 200 },
      'GET /api/firms/requests': { url: '/api/firms/requests', ok: 200 },
      'POST /api/firms/requests/:id/accept': { url: '/api/firms/requests/999999/accept', ok: 404, okCode: 'not_found' },
      'POST /api/firms/requests/:id/refuse': { url: '/api/firms/requests/999999/refuse', ok: 404, okCode: 'not_found' },
      'GET /api/firms/:enterpriseId/memberships': { url: '/api/firms/1/memberships', ok: 200 },
      'PATCH /api/firms/:enterpriseId/memberships/:allianceId': { url: '/api/firms/1/memberships/1', body: { shareHistory: true, version: 9999 }, ok: 409, okCode: 'version_conflict' },
      'DELETE /api/firms/:enterpriseId/memberships/:allianceId': { url: '/api/firms/1/memberships/1?version=9999', ok: 409, okCode: 'version_conflict' },
      'GET /api/enterprises/export': { url: '/api/enterprises/export', ok: 200 },
      'GET /api/enterprises/import-template': { url: '/api/enterprises/import-template', ok: 200 },
      'POST /api/enterprises/import': { url: '/api/enterprises/import?dryRun=true', ...multipartFile('m.csv', csv, 'text/csv'), ok: 200 },
      // An allowed caller would get a never-ending stream: a malformed token stops it at validation.
      'GET /api/enterprises/import/progress': { url: '/api/enterprises/import/progress?token=x', ok: 400, okCode: 'validation_failed' },
      'GET /api/enterprises/:id': { url: '/api/enterprises/1', ok: 200 },
      'PATCH /api/enterprises/:id': { url: '/api/enterprises/1', body: { version: 9999, name: '改名' }, ok: 409, okCode: 'version_conflict' },
      'PUT /api/enterprises/:id/commissioner': { url: '/api/enterprises/1/commissioner', body: { userId: 1, version: 1 }, ok: 400, okCode: 'validation_failed' },
      'POST /api/enterprises/:id/reports': { url: '/api/enterprises/1/reports', body: report, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/enterprises/:id/reports': { url: '/api/enterprises/1/reports', ok: 200 },
      'GET /api/enterprises/:id/reports/:date': { url: `/api/enterprises/1/reports/${reportDate}`, ok: 200 },
      'GET /api/reports/latest': { url: '/api/reports/latest', ok: 200 },
      'GET /api/reports/missing': { url: '/api/reports/missing', ok: 200 },
      'GET /api/reports/trend': { url: '/api/reports/trend', ok: 200 },
      // Briefings: an impossible date stops the downloads before any printing.
      'GET /api/briefings/alliance': { url: '/api/briefings/alliance?date=2026-13-45', ok: 400, okCode: 'validation_failed' },
      'GET /api/briefings/alliance/download': { url: '/api/briefings/alliance/download?format=pdf&date=2026-13-45', ok: 400, okCode: 'validation_failed' },
      'GET /api/briefings/city': { url: '/api/briefings/city?date=2026-13-45', ok: 400, okCode: 'validation_failed' },
      'GET /api/briefings/city/download': { url: '/api/briefings/city/download?format=xlsx&date=2026-13-45', ok: 400, okCode: 'validation_failed' },
      'GET /api/briefings/scheduled': { url: '/api/briefings/scheduled', ok: 200 },
      'GET /api/chain/items': { url: '/api/chain/items', ok: 200 },
      'GET /api/chain/members': { url: '/api/chain/members', ok: 200 },
      'POST /api/chain/items': { url: '/api/chain/items', body: { name: '  ' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/chain/links': { url: '/api/chain/links', ok: 200 },
      'POST /api/chain/links': { url: '/api/chain/links', body: { supplierId: 1, customerId: 2, itemId: 1, sharePct: 101, leadDays: 3 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/chain/links/:id': { url: '/api/chain/links/999999', ok: 404, okCode: 'not_found' },
      'PATCH /api/chain/links/:id': { url: '/api/chain/links/999999', body: { version: 1, leadDays: 2 }, ok: 404, okCode: 'not_found' },
      'POST /api/chain/links/:id/confirm': { url: '/api/chain/links/999999/confirm', body: { version: 1 }, ok: 404, okCode: 'not_found' },
      'DELETE /api/chain/links/:id': { url: '/api/chain/links/999999?version=1', ok: 404, okCode: 'not_found' },
      'GET /api/chain/links/export': { url: '/api/chain/links/export', ok: 200 },
      'POST /api/chain/links/import': { url: '/api/chain/links/import?dryRun=true', ...multipartFile('l.csv', `供应方信用代码,需求方信用代码,物料,供货份额（%）,交货周期（天）\n${takenCode},${freshCreditCode(9_000_002)},矩阵物料,10,2\n`, 'text/csv'), ok: 200 },
      'POST /api/chain/analyses': { url: '/api/chain/analyses', body: { horizon: 0 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/chain/analyses/:id': { url: '/api/chain/analyses/00000000-0000-4000-8000-000000000000', ok: 404, okCode: 'not_found' },
      'GET /api/chain/scenarios': { url: '/api/chain/scenarios', ok: 200 },
      'POST /api/chain/problems': { url: '/api/chain/problems', body: { analysisId: 'x', from: 'break', firmId: 1 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'POST /api/chain/scenarios': { url: '/api/chain/scenarios', body: { name: '', changes: [] }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/chain/scenarios/:id': { url: '/api/chain/scenarios/999999', ok: 404, okCode: 'not_found' },
      'PATCH /api/chain/scenarios/:id': { url: '/api/chain/scenarios/999999', body: { version: 1, name: 'x' }, ok: 404, okCode: 'not_found' },
      'DELETE /api/chain/scenarios/:id': { url: '/api/chain/scenarios/999999', ok: 404, okCode: 'not_found' },
      // Problem handling, meetings, risks, notifications: each stops at a known, harmless point.
      'GET /api/calendar': { url: '/api/calendar', ok: 200 },
      'PUT /api/calendar/days': { url: '/api/calendar/days', body: { days: [{ date: '2026-12-08', kind: 'workday' }] }, ok: 400, okCode: 'validation_failed' },
      'GET /api/calendar/status': { url: '/api/calendar/status', ok: 200 },
      'POST /api/calendar/import': { url: '/api/calendar/import', body: { year: 2027, text: '一、元旦：1月1日放假，共1天。', dryRun: true }, ok: 200 },
      'GET /api/tickets': { url: '/api/tickets', ok: 200 },
      'POST /api/tickets': { url: '/api/tickets', body: { category: 'funds', title: '缺少企业' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/tickets/proposals': { url: '/api/tickets/proposals', ok: 200 },
      'POST /api/tickets/proposals/confirm': { url: '/api/tickets/proposals/confirm', body: { enterpriseId: 999999, category: 'labour' }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/tickets/proposals/dismiss': { url: '/api/tickets/proposals/dismiss', body: { enterpriseId: 999999, category: 'labour' }, headers: idem(), ok: 404, okCode: 'not_found' },
      'GET /api/tickets/figures': { url: '/api/tickets/figures', ok: 200 },
      'GET /api/tickets/supervision': { url: '/api/tickets/supervision', ok: 200 },
      'GET /api/tickets/:id': { url: '/api/tickets/999999', ok: 404, okCode: 'not_found' },
      'PATCH /api/tickets/:id': { url: '/api/tickets/999999', body: { title: '矩阵测试', version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/tickets/:id/transitions': { url: '/api/tickets/999999/transitions', body: { to: 'accepted', version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/tickets/:id/transfer': { url: '/api/tickets/999999/transfer', body: { toGroup: 'tech', reason: '矩阵测试', version: 1 }, ok: 404, okCode: 'not_found' },
      'PUT /api/tickets/:id/handlers': { url: '/api/tickets/999999/handlers', body: { handlers: [], version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/tickets/:id/comments': { url: '/api/tickets/999999/comments', body: { body: '矩阵测试' }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/tickets/:id/split': { url: '/api/tickets/999999/split', body: { children: [{ title: '子问题', category: 'funds' }], version: 1 }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/tickets/:id/satisfaction': { url: '/api/tickets/999999/satisfaction', body: { score: 5 }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/tickets/:id/attachments': (() => {
        const m = multipartFile('m.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
        return { url: '/api/tickets/999999/attachments', payload: m.payload, headers: { ...m.headers, ...idem() }, ok: 404, okCode: 'not_found' };
      })(),
      'GET /api/tickets/:id/attachments/:attachmentId': { url: '/api/tickets/999999/attachments/1', ok: 404, okCode: 'not_found' },
      'GET /api/routing-rules': { url: '/api/routing-rules', ok: 200 },
      'PUT /api/routing-rules': { url: '/api/routing-rules', body: { rules: [{ category: 'funds', workingGroup: 'market' }], version: 9999 }, ok: 409, okCode: 'version_conflict' },
      'GET /api/sla-policies': { url: '/api/sla-policies', ok: 200 },
      'PUT /api/sla-policies': { url: '/api/sla-policies', body: { policies: [{ priority: 'low', responseDays: 1, resolveDays: 9 }], version: 9999 }, ok: 409, okCode: 'version_conflict' },
      'GET /api/meetings': { url: '/api/meetings', ok: 200 },
      'POST /api/meetings': { url: '/api/meetings', body: { title: '无时间' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/meetings/:id': { url: '/api/meetings/999999', ok: 404, okCode: 'not_found' },
      'PATCH /api/meetings/:id': { url: '/api/meetings/999999', body: { title: '矩阵测试', version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/meetings/:id/agenda/build': { url: '/api/meetings/999999/agenda/build', body: { version: 1 }, ok: 404, okCode: 'not_found' },
      'PUT /api/meetings/:id/agenda': { url: '/api/meetings/999999/agenda', body: { items: [], version: 1 }, ok: 404, okCode: 'not_found' },
      'PUT /api/meetings/:id/minutes': { url: '/api/meetings/999999/minutes', body: { body: '矩阵测试' }, ok: 404, okCode: 'not_found' },
      'POST /api/meetings/:id/decisions': { url: '/api/meetings/999999/decisions', body: { text: '矩阵测试' }, headers: idem(), ok: 404, okCode: 'not_found' },
      'GET /api/meetings/:id/minutes.docx': { url: '/api/meetings/999999/minutes.docx', ok: 404, okCode: 'not_found' },
      'GET /api/risks': { url: '/api/risks', ok: 200 },
      'POST /api/risks': { url: '/api/risks', body: { title: '矩阵', category: 'supply', likelihood: 9, impact: 1 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/risks/heatmap': { url: '/api/risks/heatmap', ok: 200 },
      'GET /api/risks/reviews/overdue': { url: '/api/risks/reviews/overdue', ok: 200 },
      'GET /api/risks/proposals': { url: '/api/risks/proposals', ok: 200 },
      'POST /api/risks/proposals': { url: '/api/risks/proposals', body: { blocker: 'labour', minFirms: 100000 }, headers: idem(), ok: 409, okCode: 'proposal_not_standing' },
      'GET /api/risks/:id': { url: '/api/risks/999999', ok: 404, okCode: 'not_found' },
      'PATCH /api/risks/:id': { url: '/api/risks/999999', body: { impact: 2, version: 1 }, ok: 404, okCode: 'not_found' },
      'DELETE /api/risks/:id': { url: '/api/risks/999999?version=1', ok: 404, okCode: 'not_found' },
      'GET /api/expert-specialties': { url: '/api/expert-specialties', ok: 200 },
      'POST /api/expert-specialties': { url: '/api/expert-specialties', body: { code: 'X', nameZh: '', nameEn: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'PATCH /api/expert-specialties/:id': { url: '/api/expert-specialties/999999', body: { nameZh: '矩阵', version: 1 }, ok: 404, okCode: 'not_found' },
      'GET /api/experts': { url: '/api/experts', ok: 200 },
      // The expert's profile exists (seeded), so reading it writes nothing.
      'GET /api/experts/me': { url: '/api/experts/me', ok: 200 },
      'PATCH /api/experts/me': { url: '/api/experts/me', body: { maxCases: 99, version: 1 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/experts/figures': { url: '/api/experts/figures', ok: 200 },
      'PATCH /api/experts/:id': { url: '/api/experts/999999', body: { verified: true, version: 1 }, ok: 404, okCode: 'not_found' },
      'GET /api/experts/import-template': { url: '/api/experts/import-template', ok: 200 },
      'POST /api/experts/import': { url: '/api/experts/import?dryRun=true', ...multipartFile('x.csv', '登录名,姓名,专业\nmatrix-x,某工,电气\n', 'text/csv'), ok: 200 },
      'GET /api/consultations': { url: '/api/consultations', ok: 200 },
      'POST /api/consultations': { url: '/api/consultations', body: { ticketId: 999999, expertsNeeded: 4 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/consultations/candidates': { url: '/api/consultations/candidates', ok: 200 },
      'POST /api/consultations/plan': { url: '/api/consultations/plan', body: { days: [9] }, ok: 400, okCode: 'validation_failed' },
      'GET /api/consultations/:id': { url: '/api/consultations/999999', ok: 404, okCode: 'not_found' },
      'GET /api/consultations/:id/ranking': { url: '/api/consultations/999999/ranking', ok: 404, okCode: 'not_found' },
      'PUT /api/consultations/:id/experts': { url: '/api/consultations/999999/experts', body: { expertUserIds: [], version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/response': { url: '/api/consultations/999999/response', body: { accept: true }, ok: 404, okCode: 'not_found' },
      'GET /api/consultations/:id/messages': { url: '/api/consultations/999999/messages', ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/messages': { url: '/api/consultations/999999/messages', body: { body: '矩阵' }, headers: idem(), ok: 404, okCode: 'not_found' },
      // An allowed caller would get a never-ending stream: another alliance's (here: no) case is 404 first.
      'GET /api/consultations/:id/stream': { url: '/api/consultations/999999/stream', ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/read': { url: '/api/consultations/999999/read', body: { messageId: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/attachments': (() => {
        const m = multipartFile('m.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
        return { url: '/api/consultations/999999/attachments', payload: m.payload, headers: { ...m.headers, ...idem() }, ok: 404, okCode: 'not_found' };
      })(),
      'GET /api/consultations/:id/attachments/:attachmentId': { url: '/api/consultations/999999/attachments/1', ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/visits': { url: '/api/consultations/999999/visits', body: { visitDate: '2026-11-26', expertUserIds: [1] }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/rating': { url: '/api/consultations/999999/rating', body: { score: 5 }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/consultations/:id/close': { url: '/api/consultations/999999/close', body: { version: 1 }, ok: 404, okCode: 'not_found' },
      'GET /api/visits': { url: '/api/visits', ok: 200 },
      'GET /api/visits/:id': { url: '/api/visits/999999', ok: 404, okCode: 'not_found' },
      'POST /api/visits/:id/check-in': { url: '/api/visits/999999/check-in', ok: 404, okCode: 'not_found' },
      'PUT /api/visits/:id/report': { url: '/api/visits/999999/report', body: { findings: '矩阵', version: 1 }, ok: 404, okCode: 'not_found' },
      'GET /api/visits/:id/report.docx': { url: '/api/visits/999999/report.docx', ok: 404, okCode: 'not_found' },
      'GET /api/notifications': { url: '/api/notifications', ok: 200 },
      'GET /api/notifications/unread-count': { url: '/api/notifications/unread-count', ok: 200 },
      'POST /api/notifications/read': { url: '/api/notifications/read', body: {}, ok: 400, okCode: 'validation_failed' },
      'GET /api/notifications/prefs': { url: '/api/notifications/prefs', ok: 200 },
      'PUT /api/notifications/prefs': { url: '/api/notifications/prefs', body: { prefs: [] }, ok: 400, okCode: 'validation_failed' },
      // An allowed caller would get a never-ending stream: a bad `after` stops it at validation.
      'GET /api/notifications/stream': { url: '/api/notifications/stream?after=x', ok: 400, okCode: 'validation_failed' },
      'GET /api/webhooks': { url: '/api/webhooks', ok: 200 },
      'GET /api/city': { url: '/api/city', ok: 200 },
      'GET /api/city/breakdown': { url: '/api/city/breakdown', ok: 400, okCode: 'validation_failed' },
      'GET /api/city/firms': { url: '/api/city/firms?figure=members&allianceId=999999', ok: 404, okCode: 'not_found' },
      'GET /api/city/firms/export': { url: '/api/city/firms/export', ok: 400, okCode: 'validation_failed' },
      // An allowed caller would get a never-ending stream: an unknown parameter stops it at validation.
      'GET /api/city/stream': { url: '/api/city/stream?x=1', ok: 400, okCode: 'validation_failed' },
      'POST /api/webhooks': { url: '/api/webhooks', body: { kind: 'dingtalk', name: '矩阵', url: 'ftp://x', events: ['ticket.created'] }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'PATCH /api/webhooks/:id': { url: '/api/webhooks/999999', body: { name: '矩阵', version: 1 }, ok: 404, okCode: 'not_found' },
      'DELETE /api/webhooks/:id': { url: '/api/webhooks/999999?version=1', ok: 404, okCode: 'not_found' },
      'POST /api/webhooks/:id/test': { url: '/api/webhooks/999999/test', headers: idem(), ok: 404, okCode: 'not_found' },
      'GET /api/webhooks/:id/deliveries': { url: '/api/webhooks/999999/deliveries', ok: 404, okCode: 'not_found' },
      'GET /api/files': { url: '/api/files?ownerType=ticket&ownerId=999999', ok: 404, okCode: 'not_found' },
      'POST /api/files': (() => {
        const m = multipartFile('m.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
        return { url: '/api/files?ownerType=ticket&ownerId=999999', payload: m.payload, headers: { ...m.headers, ...idem() }, ok: 404, okCode: 'not_found' };
      })(),
      'GET /api/files/:id': { url: '/api/files/999999', ok: 404, okCode: 'not_found' },
      'DELETE /api/files/:id': { url: '/api/files/999999', ok: 404, okCode: 'not_found' },
      'GET /api/departments': { url: '/api/departments', ok: 200 },
      'POST /api/departments': { url: '/api/departments', body: { code: 'matrix', name: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'PATCH /api/departments/:id': { url: '/api/departments/999999', body: { name: '矩阵局', version: 1 }, ok: 404, okCode: 'not_found' },
      'DELETE /api/departments/:id': { url: '/api/departments/999999?version=1', ok: 404, okCode: 'not_found' },
      'PUT /api/users/:id/department': { url: '/api/users/7/department', body: { departmentId: null, version: 9999 }, ok: 409, okCode: 'version_conflict' },
      'GET /api/purchasing/campaigns': { url: '/api/purchasing/campaigns', ok: 200 },
      'POST /api/purchasing/campaigns': { url: '/api/purchasing/campaigns', body: { title: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/purchasing/totals': { url: '/api/purchasing/totals', ok: 200 },
      'GET /api/purchasing/figures': { url: '/api/purchasing/figures', ok: 200 },
      'GET /api/market/figures': { url: '/api/market/figures', ok: 200 },
      'GET /api/city/co-sharing': { url: '/api/city/co-sharing', ok: 200 },
      'GET /api/purchasing/campaigns/:id': { url: '/api/purchasing/campaigns/999999', ok: 404, okCode: 'not_found' },
      'GET /api/purchasing/campaigns/:id/pledges': { url: '/api/purchasing/campaigns/999999/pledges', ok: 404, okCode: 'not_found' },
      'PUT /api/purchasing/campaigns/:id/pledges': { url: '/api/purchasing/campaigns/999999/pledges', body: { enterpriseId: 1, itemId: 1, count: -1 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/purchasing/campaigns/:id/suggestions': { url: '/api/purchasing/campaigns/999999/suggestions', ok: 404, okCode: 'not_found' },
      'POST /api/purchasing/campaigns/:id/lock': { url: '/api/purchasing/campaigns/999999/lock', body: { version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/purchasing/campaigns/:id/order': { url: '/api/purchasing/campaigns/999999/order', body: { version: 1 }, ok: 404, okCode: 'not_found' },
      'GET /api/purchasing/campaigns/:id/deliveries': { url: '/api/purchasing/campaigns/999999/deliveries', ok: 404, okCode: 'not_found' },
      'POST /api/purchasing/campaigns/:id/deliveries': { url: '/api/purchasing/campaigns/999999/deliveries', body: { itemId: 1, count: 0, deliveredOn: '2026-11-26' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/purchasing/campaigns/:id/settlement': { url: '/api/purchasing/campaigns/999999/settlement', ok: 400, okCode: 'validation_failed' },
      'GET /api/market/posts': { url: '/api/market/posts', ok: 200 },
      'POST /api/market/posts': { url: '/api/market/posts', body: { side: 'x' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/market/matches': { url: '/api/market/matches', ok: 200 },
      'GET /api/market/deals': { url: '/api/market/deals', ok: 200 },
      'POST /api/market/deals': { url: '/api/market/deals', body: { offerId: 999999, needId: 999998, amount: 1 }, headers: idem(), ok: 404, okCode: 'not_found' },
      'POST /api/market/deals/:id/step': { url: '/api/market/deals/999999/step', body: { version: 1, step: 'confirm' }, ok: 404, okCode: 'not_found' },
      'GET /api/market/orders': { url: '/api/market/orders', ok: 200 },
      'POST /api/market/orders': { url: '/api/market/orders', body: { title: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/market/orders/:id': { url: '/api/market/orders/999999', ok: 404, okCode: 'not_found' },
      'POST /api/market/orders/:id/quotes': { url: '/api/market/orders/999999/quotes', body: { enterpriseId: 1, count: 0 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/market/orders/:id/split-suggestion': { url: '/api/market/orders/999999/split-suggestion', ok: 404, okCode: 'not_found' },
      'POST /api/market/orders/:id/split': { url: '/api/market/orders/999999/split', body: { version: 1, lines: [{ quoteId: 1, count: 1 }] }, ok: 404, okCode: 'not_found' },
      'POST /api/market/orders/:id/deliveries': { url: '/api/market/orders/999999/deliveries', body: { quoteId: 1, count: 1 }, headers: idem(), ok: 404, okCode: 'not_found' },
      'GET /api/workforce/job-types': { url: '/api/workforce/job-types', ok: 200 },
      'GET /api/workforce/settings': { url: '/api/workforce/settings', ok: 200 },
      'PATCH /api/workforce/settings': { url: '/api/workforce/settings', body: { retentionDays: 0, version: 1 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/workforce/postings': { url: '/api/workforce/postings', ok: 200 },
      'POST /api/workforce/postings': { url: '/api/workforce/postings', body: { kind: 'surplus' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'POST /api/workforce/postings/:id/close': { url: '/api/workforce/postings/999999/close', body: { version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/workforce/match': { url: '/api/workforce/match', body: { shortageIds: [0] }, ok: 400, okCode: 'validation_failed' },
      'GET /api/workforce/proposals': { url: '/api/workforce/proposals', ok: 200 },
      'POST /api/workforce/proposals/:id/review': { url: '/api/workforce/proposals/999999/review', body: { decision: 'approve', version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/workforce/proposals/:id/answer': { url: '/api/workforce/proposals/999999/answer', body: { enterpriseId: 1, decision: 'accept', version: 1 }, ok: 404, okCode: 'not_found' },
      'GET /api/workforce/placements': { url: '/api/workforce/placements', ok: 200 },
      'GET /api/workforce/placements/:id': { url: '/api/workforce/placements/999999', ok: 404, okCode: 'not_found' },
      'PATCH /api/workforce/placements/:id': { url: '/api/workforce/placements/999999', body: { hoursPerDay: 8, version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/workforce/placements/:id/transition': { url: '/api/workforce/placements/999999/transition', body: { to: 'agreed', version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/workforce/placements/:id/attendance': { url: '/api/workforce/placements/999999/attendance', body: { workDate: '2026-11-24', hours: 8 }, ok: 404, okCode: 'not_found' },
      'GET /api/workforce/placements/:id/agreement.docx': { url: '/api/workforce/placements/999999/agreement.docx', ok: 404, okCode: 'not_found' },
      'GET /api/workforce/settlement.xlsx': { url: '/api/workforce/settlement.xlsx', ok: 200 },
      'GET /api/workforce/workers': { url: '/api/workforce/workers', ok: 200 },
      'POST /api/workforce/workers': { url: '/api/workforce/workers', body: { name: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'POST /api/workforce/workers/:id/reveal': { url: '/api/workforce/workers/999999/reveal', body: { field: 'phone' }, ok: 404, okCode: 'not_found' },
      'DELETE /api/workforce/workers/:id': { url: '/api/workforce/workers/999999', ok: 404, okCode: 'not_found' },
      'GET /api/workforce/figures': { url: '/api/workforce/figures', ok: 200 },
      'GET /api/policies': { url: '/api/policies', ok: 200 },
      'POST /api/policies': { url: '/api/policies', body: { title: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/policies/:id': { url: '/api/policies/999999', ok: 404, okCode: 'not_found' },
      'GET /api/policies/:id/matches': { url: '/api/policies/999999/matches', ok: 404, okCode: 'not_found' },
      'GET /api/enterprises/:id/policies': { url: '/api/enterprises/999999/policies', ok: 404, okCode: 'not_found' },
      'GET /api/policy-applications': { url: '/api/policy-applications', ok: 200 },
      'POST /api/policy-applications': { url: '/api/policy-applications', body: { policyId: 0 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/policy-applications/totals': { url: '/api/policy-applications/totals', ok: 200 },
      'GET /api/policy-applications/:id': { url: '/api/policy-applications/999999', ok: 404, okCode: 'not_found' },
      'POST /api/policy-applications/:id/transition': { url: '/api/policy-applications/999999/transition', body: { to: 'nowhere', version: 1 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/policies/:id/questions': { url: '/api/policies/999999/questions', ok: 404, okCode: 'not_found' },
      'POST /api/policies/:id/questions': { url: '/api/policies/999999/questions', body: { question: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'POST /api/policy-questions/:id/answer': { url: '/api/policy-questions/999999/answer', body: { answer: '', publish: true, version: 1 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/settings': { url: '/api/prevention/settings', ok: 200 },
      'PUT /api/prevention/settings': { url: '/api/prevention/settings', body: { coverThresholdDays: 0, version: 1 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/standards': { url: '/api/prevention/standards', ok: 200 },
      'POST /api/prevention/standards': { url: '/api/prevention/standards', body: { title: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/standards/:id': { url: '/api/prevention/standards/999999', ok: 404, okCode: 'not_found' },
      'PUT /api/prevention/standards/:id/draft': { url: '/api/prevention/standards/999999/draft', body: { title: '', items: [], version: 1 }, ok: 400, okCode: 'validation_failed' },
      'POST /api/prevention/standards/:id/publish': { url: '/api/prevention/standards/999999/publish', body: { version: 0 }, ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/standard-versions/:id': { url: '/api/prevention/standard-versions/999999', ok: 404, okCode: 'not_found' },
      'GET /api/prevention/inspections': { url: '/api/prevention/inspections', ok: 200 },
      'POST /api/prevention/inspections': { url: '/api/prevention/inspections', body: { enterpriseId: 0 }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/inspections/:id': { url: '/api/prevention/inspections/999999', ok: 404, okCode: 'not_found' },
      'GET /api/prevention/trainings': { url: '/api/prevention/trainings', ok: 200 },
      'POST /api/prevention/trainings': { url: '/api/prevention/trainings', body: { topic: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/trainings/:id': { url: '/api/prevention/trainings/999999', ok: 404, okCode: 'not_found' },
      'PUT /api/prevention/trainings/:id/attendance': { url: '/api/prevention/trainings/999999/attendance', body: { version: 0, attendance: [] }, ok: 400, okCode: 'validation_failed' },
      'GET /api/prevention/supplies': { url: '/api/prevention/supplies', ok: 200 },
      'POST /api/prevention/supplies': { url: '/api/prevention/supplies', body: { name: '' }, headers: idem(), ok: 400, okCode: 'validation_failed' },
      'PUT /api/prevention/supplies/:id': { url: '/api/prevention/supplies/999999', body: { stockAmount: 1, dailyUseAmount: 1, version: 1 }, ok: 404, okCode: 'not_found' },
      'POST /api/prevention/supplies/invite': { url: '/api/prevention/supplies/invite', body: { campaignId: 0 }, ok: 400, okCode: 'validation_failed' },
    };
    const spec = specs[route];
    if (!spec) throw new Error(`no request spec for ${route}`);
    return spec;
  }

  async function send(route: string, cookie: string | undefined) {
    const method = route.split(' ')[0]!;
    const r = requestFor(route);
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(r.headers ?? {}) };
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    return t.app.inject({ method: method as 'GET', url: r.url, headers, payload: r.payload ?? (r.body !== undefined ? JSON.stringify(r.body) : undefined) });
  }

  it('the table covers exactly the routes of the OpenAPI document and of the router', () => {
    const documented = routesFromOpenApi(t.app.swagger() as never);
    // openapi.json documents everything but itself.
    expect([...documented, 'GET /api/openapi.json'].sort()).toEqual(Object.keys(EXPECTED).sort());
    const registered = routesFromTree(t.app.printRoutes({ commonPrefix: false })).filter((r) => !r.split(' ')[1]!.startsWith('/api/docs'));
    expect(registered).toEqual(Object.keys(EXPECTED).sort());
    for (const key of Object.keys(EXPECTED)) {
      const [method, url] = key.split(' ');
      expect(t.app.hasRoute({ method: method as 'GET', url: url! }), key).toBe(true);
    }
  });

  it('each demo login holds exactly its role in the leather alliance', async () => {
    for (const role of ROLES) {
      const s = json(await t.call('GET', '/api/session', { cookie: cookies[role] }));
      expect(s.roles, LOGIN[role]).toEqual([role]);
      expect(s.allianceId).toBe(1);
    }
  });

  it('anonymous callers get 401 on every non-public route and through on public ones', async () => {
    for (const [route, allowed] of Object.entries(EXPECTED)) {
      const res = await send(route, undefined);
      if (allowed === 'public') {
        expect(res.statusCode, route).toBe(requestFor(route).ok);
      } else {
        expectProblem(res, 401, 'unauthenticated');
      }
    }
  });

  for (const role of ROLES) {
    it(`${role}: 403 exactly where the table says, and through policy elsewhere`, async () => {
      for (const [route, allowed] of Object.entries(EXPECTED)) {
        let cookie = cookies[role];
        // Signing out ends the session: use a throw-away one.
        if (route === 'DELETE /api/session') cookie = await t.login(LOGIN[role]);
        const res = await send(route, cookie);
        const ctx = `${role} ${route}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (allowed !== 'public' && !allowed.includes(role)) {
          expectProblem(res, 403, 'forbidden');
          continue;
        }
        expect([401, 403], ctx).not.toContain(res.statusCode);
        const spec = requestFor(route);
        expect(res.statusCode, ctx).toBe(spec.ok);
        if (spec.okCode) expect(json(res).code, ctx).toBe(spec.okCode);
      }
      // The session still works (nothing above signed this role out).
      expect((await t.call('GET', '/api/session', { cookie: cookies[role] })).statusCode).toBe(200);
    });
  }

  it('the matrix wrote nothing but session audit rows', async () => {
    const rows = await t.handle.db.selectFrom('audit_log').select('action').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of actions) expect(['seed.demo', 'session.login', 'session.logout', 'session.switch_alliance']).toContain(a);
    const names = await t.handle.db.selectFrom('enterprises').select('name').where('name', '=', '改名').execute();
    expect(names).toHaveLength(0);
  });

  describe('tenant isolation', () => {
    let fishery: string;
    let fisheryCommissioner: string;

    beforeAll(async () => {
      fishery = await t.login('secretary-fishery');
      fisheryCommissioner = await t.login('commissioner-fishery');
    });

    const leatherOnly = 1; // first firm of the leather alliance, member of no other alliance

    it('the test enterprise belongs to the leather alliance only', async () => {
      const m = await t.handle.db.selectFrom('alliance_members').select('alliance_id').where('enterprise_id', '=', leatherOnly).execute();
      expect(m.map((r) => r.alliance_id)).toEqual([1]);
    });

    it('another alliance cannot read a leather firm (404)', async () => {
      expectProblem(await t.call('GET', `/api/enterprises/${leatherOnly}`, { cookie: fishery }), 404, 'not_found');
      expectProblem(await t.call('GET', `/api/enterprises/${leatherOnly}/reports`, { cookie: fishery }), 404, 'not_found');
      expectProblem(await t.call('GET', `/api/enterprises/${leatherOnly}/reports/${reportDate}`, { cookie: fishery }), 404, 'not_found');
      // A firm that does not exist at all answers the same.
      expectProblem(await t.call('GET', '/api/enterprises/999999', { cookie: fishery }), 404, 'not_found');
    });

    it('another alliance cannot edit a leather firm (403 for its identity, 404 for a membership it lacks) and the row is unchanged', async () => {
      const before = json(await t.call('GET', `/api/enterprises/${leatherOnly}`, { cookie: cookies.secretary }));
      // No secretary edits a firm's shared identity (policy: the firm's admin and the platform admin).
      const res = await t.call('PATCH', `/api/enterprises/${leatherOnly}`, { cookie: fishery, body: { version: before.version, name: '被篡改的名字', headcount: 1 } });
      expectProblem(res, 403, 'forbidden');
      expectProblem(await t.call('PATCH', `/api/enterprises/${leatherOnly}/membership`, { cookie: fishery, body: { version: 1, notes: '越权' } }), 404, 'not_found');
      expectProblem(await t.call('DELETE', `/api/enterprises/${leatherOnly}/membership?version=1`, { cookie: fishery }), 404, 'not_found');
      // Nor does it decide for the firm.
      expectProblem(await t.call('GET', `/api/firms/${leatherOnly}/memberships`, { cookie: fishery }), 403, 'forbidden');
      const after = json(await t.call('GET', `/api/enterprises/${leatherOnly}`, { cookie: cookies.secretary }));
      expect(after).toEqual(before);
      expectProblem(await t.call('PUT', `/api/enterprises/${leatherOnly}/commissioner`, { cookie: fishery, body: { userId: null, version: 1 } }), 404, 'not_found');
      expect(json(await t.call('GET', `/api/enterprises/${leatherOnly}`, { cookie: cookies.secretary })).commissioner).toEqual(before.commissioner);
    });

    it('another alliance cannot file a report for a leather firm and nothing is written', async () => {
      const count = async () =>
        Number((await t.handle.db.selectFrom('resumption_reports').select((eb) => eb.fn.countAll().as('n')).where('enterprise_id', '=', leatherOnly).executeTakeFirstOrThrow()).n);
      const audits = async () => Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', 'like', 'report.%').executeTakeFirstOrThrow()).n);
      const [n0, a0] = [await count(), await audits()];
      const body = { reportDate: '2026-11-24', outputPct: 10, capacityPct: 10, staffOnDuty: 1, staffTotal: 10, stage: 'partial', blockers: [], version: 1 };
      // The commissioner of the fishery alliance may file reports, but not for a firm outside it.
      expectProblem(await t.call('POST', `/api/enterprises/${leatherOnly}/reports`, { cookie: fisheryCommissioner, body, headers: idem() }), 404, 'not_found');
      // A secretary never files reports.
      expectProblem(await t.call('POST', `/api/enterprises/${leatherOnly}/reports`, { cookie: fishery, body, headers: idem() }), 403, 'forbidden');
      expect(await count()).toBe(n0);
      expect(await audits()).toBe(a0);
    });

    it('an enterprise user cannot read another enterprise (404), even in the same alliance', async () => {
      expectProblem(await t.call('GET', '/api/enterprises/2', { cookie: cookies.enterprise_admin }), 404, 'not_found');
      expectProblem(await t.call('GET', '/api/enterprises/2/reports', { cookie: cookies.enterprise_staff }), 404, 'not_found');
      expectProblem(await t.call('PATCH', '/api/enterprises/2', { cookie: cookies.enterprise_admin, body: { version: 1, name: '别家企业' } }), 404, 'not_found');
      expectProblem(await t.call('POST', '/api/enterprises/2/reports', { cookie: cookies.enterprise_admin, body: { reportDate: '2026-11-25', outputPct: 1, capacityPct: 1, staffOnDuty: 1, staffTotal: 1, stage: 'partial' }, headers: idem() }), 404, 'not_found');
      expect((await t.call('GET', '/api/enterprises/1', { cookie: cookies.enterprise_admin })).statusCode).toBe(200);
    });

    it('an alliance that is not yours answers 404 (read, edit, switch)', async () => {
      expectProblem(await t.call('GET', '/api/alliances/2', { cookie: cookies.secretary }), 404, 'not_found');
      expectProblem(await t.call('GET', '/api/alliances/2', { cookie: cookies.enterprise_admin }), 404, 'not_found');
      expectProblem(await t.call('PATCH', '/api/alliances/2', { cookie: cookies.secretary, body: { version: 1, description: '越权' } }), 404, 'not_found');
      expectProblem(await t.call('PUT', '/api/session/alliance', { cookie: cookies.secretary, body: { allianceId: 2 } }), 404, 'not_found');
      expectProblem(await t.call('GET', '/api/alliances/999', { cookie: cookies.platform_admin }), 404, 'not_found');
      const list = json(await t.call('GET', '/api/alliances', { cookie: cookies.secretary }));
      expect(list.items.map((a: { id: number }) => a.id)).toEqual([1]);
      // Global roles see every alliance.
      expect((await t.call('GET', '/api/alliances/2', { cookie: cookies.expert })).statusCode).toBe(200);
    });

    it('people of another alliance are invisible (404)', async () => {
      const staffUser = json(await t.call('GET', '/api/users?q=staff', { cookie: cookies.secretary })).items.find((u: { username: string }) => u.username === 'staff');
      expectProblem(await t.call('PATCH', `/api/users/${staffUser.id}`, { cookie: fishery, body: { version: staffUser.version, disabled: true } }), 404, 'not_found');
      expect((await t.call('GET', '/api/session', { cookie: cookies.enterprise_staff })).statusCode).toBe(200);
      const users = json(await t.call('GET', '/api/users?pageSize=200', { cookie: fishery })).items.map((u: { username: string }) => u.username);
      expect(users).not.toContain('staff');
      expect(users).toContain('secretary-fishery');
    });

    it('the tenant comes from the session: a client-sent allianceId is ignored', async () => {
      const ids = (res: { body: string }) => JSON.parse(res.body).items.map((e: { id?: number; enterpriseId?: number }) => e.id ?? e.enterpriseId).sort();
      const own = await t.call('GET', '/api/enterprises?pageSize=200', { cookie: cookies.secretary });
      const spoofed = await t.call('GET', '/api/enterprises?pageSize=200&allianceId=2', { cookie: cookies.secretary });
      expect(spoofed.statusCode).toBe(200);
      expect(ids(spoofed)).toEqual(ids(own));
      expect(ids(spoofed)).toContain(leatherOnly);
      const latest = await t.call('GET', '/api/reports/latest?pageSize=200&allianceId=2', { cookie: cookies.secretary });
      expect(ids(latest)).toEqual(ids(own));

      const body = { ...enterpriseBody(777), allianceId: 2 };
      const created = await t.call('POST', '/api/enterprises?allianceId=2', { cookie: cookies.secretary, body, headers: idem() });
      expect(created.statusCode).toBe(201);
      const id = json(created).id;
      const membership = await t.handle.db.selectFrom('alliance_members').select('alliance_id').where('enterprise_id', '=', id).execute();
      expect(membership.map((m) => m.alliance_id)).toEqual([1]);
      expectProblem(await t.call('GET', `/api/enterprises/${id}`, { cookie: fishery }), 404, 'not_found');
      expect(json(await t.call('GET', `/api/enterprises/${id}`, { cookie: cookies.secretary })).name).toBe(body.name);
    });
  });
});

// Keep the literal table honest against the role list itself.
describe('policy table', () => {
  it('names only known roles', () => {
    for (const allowed of Object.values(EXPECTED)) if (allowed !== 'public') for (const r of allowed) expect(ANYONE).toContain(r);
  });
});
