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
}

export interface AllianceMembersTable {
  alliance_id: number;
  enterprise_id: number;
  joined_at: string;
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
  submitted_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  alliances: AlliancesTable;
  working_groups: WorkingGroupsTable;
  enterprises: EnterprisesTable;
  alliance_members: AllianceMembersTable;
  user_roles: UserRolesTable;
  commissioner_assignments: CommissionerAssignmentsTable;
  resumption_reports: ResumptionReportsTable;
  resumption_report_history: ResumptionReportHistoryTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type AllianceRow = Selectable<AlliancesTable>;
export type EnterpriseRow = Selectable<EnterprisesTable>;
export type NewEnterprise = Insertable<EnterprisesTable>;
export type EnterpriseUpdate = Updateable<EnterprisesTable>;
export type ResumptionReportRow = Selectable<ResumptionReportsTable>;
export type NewResumptionReport = Insertable<ResumptionReportsTable>;
