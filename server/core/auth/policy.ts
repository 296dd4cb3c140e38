/**
 * Authorization, in one place: `can(actor, action, resource?)`.
 *
 * Every API route names the action it performs (route `config.policy`); a hook refuses the
 * request before the handler runs when the actor's roles never allow that action (403). Services
 * then check the concrete resource: a record outside the actor's alliance, or one the actor may
 * not see, answers 404 — "not found" and "not yours" are the same answer, so ids leak nothing.
 */
import type { Locale } from '../i18n';
import type { Role, WorkingGroup } from './roles';

export interface RoleGrant {
  role: Role;
  allianceId: number | null;
  workingGroup: WorkingGroup | null;
  enterpriseId: number | null;
}

/** Who is asking, resolved from the session for the alliance the session has selected. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  locale: Locale;
  sessionId: string;
  /** The tenant: the alliance selected in the session (never taken from the request). */
  allianceId: number | null;
  grants: RoleGrant[];
  /** Roles effective in the current alliance (global roles included). */
  roles: ReadonlySet<Role>;
  workingGroups: readonly WorkingGroup[];
  /** Enterprises the actor speaks for that are members of the current alliance. */
  enterpriseIds: readonly number[];
  /** Commissioner's caseload in the current alliance. */
  caseload: readonly number[];
}

const STAFF: Role[] = ['platform_admin', 'secretary', 'group_member', 'commissioner'];
const ENTERPRISE: Role[] = ['enterprise_admin', 'enterprise_staff'];
const ANYONE: Role[] = [...STAFF, 'expert', ...ENTERPRISE];

