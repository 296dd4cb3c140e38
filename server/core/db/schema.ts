/**
 * Row types of the database, as Kysely sees them. Kept by hand beside the migrations:
 * `Generated` marks columns the database fills in. These types never leave the server;
 * each module maps rows to its response objects explicitly.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  locale: string;
  disabled: number;
  phone: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  current_alliance_id: number | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: string;
  success: number;
}

export interface AlliancesTable {
  id: Generated<number>;
  name: string;
  chain: string;
  industry: string;
  district_code: string;
  description: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WorkingGroupsTable {
  id: Generated<number>;
  alliance_id: number;
  kind: string;
  name: string;
  lead_user_id: number | null;
}

export interface EnterprisesTable {
  id: Generated<number>;
  name: string;
  credit_code: string;
  industry: string;
  district_code: string;
  headcount: number;
  main_products: string;
  address: string;
  annual_output_fen: number | null;
  contacts_json: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
  /** The alliance that registered the firm (0006). */
  registered_by_alliance_id: number | null;
  /** 规上 (above designated size), 0/1 (0012). */
  above_designated_size: Generated<number>;
  /** Two-digit GB/T 4754 division (大类) within `industry`, null when not given (0012). */
  industry_division: string | null;
  /** Ownership type (see domain/ownership.ts), null when not given (0012). */
  ownership: string | null;
}

/** An accepted, current membership (0006 added the alliance-specific fields). */
export interface AllianceMembersTable {
  alliance_id: number;
  enterprise_id: number;
  joined_at: string;
  notes: Generated<string>;
  share_history: Generated<number>;
  /** First report date this alliance may read: '' = all (history shared, or it registered the firm). */
  reports_from: Generated<string>;
  version: Generated<number>;
}

/** An alliance's request to count a registered firm among its members, answered by the firm (0006). */
export interface MembershipRequestsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  status: string; // pending | accepted | refused
  requested_by: number | null;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  alliance_id: number | null;
  working_group: string | null;
  enterprise_id: number | null;
}

export interface CommissionerAssignmentsTable {
  alliance_id: number;
  enterprise_id: number;
  user_id: number;
  assigned_at: string;
}

