/**
 * Typed errors with stable codes. Services throw `AppError`; the one error handler
 * (`core/http/problem.ts`) turns it into `application/problem+json`. Clients translate `code`,
 * never the English or Chinese sentence in `detail`.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  idempotency_key_required: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  /** A state-changing request a browser sent from a page of another site (core/http/security.ts). */
  cross_site_request: 403,
  not_found: 404,
  version_conflict: 409,
  credit_code_taken: 409,
  registry_changed: 409,
  username_taken: 409,
  already_member: 409,
  /** The alliance already asked this firm to join and the firm has not answered yet. */
  join_request_pending: 409,
  /** The join request was answered already (accepted or refused). */
  request_answered: 409,
  illegal_transition: 409,
  children_open: 409,
  cannot_split: 409,
  ticket_closed: 409,
  already_rated: 409,
  rating_not_allowed: 409,
  /** A department people are still affiliated with cannot be deleted. */
  department_in_use: 409,
  department_issues_policies: 409,
  /** A problem already has its consultation. */
  consultation_exists: 409,
  /** The consultation is closed or cancelled. */
  consultation_closed: 409,
  /** A self-inspection filled against a checklist version that is no longer the current one. */
  standard_superseded: 409,
  /** An expert already has a visit that day. */
  visit_clash: 409,
  /** The case was not proposed to this expert, or they already answered. */
  not_awaiting_answer: 409,
  /** Group purchasing and the market (0015). */
  pledge_closed: 409,
  pledge_above_cap: 422,
  pledge_above_stock: 422,
  minimum_not_reached: 422,
  delivery_above_allocation: 422,
  receipt_above_delivery: 422,
  split_invalid: 422,
  deal_not_confirmable: 409,
  /** A risk proposal no longer stands: too few firms report the blocker, or a risk from it is open. */
  proposal_not_standing: 409,
  /** The firm already has an application for this policy (0017). */
  already_applied: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  import_invalid: 422,
  password_too_weak: 422,
  wrong_password: 422,
  rate_limited: 429,
  internal: 500,
  /** A chain analysis job failed in its worker (the job's `error`; polls still answer 200). */
  analysis_failed: 500,
  unavailable: 503,
  /** No headless Chromium to print a PDF with (the .xlsx works without one). */
  pdf_unavailable: 503,
  /** A chain analysis job's process stopped (shutdown, crash: no heartbeat); run it again. */
  analysis_interrupted: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One field-level problem: where (`path`, e.g. `creditCode` or `rows.3.headcount`) and why. */
export interface FieldError {
  path: string;
  code: string;
  message?: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
    /** Extra members of the problem document (e.g. an import's row report). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
export const versionConflict = (current: number) => new AppError('version_conflict', { current });
export const validationFailed = (errors: FieldError[]) => new AppError('validation_failed', {}, errors);
