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
  illegal_transition: '不能从“{from}”变为“{to}”。',
  children_open: '该问题还有未关闭的子问题。',
  cannot_split: '只有已受理或处理中的问题可以拆分。',
  ticket_closed: '该问题已关闭，不能再修改。',
  already_rated: '该问题已评价过。',
  rating_not_allowed: '问题关闭后，提出问题的企业才能评价。',
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
  invalid_industry: '行业门类无效，应为 GB/T 4754-2017 门类字母 A–T。',
  invalid_district: '区县代码无效。',
  invalid_date: '日期无效，格式应为 YYYY-MM-DD。',
  not_a_commissioner: '该用户不是本联盟的驻企专员。',
  name_taken: '名称已被使用。',
  missing_column: '缺少必填列：{column}。',
  too_many_rows: '文件行数超过上限 {max} 行。',
  empty_file: '文件中没有数据行。',
  unreadable_file: '无法读取该文件，请上传 .xlsx 或 UTF-8 编码的 .csv 文件。',
  multipart_required: '请以文件上传方式提交。',
  required: '此项为必填项。',
  duplicate_blocker: '同一类困难只能填写一次。',
  range_reversed: '开始日期不能晚于结束日期。',
  range_too_long: '日期范围不能超过 {days} 天。',
  role_not_grantable: '只有平台管理员可以授予该角色。',
  not_a_member: '该企业不是本联盟成员。',
  alliance_required: '该角色需要指定联盟。',
  cannot_disable_self: '不能停用自己的账号。',
  share_sum_exceeded: '该企业此物料的供货份额合计 {totalPct}%，超出 100% 共 {excessPct} 个百分点。',
  at_most_two_decimals: '最多保留两位小数。',
  same_enterprise: '供应方与需求方不能是同一家企业。',
  unknown_item: '物料不在本联盟的物料清单中。',
  link_exists: '这两家企业之间已登记该物料的供应关系。',
  customer_fact: '是否关键物料、库存天数由需求方填写。',
  already_confirmed: '该供应关系已确认。',
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
  illegal_transition: 'Cannot go from "{from}" to "{to}".',
  children_open: 'This ticket still has open sub-tickets.',
  cannot_split: 'Only an accepted or in-progress ticket can be split.',
  ticket_closed: 'This ticket is closed and can no longer be changed.',
  already_rated: 'This ticket has already been rated.',
  rating_not_allowed: 'Only the enterprise that filed it can rate a ticket, once it is closed.',
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
  invalid_industry: 'Unknown industry section; use a GB/T 4754-2017 section letter A–T.',
  invalid_district: 'Unknown district code.',
  invalid_date: 'Invalid date; use YYYY-MM-DD.',
  not_a_commissioner: 'This user is not a resident commissioner of the alliance.',
  name_taken: 'This name is already used.',
  missing_column: 'Required column missing: {column}.',
  too_many_rows: 'The file has more than {max} rows.',
  empty_file: 'The file has no data rows.',
  unreadable_file: 'The file cannot be read; upload an .xlsx or a UTF-8 .csv file.',
  multipart_required: 'Upload the file as multipart/form-data.',
  required: 'This field is required.',
  duplicate_blocker: 'Each kind of blocker can be listed once.',
  range_reversed: 'The start date is after the end date.',
  range_too_long: 'The date range may not exceed {days} days.',
  role_not_grantable: 'Only a platform admin can grant this role.',
  not_a_member: 'This enterprise is not a member of the alliance.',
  alliance_required: 'This role needs an alliance.',
  cannot_disable_self: 'You cannot disable your own account.',
  share_sum_exceeded: "This customer's shares of the item would total {totalPct}%, {excessPct} points over 100%.",
  at_most_two_decimals: 'At most two decimal places.',
  same_enterprise: 'Supplier and customer must be different enterprises.',
  unknown_item: "The item is not in the alliance's item list.",
  link_exists: 'This supply link is already registered.',
  customer_fact: 'Whether the item is essential and its stock are for the customer to state.',
  already_confirmed: 'This supply link is already confirmed.',
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
