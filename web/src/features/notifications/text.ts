/** What a notification says and where it leads (shared by the bell, its drawer and the centre). */
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../lib/format';
import type { Notification } from './api';

/** The sentence of a notification, from its kind and payload, in the UI language. */
export function notificationText(t: TFunction, n: Notification): string {
  const p = n.payload;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const params: Record<string, unknown> = {
    ...p,
    title: str(p.title),
    enterprise: str(p.enterprise) || t('notifications.theAlliance'),
    group: typeof p.group === 'string' ? t(`common.workingGroups.${p.group}`) : t('tickets.list.unassigned'),
    to: typeof p.to === 'string' ? t(`tickets.status.${p.to}`) : '',
    from: typeof p.from === 'string' ? t(`tickets.status.${p.from}`) : '',
    who: str(p.user) || (typeof p.group === 'string' ? t(`common.workingGroups.${p.group}`) : ''),
    excerpt: str(p.excerpt),
    level: typeof p.level === 'number' ? p.level : 1,
    when: typeof p.scheduledAt === 'string' ? formatDateTime(p.scheduledAt) : '',
    dueDate: str(p.dueDate),
    reviewDate: str(p.reviewDate),
    reason: str(p.reason),
    dueOn: str(p.dueOn),
    alliance: str(p.alliance),
    decision: p.decision === 'accepted' || p.decision === 'refused' ? t(`notifications.decisions.${p.decision}`) : '',
  };
  return t(`notifications.text.${n.kind.replace('.', '_')}`, params);
}

/** The pop-up for a notification arriving while the bell's drawer is closed. */
export function notificationToast(t: TFunction, n: Notification): { title: string; description: string } {
  return { title: t('notifications.new'), description: notificationText(t, n) };
}

export function notificationLink(n: Notification): string | null {
  if (typeof n.payload.consultationId === 'number') return `/consultations/${n.payload.consultationId}`;
  if (typeof n.payload.ticketId === 'number') return `/problems/${n.payload.ticketId}`;
  if (typeof n.payload.meetingId === 'number') return `/meetings/${n.payload.meetingId}`;
  if (typeof n.payload.campaignId === 'number') return `/purchasing/${n.payload.campaignId}`;
  // A join request: the firm answers on its memberships page; the asking alliance follows it from the members list.
  if (n.kind === 'membership.requested') return '/memberships';
  if (n.kind === 'membership.answered') return '/members?joinRequests=1';
  if (n.kind === 'policy.application_due') return '/policy-applications';
  if (typeof n.payload.policyId === 'number') return `/policies/${n.payload.policyId}`;
  if (n.kind === 'risk.review_due') return '/risks';
  return null;
}
