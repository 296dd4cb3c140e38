/**
 * Server-side sentences for problem documents, in the user's language. The web app shows its
 * own translation of `code`; these serve API clients, the CLI and logs.
 */
import type { ErrorCode } from './errors';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

type Catalog = Record<ErrorCode, string> & Record<string, string>;

const zh: Catalog = {
  validation_failed: '提交的内容有误，请检查标注的字段。',
  idempotency_key_required: '创建请求缺少 Idempotency-Key 请求头。',
  unauthenticated: '请先登录。',
  invalid_credentials: '用户名或密码错误。',
  forbidden: '您没有执行此操作的权限。',
  account_disabled: '该账号已停用。',
  not_found: '记录不存在，或您无权查看。',
  version_conflict: '该记录已被他人修改，请刷新后重试（当前版本 {current}）。',
  credit_code_taken: '统一社会信用代码 {creditCode} 已登记。',
  username_taken: '用户名 {username} 已被使用。',
  already_member: '该企业已是本联盟成员。',
  payload_too_large: '上传的文件过大。',
  unsupported_media_type: '不支持的文件类型。',
  idempotency_key_reused: '同一 Idempotency-Key 已用于内容不同的请求。',
  import_invalid: '导入文件有 {count} 行错误，未导入任何数据。',
  password_too_weak: '新密码至少 10 位，且须同时包含字母和数字。',
  wrong_password: '当前密码不正确。',
  rate_limited: '尝试次数过多，请 {retryAfter} 秒后再试。',
  internal: '服务器内部错误，请稍后再试。',
  unavailable: '服务暂不可用。',
  // field-level codes
  credit_code_length: '统一社会信用代码应为 18 位。',
  credit_code_charset: '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。',
  credit_code_check_digit: '统一社会信用代码校验位错误，应为 {expected}。',
  duplicate_in_file: '与第 {row} 行重复。',
  unknown_column: '无法识别的列：{column}。',
  staff_exceeds_total: '在岗人数不能超过职工总数。',
  report_date_future: '不能填报未来日期。',
  report_date_too_old: '只能填报或修改最近 {days} 天的日报。',
};

const en: Catalog = {
  validation_failed: 'Some fields are invalid; please check the marked fields.',
  idempotency_key_required: 'Create requests need an Idempotency-Key header.',
  unauthenticated: 'Please sign in.',
  invalid_credentials: 'Wrong username or password.',
  forbidden: 'You are not allowed to do this.',
  account_disabled: 'This account is disabled.',
  not_found: 'Not found, or you may not see it.',
  version_conflict: 'Someone else changed this record; reload and try again (current version {current}).',
  credit_code_taken: 'Credit code {creditCode} is already registered.',
  username_taken: 'Username {username} is taken.',
  already_member: 'This enterprise is already a member of the alliance.',
  payload_too_large: 'The uploaded file is too large.',
  unsupported_media_type: 'This file type is not supported.',
  idempotency_key_reused: 'This Idempotency-Key was used for a different request.',
  import_invalid: 'The file has {count} invalid rows; nothing was imported.',
  password_too_weak: 'The new password needs at least 10 characters with letters and digits.',
  wrong_password: 'The current password is wrong.',
  rate_limited: 'Too many attempts; try again in {retryAfter} seconds.',
  internal: 'Internal server error; please try again later.',
  unavailable: 'Service unavailable.',
  credit_code_length: 'A unified social credit code has 18 characters.',
  credit_code_charset: 'The credit code has characters that are not allowed (I, O, Z, S, V are never used).',
  credit_code_check_digit: 'The credit code check character is wrong; it should be {expected}.',
  duplicate_in_file: 'Duplicates row {row}.',
  unknown_column: 'Unknown column: {column}.',
  staff_exceeds_total: 'Staff on duty cannot exceed total staff.',
  report_date_future: 'A report cannot be for a future date.',
  report_date_too_old: 'Reports can only be filed or edited for the last {days} days.',
};

const catalogs: Record<Locale, Catalog> = { 'zh-CN': zh, 'en-US': en };

/** The sentence for `code` in `locale`, with `{name}` placeholders filled from `params`. */
export function message(locale: Locale, code: string, params: Record<string, unknown> = {}): string | undefined {
  const template = catalogs[locale][code];
  if (template === undefined) return undefined;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

/** Picks the locale from an Accept-Language header; Chinese unless English is preferred. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}