/** Which roles may ever perform an action. Resource rules below narrow it further. */
export const ACTIONS = {
  'account.self': ANYONE,
  'alliance.list': ANYONE,
  'alliance.read': ANYONE,
  'alliance.create': ['platform_admin'],
  'alliance.update': ['platform_admin', 'secretary'],
  'enterprise.list': STAFF,
  'enterprise.read': [...STAFF, ...ENTERPRISE],
  'enterprise.create': ['platform_admin', 'secretary'],
  /**
   * The firm's shared identity (name, credit code, address, contacts, products, output…): one
   * record all its alliances share, so no alliance's staff edits it — only the firm's own admin
   * and the platform admin.
   */
  'enterprise.update': ['platform_admin', 'enterprise_admin'],
  /** Ask a registered firm to join the current alliance; list the alliance's requests. */
  'membership.request': ['platform_admin', 'secretary'],
  /** The current alliance's own membership record of a firm (notes). */
  'membership.update': ['platform_admin', 'secretary', 'commissioner'],
  /** End the current alliance's membership of a firm. */
  'membership.remove': ['platform_admin', 'secretary'],
  /**
   * What the firm decides about its memberships, whatever alliance the session is in: answer
   * join requests, share its report history, leave an alliance.
   */
  'membership.firm': ['platform_admin', 'enterprise_admin'],
  'enterprise.import': ['platform_admin', 'secretary'],
  'enterprise.export': STAFF,
  'report.submit': ['commissioner', ...ENTERPRISE],
  'report.read': [...STAFF, ...ENTERPRISE],
  'report.overview': STAFF,
  'user.list': ['platform_admin', 'secretary', 'enterprise_admin'],
  /** Names of the alliance's staff, to hand work to (people pickers). */
  'user.directory': STAFF,
  /**
   * Accounts. Staff accounts of the alliance are its secretary's; accounts that speak for a firm
   * are the firm admin's (see `users.service.ts` for the one exception: a secretary creates the
   * first admin of a firm the alliance registered).
   */
  'user.manage': ['platform_admin', 'secretary', 'enterprise_admin'],
  'commissioner.assign': ['platform_admin', 'secretary'],
  'audit.read': ['platform_admin', 'secretary'],
  'ticket.create': [...STAFF, ...ENTERPRISE],
  /** Dismiss a ticket proposed from daily reports: whoever may file it may decline it. */
  'ticket.dismiss_proposal': [...STAFF, ...ENTERPRISE],
  'ticket.read': ANYONE,
  'ticket.handle': [...STAFF, 'expert'],
  'ticket.route': ['platform_admin', 'secretary'],
  'ticket.overview': STAFF,
  /** The city's supervision list (督办) of problems escalated to level 3. */
  'ticket.supervise': ['platform_admin'],
  'meeting.read': [...STAFF, 'expert'],
  'meeting.manage': ['platform_admin', 'secretary'],
  'risk.read': STAFF,
  'risk.manage': ['platform_admin', 'secretary', 'group_member'],
  'notification.self': ANYONE,
  'webhook.manage': ['platform_admin', 'secretary'],
  /** The city view (全市大屏): every alliance side by side, breakdowns, the firms behind a figure. */
  'city.read': ['platform_admin'],
  /** Briefings (日报 / 周报): the alliance's for its staff; the city's for the platform admin. */
  'briefing.read': STAFF,
  'briefing.city': ['platform_admin'],
  'calendar.read': ANYONE,
  'calendar.manage': ['platform_admin'],
  'chain.read': [...STAFF, ...ENTERPRISE],
  'chain.declare': [...STAFF, 'enterprise_admin'],
  'chain.analyse': STAFF,
  'chain.scenario': ['platform_admin', 'secretary', 'group_member'],
  /** The file store: whether the actor may see, add or delete an owner's files is the owner type's rule. */
  'file.read': ANYONE,
  'file.upload': ANYONE,
  /** Government departments (人社局, 经信局…): everyone reads them, the platform admin keeps them. */
  'department.read': ANYONE,
  'department.manage': ['platform_admin'],
  /** A person's department (affiliation). */
  'user.affiliate': ['platform_admin', 'secretary'],
  /** The specialty taxonomy of volunteer experts: everyone reads it, the platform admin keeps it. */
  'expert.specialty.read': ANYONE,
  'expert.specialty.manage': ['platform_admin'],
  /** The city-wide pool of experts with their load (to pick and assign them). */
  'expert.list': STAFF,
  /** An expert's own profile, cases and visit calendar. */
  'expert.self': ['expert'],
  /** Verify experts, edit any profile, import experts. */
  'expert.manage': ['platform_admin'],
  /** Figures: demand vs supply per specialty, load, firms helped, capacity regained. */
  'expert.figures': STAFF,
  'consultation.read': ANYONE,
  /** Mark a problem as needing an expert (a consultation request). */
  'consultation.request': STAFF,
  /** Rank, plan, confirm or override who helps. */
  'consultation.assign': ['platform_admin', 'secretary', 'group_member'],
  /** An expert accepts or declines a case proposed to them. */
  'consultation.respond': ['expert'],
  /** Write in the online consultation (the firm and the experts; handlers watch). */
  'consultation.message': ['expert', ...ENTERPRISE],
  /** Schedule on-site visits, check in, write the visit report. */
  'consultation.visit': ['platform_admin', 'secretary', 'group_member', 'expert'],
  'consultation.rate': ENTERPRISE,
  /** Close a consultation (resolves the linked problem). */
  'consultation.close': ['platform_admin', 'secretary', 'group_member'],
  /** Group purchasing (红色团购): campaigns and totals; firms see their own lines only. */
  'purchase.read': [...STAFF, ...ENTERPRISE],
  /** Create a campaign, lock and allocate, order from the supplier, record the supplier's deliveries. */
  'purchase.manage': ['platform_admin', 'secretary', 'group_member'],
  /** A firm pledges for itself. */
  'purchase.pledge': ENTERPRISE,
  /** Record that a firm received its goods: the alliance staff handing out, or the firm itself. */
  'purchase.receive': ['platform_admin', 'secretary', 'group_member', ...ENTERPRISE],
  /** Settlement statement of a firm (.xlsx): the firm and the staff. */
  'purchase.settlement': [...STAFF, ...ENTERPRISE],
  /** The resource board and orders (资源共济 · 订单共商): members and staff read; commercial details only the parties and staff. */
  'market.read': [...STAFF, ...ENTERPRISE],
  /** A firm posts offers, needs and orders, confirms deals, quotes, splits its orders — for itself. */
  'market.post': ENTERPRISE,
  /** Shared employees (共享员工): postings, proposals, placements, figures (firms: their own). */
  'workforce.read': [...STAFF, ...ENTERPRISE],
  'workforce.post': [...STAFF, ...ENTERPRISE],
  /** Run the matcher, review its proposals. */
  'workforce.match': ['platform_admin', 'secretary', 'group_member'],
  /** A firm's answer to a proposal for its side. */
  'workforce.accept': ['enterprise_admin'],
  'workforce.settings': ['platform_admin', 'secretary'],
  /** Placement terms, lifecycle, attendance (resource rules decide which side may do what). */
  'workforce.placement': ['platform_admin', 'secretary', 'group_member', ...ENTERPRISE],
  /** The roster of workers (masked): the employer and alliance staff. */
  'workforce.roster': ['platform_admin', 'secretary', 'group_member', ...ENTERPRISE],
  /** Reveal a full phone or ID number (audited). */
  'workforce.reveal': ['platform_admin', 'secretary', 'enterprise_admin'],
  /** The policy library (政策库) and a member's own matches. */
  'policy.read': [...STAFF, ...ENTERPRISE],
  /** Which members qualify for a policy. */
  'policy.match': STAFF,
  /** Add policies: the policy working group (checked in the service), the secretary, the admin. */
  'policy.manage': ['platform_admin', 'secretary', 'group_member'],
  /** Fulfilment applications (政策兑现): staff see the alliance's, a firm its own. */
  'policy.applications': [...STAFF, ...ENTERPRISE],
  /** Record applications and move them along: the policy working group (checked in the service), the secretary, the admin. */
  'policy.fulfil': ['platform_admin', 'secretary', 'group_member'],
  /** Totals of applications and money by policy, department and alliance. */
  'policy.totals': STAFF,
  /** Co-research (政策共研): a member asks about a policy, for its own firm. */
  'policy.ask': ENTERPRISE,
  /** The policy group answers (checked in the service). */
  'policy.answer': ['platform_admin', 'secretary', 'group_member'],
  /** Joint prevention (防控共抓): standards, self-inspections, trainings, supplies (firms: their own). */
  'prevention.read': [...STAFF, ...ENTERPRISE],
  /** Keep the checklists, trainings, threshold, invitations: the prevention group (checked in the service), the secretary, the admin. */
  'prevention.manage': ['platform_admin', 'secretary', 'group_member'],
  /** A member's self-inspection against the current checklist, for itself. */
  'prevention.inspect': ENTERPRISE,
  /** A firm's prevention supplies: the firm itself, or the prevention group for it. */
  'prevention.supplies': ['platform_admin', 'secretary', 'group_member', ...ENTERPRISE],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;
/** `public` routes need no session; `authenticated` routes need one but no role. */
export type RoutePolicy = Action | 'public' | 'authenticated';

export type Resource =
  | { kind: 'enterprise'; id: number }
  /** A firm as itself, apart from any one alliance (its memberships, its accounts). */
  | { kind: 'firm'; id: number }
  | { kind: 'alliance'; id: number }
  /**
   * A problem ticket and who takes part in it: its enterprise (null for an alliance-level action
   * item), and the parties handling it — lead and co-handler users, the lead and co-handling
   * working groups, co-handling enterprises.
   */
  | { kind: 'ticket'; enterpriseId: number | null; userIds: readonly number[]; groups: readonly WorkingGroup[]; enterpriseIds: readonly number[] }
  | { kind: 'meeting'; attendeeIds: readonly number[] }
  /**
   * A consultation (expert help on a problem): the firm it helps, the experts proposed to it
   * (who may see it to decide) and those who accepted (who work on it).
   */
  | { kind: 'consultation'; enterpriseId: number; proposedIds: readonly number[]; acceptedIds: readonly number[] };

/** Alliance staff (not a firm's account). */
export function isAllianceStaff(actor: Actor): boolean {
  return hasAnyRole(actor, STAFF);
}

function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((r) => actor.roles.has(r));
}

