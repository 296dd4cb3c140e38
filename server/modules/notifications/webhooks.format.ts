/**
 * Messages for group-chat robots, in the two formats Chinese offices use:
 *
 * - DingTalk custom robot (钉钉自定义机器人): `{"msgtype":"markdown","markdown":{"title","text"},
 *   "at":{"atMobiles":[…]}}`. With "加签" security the request URL carries `timestamp` (ms) and
 *   `sign` = urlencode(base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret))).
 * - WeCom group robot (企业微信群机器人): `{"msgtype":"markdown","markdown":{"content"}}`, no
 *   signature (the key in the URL is the credential).
 *
 * Both answer HTTP 200 with `{"errcode":0}` on success and a non-zero `errcode` on failure.
 * Texts are Chinese: the groups are Chinese-speaking offices.
 */
import { createHmac } from 'node:crypto';
import { CATEGORY_LABELS, GROUP_LABELS, PRIORITY_LABELS, STATUS_LABELS, label, shanghaiDateTime } from '../tickets/ticket-labels';
import type { NotificationPayload, WebhookKind } from './notifications.schema';

export interface RobotMessage {
  title: string;
  text: string;
}

export interface Mention {
  name: string;
  mobile: string | null;
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const when = (v: unknown) => (typeof v === 'string' && v ? shanghaiDateTime(v) : '');

/** The Chinese markdown message for an event. */
export function renderMessage(kind: string, p: NotificationPayload): RobotMessage {
  const ticket = `**${s(p.title)}**（#${s(p.ticketId)}${p.enterprise ? `，${s(p.enterprise)}` : ''}）`;
  switch (kind) {
    case 'ticket.created':
      return { title: '新问题待办', text: `### 新问题待办\n${ticket}\n\n- 类别：${label(CATEGORY_LABELS, s(p.category), 'zh')}\n- 优先级：${label(PRIORITY_LABELS, s(p.priority), 'zh')}\n- 牵头：${label(GROUP_LABELS, s(p.group), 'zh') || '待分派'}\n- 办结时限：${when(p.resolveDueAt)}` };
    case 'ticket.assigned':
      return { title: '问题已分派', text: `### 问题已分派\n${ticket}\n\n请及时受理。` };
    case 'ticket.transferred':
      return { title: '问题已转办', text: `### 问题已转办\n${ticket}\n\n- 转至：${label(GROUP_LABELS, s(p.group), 'zh') || s(p.user) || '—'}\n- 原因：${s(p.reason)}` };
    case 'ticket.status_changed':
      return { title: '问题状态更新', text: `### 问题状态更新\n${ticket}\n\n${label(STATUS_LABELS, s(p.from), 'zh')} → **${label(STATUS_LABELS, s(p.to), 'zh')}**` };
    case 'ticket.commented':
      return { title: '问题有新回复', text: `### 问题有新回复\n${ticket}\n\n> ${s(p.excerpt)}` };
    case 'ticket.due_soon':
      return { title: '即将超期提醒', text: `### 即将超期提醒\n${ticket}\n\n办结时限：**${when(p.resolveDueAt)}**，请抓紧办理。` };
    case 'ticket.escalated':
      return { title: `超期升级（${s(p.level)}级）`, text: `### 超期升级（${s(p.level)}级）\n${ticket}\n\n办结时限 ${when(p.resolveDueAt)} 已过${Number(p.level) >= 2 ? '，已提交联席会议研究' : '，请牵头组组长督办'}。` };
    case 'meeting.scheduled':
      return { title: '联席会议通知', text: `### 联席会议通知\n**${s(p.title)}**\n\n- 时间：${when(p.scheduledAt)}\n- 地点：${s(p.location) || '—'}` };
    case 'meeting.action_item':
      return { title: '会议交办事项', text: `### 会议交办事项\n${ticket}\n\n期限：**${s(p.dueDate)}**` };
    case 'membership.requested':
      return { title: '入盟申请', text: `### 入盟申请\n**${s(p.alliance)}** 申请将 **${s(p.enterprise)}** 纳入成员企业，请企业管理员确认。` };
    case 'membership.answered':
      return { title: '入盟申请答复', text: `### 入盟申请答复\n**${s(p.enterprise)}** ${p.decision === 'accepted' ? '已同意' : '已拒绝'}加入本联盟。` };
    case 'consultation.proposed':
      return { title: '专家会诊邀请', text: `### 专家会诊邀请\n**${s(p.title)}**（${s(p.enterprise)}）\n\n请答复是否接受。` };
    case 'consultation.message':
      return { title: '会诊新消息', text: `### 会诊新消息\n**${s(p.title)}**（${s(p.enterprise)}）\n\n> ${s(p.excerpt)}` };
    case 'consultation.visit':
      return { title: '上门会诊安排', text: `### 上门会诊安排\n**${s(p.title)}**（${s(p.enterprise)}）\n\n日期：**${s(p.visitDate)}**` };
    case 'policy.published':
      return { title: '新政策发布', text: `### 新政策发布\n**${s(p.title)}**\n\n本联盟 ${s(p.eligible)} 家成员企业符合条件，请及时申报。` };
    case 'policy.application_due':
      return { title: '政策兑现到期提醒', text: `### 政策兑现到期提醒\n**${s(p.title)}**（${s(p.enterprise)}）\n\n当前环节办理时限：**${s(p.dueOn)}**，请抓紧办理。` };
    case 'policy.answered':
      return { title: '政策咨询已答复', text: `### 政策咨询已答复\n**${s(p.title)}**\n\n政策组已答复企业的提问。` };
    case 'prevention.purchase_invite':
      return { title: '防疫物资团购邀请', text: `### 防疫物资团购邀请\n**${s(p.enterprise)}** 防疫物资仅够 ${s(p.coverDays)} 天，请参加团购 **${s(p.title)}**（${s(p.pledgeDeadline)} 截止认购）。` };
    case 'briefing.ready':
      return { title: s(p.title), text: `### ${s(p.title)}\n${p.resumptionRate ? `\n- 复工率：**${s(p.resumptionRate)}**` : ''}\n- [下载简报](${s(p.url)})　[Excel 版](${s(p.xlsxUrl)})` };
    case 'risk.review_due':
      return { title: '风险复核提醒', text: `### 风险复核提醒\n**${s(p.title)}**\n\n复核日期：**${s(p.reviewDate)}**，请复核风险并更新应对措施。` };
    case 'webhook.test':
      return { title: '测试消息', text: `### 复工平台测试消息\n机器人 **${s(p.name)}** 配置成功。` };
    default:
      return { title: kind, text: `### ${kind}` };
  }
}

/** The JSON body to post to a robot. */
export function robotBody(kind: WebhookKind, msg: RobotMessage, mentions: readonly Mention[]): Record<string, unknown> {
  const names = mentions.map((m) => m.name).filter(Boolean);
  if (kind === 'dingtalk') {
    const mobiles = mentions.map((m) => m.mobile).filter((m): m is string => !!m);
    // DingTalk only highlights an @mobile that also appears in the text.
    const atLine = mobiles.length ? `\n\n${mobiles.map((m) => `@${m}`).join(' ')}` : names.length ? `\n\n提醒：${names.join('、')}` : '';
    return { msgtype: 'markdown', markdown: { title: msg.title, text: msg.text + atLine }, at: { atMobiles: mobiles, isAtAll: false } };
  }
  const tail = names.length ? `\n\n<font color="comment">提醒：${names.join('、')}</font>` : '';
  return { msgtype: 'markdown', markdown: { content: msg.text + tail } };
}

/** DingTalk "加签": the signature for a timestamp (ms since the epoch). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The URL to post to: DingTalk with a secret gets `&timestamp=…&sign=…` appended. */
export function deliveryUrl(kind: WebhookKind, url: string, secret: string | null, timestampMs: number): string {
  if (kind !== 'dingtalk' || !secret) return url;
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(secret, timestampMs))}`;
}

/** Whether a robot's answer means "accepted": HTTP 2xx and, when it says, errcode 0. */
export function isAccepted(status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'errcode' in parsed) return (parsed as { errcode: unknown }).errcode === 0;
  } catch {
    // Not JSON: the status decides.
  }
  return true;
}

/** The address with its credential masked, for display. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const [k, v] of [...u.searchParams]) u.searchParams.set(k, `${v.slice(0, 4)}****`);
    return u.toString();
  } catch {
    return '****';
  }
}