/** A policy of the alliance's library (0013). */
export interface PoliciesTable {
  id: Generated<number>;
  alliance_id: number;
  title: string;
  department_id: number | null;
  issued_on: string;
  valid_from: string;
  valid_to: string | null;
  summary: Generated<string>;
  full_text: Generated<string>;
  benefit_kind: string;
  benefit_amount_fen: number | null;
  benefit_formula: Generated<string>;
  rules_json: Generated<string>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ResumptionReportsTable {
  id: Generated<number>;
  enterprise_id: number;
  report_date: string;
  output_pct: number;
  capacity_pct: number;
  staff_on_duty: number;
  staff_total: number;
  stage: string;
  blockers_json: string;
  material_cover_days: number | null;
  prevention_cover_days: number | null;
  /** 0014: staff still away (未返岗), lent out and borrowed in (shared employees). */
  staff_away: Generated<number>;
  staff_lent_out: Generated<number>;
  staff_borrowed_in: Generated<number>;
  submitted_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** Each enterprise's latest report (a copy kept by triggers, migration 0019); `id` is the report's. */
export interface LatestReportsTable extends Omit<ResumptionReportsTable, 'id' | 'version'> {
  id: number;
  version: number;
}

/**
 * What the member lists sort and filter on, one row per membership (migration 0024, kept by
 * triggers): the firm's keys and the membership's visible latest report (null when none).
 */
export interface MemberKeysTable {
  alliance_id: number;
  enterprise_id: number;
  reports_from: string;
  name: string;
  credit_code: string;
  headcount: number;
  district_code: string;
  industry: string;
  created_at: string;
  report_date: string | null;
  stage: string | null;
  output_pct: number | null;
  blockers_json: string | null;
  /** Bit i: the report lists the i-th of 0024's blocker categories (the order of `BLOCKER_CATEGORIES` then). */
  blocker_mask: number | null;
}

/**
 * What the supply-link list sorts and filters on, one row per link (migration 0025, kept by
 * triggers): the customer's and item's names; `live` is 1 while both firms are members.
 */
export interface LinkKeysTable {
  link_id: number;
  alliance_id: number;
  supplier_id: number;
  customer_id: number;
  item_id: number;
  status: string;
  customer_name: string;
  item_name: string;
  live: number;
}

/**
 * The overview's sums per alliance and report date (migration 0023, kept by triggers): over the
 * reports of the alliance's members on or after the membership's `reports_from`, weights are the
 * enterprise's headcount (at least 1); `b_<category>` counts reports naming the blocker.
 */
export interface DailyFiguresTable {
  alliance_id: number;
  report_date: string;
  reported: number;
  stopped: number;
  partial: number;
  full: number;
  weight: number;
  weighted_output: number;
  weighted_capacity: number;
  staff_on_duty: number;
  staff_total: number;
  staff_away: number;
  staff_lent_out: number;
  staff_borrowed_in: number;
  b_raw_material: number;
  b_logistics: number;
  b_labour: number;
  b_equipment: number;
  b_funds: number;
  b_orders: number;
  b_prevention_supplies: number;
  b_policy: number;
}

export interface ResumptionReportHistoryTable {
  id: Generated<number>;
  report_id: number;
  version: number;
  snapshot_json: string;
  changed_by: number | null;
  changed_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  alliance_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  request_id: string | null;
  detail_json: string;
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  scope: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

export interface ChainItemsTable {
  id: Generated<number>;
  alliance_id: number;
  name: string;
  created_at: string;
}

export interface ChainNeedsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  item_id: number;
  essential: number;
  stock_days: number;
  updated_at: string;
  version: Generated<number>;
}

export interface SupplyLinksTable {
  id: Generated<number>;
  alliance_id: number;
  supplier_id: number;
  customer_id: number;
  item_id: number;
  share_bp: number;
  lead_days: number;
  status: string;
  declared_by: string;
  declared_by_user: number | null;
  confirmed_by_user: number | null;
  confirmed_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ChainScenariosTable {
  id: Generated<number>;
  alliance_id: number;
  name: string;
  changes_json: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** A chain analysis job (0005): any process answers polls from here. */
export interface ChainAnalysisJobsTable {
  id: string;
  alliance_id: number;
  requested_by: number;
  kind: string;
  params_json: string;
  request_key: string;
  /** queued | running | done | failed | cancelled */
  status: string;
  phase: string;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  error_code: string | null;
  error_detail: string | null;
  /** gzip of the result's JSON (bytea / blob). */
  result_gzip: Buffer | null;
  result_bytes: number | null;
  process_id: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string;
}

/** A dismissed ticket proposal (0004): hidden while the same run of reports continues. */
export interface TicketProposalDismissalsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  category: string;
  /** The latest report date of the proposal when it was dismissed. */
  report_date: string;
  reason: Generated<string>;
  dismissed_by: number | null;
  dismissed_at: string;
}

export interface WorkdayCalendarTable {
  date: string;
  kind: string;
  name: Generated<string>;
  name_en: Generated<string>;
  updated_at: string;
}

export interface RoutingRulesTable {
  id: Generated<number>;
  alliance_id: number;
  category: string;
  working_group: string | null;
  version: Generated<number>;
  updated_at: string;
}

/** A firm's application for a policy's benefit (0017). Amounts in fen. */
export interface PolicyApplicationsTable {
  id: Generated<number>;
  alliance_id: number;
  policy_id: number;
  enterprise_id: number;
  status: string;
  requested_fen: number;
  approved_fen: number | null;
  disbursed_fen: number | null;
  note: Generated<string>;
  decision_reason: Generated<string>;
  due_on: string | null;
  reminded_at: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  disbursed_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** A member's question on a policy and the policy group's answer (0017). */
export interface PolicyQuestionsTable {
  id: Generated<number>;
  alliance_id: number;
  policy_id: number;
  enterprise_id: number;
  asked_by: number | null;
  question: string;
  answer: string | null;
  answered_by: number | null;
  answered_at: string | null;
  published: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SlaPoliciesTable {
  alliance_id: number;
  priority: string;
  response_days: number;
  resolve_days: number;
  version: Generated<number>;
  updated_at: string;
}

export interface TicketsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number | null;
  parent_id: number | null;
  decision_id: number | null;
  category: string;
  priority: string;
  title: string;
  description: Generated<string>;
  status: string;
  lead_group: string | null;
  lead_user_id: number | null;
  source: string;
  source_ref: string | null;
  created_by: number | null;
  response_due_at: string;
  resolve_due_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  satisfaction: number | null;
  satisfaction_comment: string | null;
  rated_at: string | null;
  escalation_level: Generated<number>;
  warned_at: string | null;
  escalated_at: string | null;
  /** 0011: the pause of a `pending` ticket, and the working days paused so far. */
  paused_at: string | null;
  paused_workdays: Generated<number>;
  response_escalated_at: string | null;
  agenda_pending: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface TicketHandlersTable {
  id: Generated<number>;
  ticket_id: number;
  kind: string;
  working_group: string | null;
  enterprise_id: number | null;
  user_id: number | null;
  added_by: number | null;
  added_at: string;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  kind: string;
  visibility: Generated<string>;
  actor_user_id: number | null;
  from_status: string | null;
  to_status: string | null;
  body: Generated<string>;
  data_json: Generated<string>;
  created_at: string;
}

/** One store for every module's files; `owner_type` + `owner_id` name what a file belongs to. */
export interface FilesTable {
  id: Generated<number>;
  owner_type: string;
  owner_id: number;
  alliance_id: number | null;
  sha256: string;
  storage_path: string;
  mime: string;
  size: number;
  original_name: string;
  visibility: Generated<string>;
  uploaded_by: number | null;
  created_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
}

export interface DepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: Generated<string>;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UserDepartmentsTable {
  user_id: number;
  department_id: number;
  updated_at: string;
}

export interface MeetingsTable {
  id: Generated<number>;
  alliance_id: number;
  title: string;
  scheduled_at: string;
  location: Generated<string>;
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface MeetingAttendeesTable {
  meeting_id: number;
  user_id: number;
}

export interface AgendaItemsTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  kind: string;
  ref_id: number | null;
  title: Generated<string>;
  note: Generated<string>;
  created_at: string;
  /** 0022: the chain analysis (job id) a chain_break / chain_priority item came from. */
  analysis_id?: string | null;
}

export interface MinutesTable {
  meeting_id: number;
  body: Generated<string>;
  updated_by: number | null;
  updated_at: string;
  version: Generated<number>;
}

export interface DecisionsTable {
  id: Generated<number>;
  meeting_id: number;
  agenda_item_id: number | null;
  text: string;
  created_by: number | null;
  created_at: string;
}

export interface RisksTable {
  id: Generated<number>;
  alliance_id: number;
  title: string;
  category: string;
  description: Generated<string>;
  likelihood: number;
  impact: number;
  mitigation: Generated<string>;
  owner_user_id: number | null;
  review_date: string | null;
  status: string;
  /** 0022: the review date the owner was last reminded of. */
  review_reminded_for?: string | null;
  /** 0022: the blocker category a proposal made this risk from. */
  source_blocker?: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface RiskEnterprisesTable {
  risk_id: number;
  enterprise_id: number;
}

/** 0022: risks ↔ problems. */
export interface RiskTicketsTable {
  risk_id: number;
  ticket_id: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  alliance_id: number | null;
  kind: string;
  payload_json: string;
  read_at: string | null;
  created_at: string;
}

export interface NotificationPrefsTable {
  user_id: number;
  event_kind: string;
  channel: string;
  enabled: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  alliance_id: number;
  kind: string;
  name: string;
  url: string;
  secret: string | null;
  events_json: string;
  enabled: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event: string;
  payload_json: string;
  attempt: Generated<number>;
  status: string;
  response_code: number | null;
  next_attempt_at: string | null;
  lease_until: string | null;
  delivered_at: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExpertSpecialtiesTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  keywords: Generated<string>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ExpertProfilesTable {
  user_id: number;
  bio: Generated<string>;
  industries_json: Generated<string>;
  districts_json: Generated<string>;
  availability_json: Generated<string>;
  max_cases: Generated<number>;
  verified: Generated<number>;
  paused: Generated<number>;
  past_cases: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ExpertProfileSpecialtiesTable {
  user_id: number;
  specialty_id: number;
}

export interface ConsultationsTable {
  id: Generated<number>;
  alliance_id: number;
  ticket_id: number;
  enterprise_id: number;
  specialty_id: number | null;
  machine: Generated<string>;
  symptoms: Generated<string>;
  experts_needed: Generated<number>;
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  closed_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  version: Generated<number>;
}

export interface ConsultationExpertsTable {
  id: Generated<number>;
  consultation_id: number;
  expert_user_id: number;
  status: string;
  score: Generated<number>;
  reasons_json: Generated<string>;
  assigned_by: number | null;
  assigned_at: string;
  responded_at: string | null;
  decline_reason: string | null;
}

export interface ConsultationMessagesTable {
  id: Generated<number>;
  consultation_id: number;
  author_user_id: number | null;
  body: Generated<string>;
  attachment_ids_json: Generated<string>;
  created_at: string;
}

export interface ConsultationReadsTable {
  consultation_id: number;
  user_id: number;
  last_read_message_id: number;
  read_at: string;
}

export interface ExpertVisitsTable {
  id: Generated<number>;
  consultation_id: number;
  follow_up_of: number | null;
  visit_date: string;
  status: string;
  note: Generated<string>;
  findings: Generated<string>;
  actions: Generated<string>;
  parts_needed: Generated<string>;
  follow_ups: Generated<string>;
  reported_by: number | null;
  reported_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ExpertVisitExpertsTable {
  visit_id: number;
  expert_user_id: number;
  visit_date: string;
  checked_in_at: string | null;
}

/** 0015: group purchasing (红色团购). Counts are whole units of the item's unit; money fen. */
export interface PurchaseCampaignsTable {
  id: Generated<number>;
  alliance_id: number;
  title: string;
  supplier: string;
  description: Generated<string>;
  status: Generated<string>;
  allocation_rule: string;
  pledge_deadline: string;
  target_cover_days: Generated<number>;
  priority_enterprise_ids: Generated<string>;
  created_by: number | null;
  locked_at: string | null;
  ordered_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface PurchaseItemsTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  name: string;
  spec: Generated<string>;
  unit: string;
  tiers_json: string;
  min_total_count: Generated<number>;
  per_firm_cap: number | null;
  stock_count: number | null;
  daily_use_per_100: number | null;
  available_count: number | null;
  unit_price_fen: number | null;
}

export interface PurchasePledgesTable {
  id: Generated<number>;
  campaign_id: number;
  item_id: number;
  enterprise_id: number;
  count: number;
  allocated_count: number | null;
  received_count: Generated<number>;
  pledged_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface PurchaseDeliveriesTable {
  id: Generated<number>;
  campaign_id: number;
  item_id: number;
  enterprise_id: number | null;
  count: number;
  delivered_on: string;
  note: Generated<string>;
  recorded_by: number | null;
  created_at: string;
}

/** 0018: joint prevention (防控共抓). Supply amounts are integer base units of `unit`. */
export interface PreventionSettingsTable {
  alliance_id: number;
  cover_threshold_days: Generated<number>;
  updated_at: string;
  version: Generated<number>;
}

export interface PreventionStandardsTable {
  id: Generated<number>;
  alliance_id: number;
  title: string;
  draft_json: Generated<string>;
  published_number: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface PreventionStandardVersionsTable {
  id: Generated<number>;
  standard_id: number;
  number: number;
  title: string;
  items_json: string;
  published_by: number | null;
  published_at: string;
}

export interface PreventionInspectionsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  standard_id: number;
  standard_version_id: number;
  inspected_on: string;
  note: Generated<string>;
  failed_count: Generated<number>;
  submitted_by: number | null;
  created_at: string;
}

export interface PreventionInspectionItemsTable {
  id: Generated<number>;
  inspection_id: number;
  position: number;
  outcome: string;
  note: Generated<string>;
  ticket_id: number | null;
}

export interface PreventionTrainingsTable {
  id: Generated<number>;
  alliance_id: number;
  topic: string;
  held_on: string;
  place: Generated<string>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface PreventionTrainingAttendeesTable {
  training_id: number;
  enterprise_id: number;
  expected: number;
  attended: number | null;
}

export interface PreventionSuppliesTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  name: string;
  unit: string;
  stock_amount: number;
  daily_use_amount: number;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface PreventionInvitationsTable {
  campaign_id: number;
  enterprise_id: number;
  cover_days: number;
  invited_at: string;
}

/** 0015: the resource board (资源共济) and orders (订单共商). */
export interface MarketPostsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  side: string;
  kind: string;
  item: string;
  spec: Generated<string>;
  amount: number;
  unit: string;
  available_from: string;
  available_to: string;
  district_code: string | null;
  unit_price_fen: number | null;
  note: Generated<string>;
  status: Generated<string>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface MarketDealsTable {
  id: Generated<number>;
  alliance_id: number;
  offer_id: number;
  need_id: number;
  amount: number;
  unit_price_fen: number | null;
  reasons_json: Generated<string>;
  offer_confirmed_at: string | null;
  need_confirmed_at: string | null;
  status: Generated<string>;
  delivered_amount: number | null;
  received_amount: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface MarketOrdersTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  title: string;
  item: string;
  spec: Generated<string>;
  unit: string;
  count: number;
  need_by: string | null;
  target_price_fen: number | null;
  customer: Generated<string>;
  status: Generated<string>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface MarketQuotesTable {
  id: Generated<number>;
  order_id: number;
  enterprise_id: number;
  count: number;
  unit_price_fen: number;
  delivery_date: string;
  note: Generated<string>;
  awarded_count: number | null;
  delivered_count: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** 0014: shared employees (共享员工). */
export interface WorkforceSettingsTable {
  alliance_id: number;
  reference_wage_fen: Generated<number>;
  max_lend_pct: number | null;
  no_competitor_lending: Generated<number>;
  allow_city: Generated<number>;
  retention_days: Generated<number>;
  agreement_template: string | null;
  updated_at: string;
  version: Generated<number>;
}

export interface WorkforcePostingsTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  kind: string;
  job_type: string;
  skills_json: Generated<string>;
  headcount: number;
  start_date: string;
  end_date: string;
  district_code: string;
  needs_transport: Generated<number>;
  needs_meals: Generated<number>;
  needs_housing: Generated<number>;
  daily_wage_fen: number | null;
  provides_transport: Generated<number>;
  provides_housing: Generated<number>;
  urgency: Generated<number>;
  emergency: Generated<number>;
  note: Generated<string>;
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WorkforceProposalsTable {
  id: Generated<number>;
  alliance_id: number;
  surplus_id: number;
  shortage_id: number;
  headcount: number;
  unit_cost: Generated<number>;
  explanation_json: Generated<string>;
  status: string;
  lender_headcount: number | null;
  borrower_headcount: number | null;
  accepted_headcount: number | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WorkforceWorkersTable {
  id: Generated<number>;
  alliance_id: number;
  enterprise_id: number;
  name: string;
  job_type: string;
  phone_sealed: string | null;
  phone_masked: string | null;
  id_number_sealed: string | null;
  id_number_masked: string | null;
  id_number_hash: string | null;
  purged_at: string | null;
  erased_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WorkforcePlacementsTable {
  id: Generated<number>;
  alliance_id: number;
  proposal_id: number | null;
  surplus_id: number | null;
  shortage_id: number | null;
  lender_id: number;
  borrower_id: number;
  worker_id: number | null;
  job_type: string;
  status: string;
  start_date: string;
  end_date: string;
  daily_wage_fen: number;
  wage_payer: Generated<string>;
  hours_per_day: Generated<number>;
  insurance: Generated<string>;
  safety_training_done: Generated<number>;
  worker_consent_at: string | null;
  end_reason: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WorkforceAttendanceTable {
  id: Generated<number>;
  placement_id: number;
  work_date: string;
  hours: number;
  recorded_by: number | null;
  recorded_at: string;
}

/** Briefings generated on the schedule (0021). */
export interface BriefingsTable {
  id: Generated<number>;
  alliance_id: number | null;
  scope_key: string;
  period: string;
  from_date: string;
  to_date: string;
  xlsx_file_id: number | null;
  pdf_file_id: number | null;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  alliances: AlliancesTable;
  working_groups: WorkingGroupsTable;
  enterprises: EnterprisesTable;
  alliance_members: AllianceMembersTable;
  membership_requests: MembershipRequestsTable;
  user_roles: UserRolesTable;
  commissioner_assignments: CommissionerAssignmentsTable;
  resumption_reports: ResumptionReportsTable;
  latest_reports: LatestReportsTable;
  member_keys: MemberKeysTable;
  link_keys: LinkKeysTable;
  daily_figures: DailyFiguresTable;
  resumption_report_history: ResumptionReportHistoryTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  workday_calendar: WorkdayCalendarTable;
  routing_rules: RoutingRulesTable;
  sla_policies: SlaPoliciesTable;
  tickets: TicketsTable;
  ticket_handlers: TicketHandlersTable;
  ticket_events: TicketEventsTable;
  files: FilesTable;
  briefings: BriefingsTable;
  departments: DepartmentsTable;
  policies: PoliciesTable;
  policy_applications: PolicyApplicationsTable;
  policy_questions: PolicyQuestionsTable;
  user_departments: UserDepartmentsTable;
  meetings: MeetingsTable;
  meeting_attendees: MeetingAttendeesTable;
  agenda_items: AgendaItemsTable;
  minutes: MinutesTable;
  decisions: DecisionsTable;
  risks: RisksTable;
  risk_enterprises: RiskEnterprisesTable;
  notifications: NotificationsTable;
  notification_prefs: NotificationPrefsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  chain_items: ChainItemsTable;
  chain_needs: ChainNeedsTable;
  supply_links: SupplyLinksTable;
  chain_scenarios: ChainScenariosTable;
  ticket_proposal_dismissals: TicketProposalDismissalsTable;
  chain_analysis_jobs: ChainAnalysisJobsTable;
  risk_tickets: RiskTicketsTable;
  expert_specialties: ExpertSpecialtiesTable;
  expert_profiles: ExpertProfilesTable;
  expert_profile_specialties: ExpertProfileSpecialtiesTable;
  consultations: ConsultationsTable;
  consultation_experts: ConsultationExpertsTable;
  consultation_messages: ConsultationMessagesTable;
  consultation_reads: ConsultationReadsTable;
  expert_visits: ExpertVisitsTable;
  expert_visit_experts: ExpertVisitExpertsTable;
  workforce_settings: WorkforceSettingsTable;
  workforce_postings: WorkforcePostingsTable;
  workforce_proposals: WorkforceProposalsTable;
  workforce_workers: WorkforceWorkersTable;
  workforce_placements: WorkforcePlacementsTable;
  workforce_attendance: WorkforceAttendanceTable;
  purchase_campaigns: PurchaseCampaignsTable;
  purchase_items: PurchaseItemsTable;
  purchase_pledges: PurchasePledgesTable;
  purchase_deliveries: PurchaseDeliveriesTable;
  market_posts: MarketPostsTable;
  market_deals: MarketDealsTable;
  market_orders: MarketOrdersTable;
  market_quotes: MarketQuotesTable;
  prevention_settings: PreventionSettingsTable;
  prevention_standards: PreventionStandardsTable;
  prevention_standard_versions: PreventionStandardVersionsTable;
  prevention_inspections: PreventionInspectionsTable;
  prevention_inspection_items: PreventionInspectionItemsTable;
  prevention_trainings: PreventionTrainingsTable;
  prevention_training_attendees: PreventionTrainingAttendeesTable;
  prevention_supplies: PreventionSuppliesTable;
  prevention_invitations: PreventionInvitationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type AllianceRow = Selectable<AlliancesTable>;
export type EnterpriseRow = Selectable<EnterprisesTable>;
export type NewEnterprise = Insertable<EnterprisesTable>;
export type EnterpriseUpdate = Updateable<EnterprisesTable>;
export type ResumptionReportRow = Selectable<ResumptionReportsTable>;
export type NewResumptionReport = Insertable<ResumptionReportsTable>;