/**
 * May `actor` perform `action` (on `resource`)? The resource, when given, must already be known
 * to belong to the actor's current alliance — services load it scoped to the tenant first.
 */
/**
 * Whether the actor holds the `enterprise_admin` grant of this firm — whichever alliance the
 * session is in: a firm's decisions are its own, not an alliance's.
 */
export function adminOfFirm(actor: Actor, enterpriseId: number): boolean {
  return actor.grants.some((g) => g.role === 'enterprise_admin' && g.enterpriseId === enterpriseId);
}

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  if (!hasAnyRole(actor, ACTIONS[action])) return false;
  if (!resource) return true;
  // Checked before the alliance staff's wide rights below: a secretary who also holds some
  // firm's admin grant must not thereby speak for every firm.
  if (resource.kind === 'firm') return actor.roles.has('platform_admin') || adminOfFirm(actor, resource.id);
  if (resource.kind === 'enterprise' && action === 'enterprise.update') {
    return actor.roles.has('platform_admin') || (adminOfFirm(actor, resource.id) && actor.enterpriseIds.includes(resource.id));
  }
  if (actor.roles.has('platform_admin') || actor.roles.has('secretary')) return true;

  if (resource.kind === 'alliance') {
    return resource.id === actor.allianceId && action !== 'alliance.update';
  }
  if (resource.kind === 'ticket') return canOnTicket(actor, action, resource);
  if (resource.kind === 'consultation') return canOnConsultation(actor, action, resource);
  if (resource.kind === 'meeting') return hasAnyRole(actor, STAFF) || resource.attendeeIds.includes(actor.userId);
  // Enterprise resources.
  const own = actor.enterpriseIds.includes(resource.id);
  const inCaseload = actor.caseload.includes(resource.id);
  switch (action) {
    case 'enterprise.read':
    case 'report.read':
      return actor.roles.has('group_member') || actor.roles.has('commissioner') || own;
    case 'membership.update':
      return inCaseload;
    case 'purchase.pledge':
    case 'market.post':
      return own;
    case 'purchase.receive':
      return own || actor.roles.has('group_member');
    case 'purchase.read':
    case 'purchase.settlement':
      return own || hasAnyRole(actor, STAFF);
    case 'report.submit':
      return inCaseload || own;
    case 'ticket.create':
    case 'ticket.dismiss_proposal':
      return inCaseload || own || actor.roles.has('group_member');
    default:
      return hasAnyRole(actor, STAFF);
  }
}

/**
 * Tickets. Working-group members see every ticket of the alliance (they triage across groups);
 * a commissioner sees the caseload's; an enterprise sees its own and those it co-handles; anyone
 * named on a ticket (lead or co-handler user, member of a lead or co-handling group) sees it.
 * Handling (status changes, transfers, internal comments) is for the parties named as handlers
 * and the commissioner of the enterprise — never for an enterprise account.
 */
function canOnTicket(actor: Actor, action: Action, t: Extract<Resource, { kind: 'ticket' }>): boolean {
  const own = t.enterpriseId !== null && actor.enterpriseIds.includes(t.enterpriseId);
  const inCaseload = t.enterpriseId !== null && actor.caseload.includes(t.enterpriseId);
  const handler = t.userIds.includes(actor.userId) || t.groups.some((g) => actor.workingGroups.includes(g));
  const coEnterprise = t.enterpriseIds.some((e) => actor.enterpriseIds.includes(e));
  switch (action) {
    case 'ticket.read':
      return actor.roles.has('group_member') || inCaseload || own || handler || coEnterprise;
    case 'ticket.handle':
      return handler || (actor.roles.has('commissioner') && inCaseload);
    default:
      return false;
  }
}

/**
 * Consultations. Experts are city-wide: one sees a case while proposed to it or working on it,
 * whatever alliance it belongs to (the service skips the tenant check for them only). Within the
 * alliance, working-group members see every case, a commissioner the caseload's, a firm its own.
 */
function canOnConsultation(actor: Actor, action: Action, c: Extract<Resource, { kind: 'consultation' }>): boolean {
  const own = actor.enterpriseIds.includes(c.enterpriseId);
  const accepted = c.acceptedIds.includes(actor.userId);
  const proposed = c.proposedIds.includes(actor.userId);
  switch (action) {
    case 'consultation.read':
      return actor.roles.has('group_member') || (actor.roles.has('commissioner') && actor.caseload.includes(c.enterpriseId)) || own || accepted || proposed;
    case 'consultation.message':
      return own || accepted;
    case 'consultation.respond':
      return proposed;
    case 'consultation.visit':
      return actor.roles.has('group_member') || accepted;
    case 'consultation.rate':
      return own;
    default:
      return actor.roles.has('group_member');
  }
}
