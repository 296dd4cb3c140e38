/** Schemas of the notification centre, preferences and outbound webhooks. */
import { z } from 'zod';
import { Id, INT32_MAX, intText, pageOf, Paging, Version, VersionText } from '../../core/http/common-schema';

/** Events that reach people: in the app, and (when an alliance subscribes) in its group chat. */
export const NOTIFICATION_KINDS = [
  'ticket.created',
  'ticket.assigned',
  'ticket.transferred',
  'ticket.status_changed',
  'ticket.commented',
  'ticket.due_soon',
  'ticket.escalated',
  'meeting.scheduled',
  'meeting.action_item',
  /** An alliance asks a firm to join it (to the firm's admins). */
  'membership.requested',
  /** The firm answered an alliance's join request (to whoever asked). */
  'membership.answered',
  /** Volunteer experts: an expert is asked to take a case; a new message in a consultation; a visit scheduled. */
  'consultation.proposed',
  'consultation.message',
  'consultation.visit',
  /** A new policy the firm qualifies for (to the firm's admins). */
  'policy.published',
  /** A policy application's stage is due (the policy group; the firm while it prepares). */
  'policy.application_due',
  /** The policy group answered a firm's question on a policy (to the firm's accounts). */
  'policy.answered',
  /** A firm short of prevention supplies is invited to an open group purchase (to its admins). */
  'prevention.purchase_invite',
  /** The scheduled daily or weekly briefing is ready (to the alliance's robots; link to the file). */
  'briefing.ready',
  /** A risk's review date has come (to its owner, once per review date). */
  'risk.review_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['in_app', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Plain values only: the client renders the sentence from `kind` and these. */
export const NotificationPayload = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type NotificationPayload = z.infer<typeof NotificationPayload>;

export const NotificationResponse = z.object({
  id: z.number().int(),
  kind: z.enum(NOTIFICATION_KINDS),
  allianceId: z.number().int().nullable(),
  payload: NotificationPayload,
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationResponse = z.infer<typeof NotificationResponse>;

export const ListNotificationsQuery = Paging.extend({
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;
export const NotificationPage = pageOf(NotificationResponse);

export const StreamQuery = z.object({
  /** Replay my notifications after this id first (like the Last-Event-ID header browsers send on reconnect). */
  after: intText(0, INT32_MAX).optional(),
});

export const UnreadCountResponse = z.object({ count: z.number().int() });

export const MarkReadBody = z
  .object({
    /** Notifications to mark read; or `all: true` for every unread one. */
    ids: z.array(Id).max(500).optional(),
    all: z.boolean().optional(),
  })
  .refine((b) => (b.ids?.length ?? 0) > 0 || b.all === true, { message: 'required', params: { code: 'required' }, path: ['ids'] });
export type MarkReadBody = z.infer<typeof MarkReadBody>;
export const MarkReadResponse = z.object({ marked: z.number().int(), unread: z.number().int() });

export const Pref = z.object({ kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(CHANNELS), enabled: z.boolean() });
/** Every kind × channel, with the default (on) where the user has not chosen. */
export const PrefsResponse = z.object({ prefs: z.array(Pref) });
export const PutPrefsBody = z.object({ prefs: z.array(Pref).min(1).max(NOTIFICATION_KINDS.length * CHANNELS.length) });
export type PutPrefsBody = z.infer<typeof PutPrefsBody>;

// Webhooks ------------------------------------------------------------------------------------

export const WEBHOOK_KINDS = ['dingtalk', 'wecom'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

const WebhookUrl = z
  .string()
  .trim()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, { message: 'invalid_webhook_url', params: { code: 'invalid_webhook_url' } });

export const CreateWebhookBody = z.object({
  kind: z.enum(WEBHOOK_KINDS),
  name: z.string().trim().min(1).max(60),
  /** The robot's webhook address (DingTalk `…/robot/send?access_token=…`, WeCom `…/webhook/send?key=…`). */
  url: WebhookUrl,
  /** DingTalk "加签" secret (SEC…); WeCom robots have none. Never returned. */
  secret: z.string().trim().max(200).nullable().default(null),
  events: z.array(z.enum(NOTIFICATION_KINDS)).min(1).max(NOTIFICATION_KINDS.length),
  enabled: z.boolean().default(true),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

/**
 * Its own object of optional fields, no defaults: an omitted `secret` keeps the stored one (`null`
 * clears it) and an omitted `enabled` keeps the robot as it is.
 */
export const UpdateWebhookBody = z.object({
  kind: z.enum(WEBHOOK_KINDS).optional(),
  name: CreateWebhookBody.shape.name.optional(),
  url: WebhookUrl.optional(),
  secret: z.string().trim().max(200).nullable().optional(),
  events: CreateWebhookBody.shape.events.optional(),
  enabled: z.boolean().optional(),
  version: Version,
});
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const WebhookResponse = z.object({
  id: z.number().int(),
  kind: z.enum(WEBHOOK_KINDS),
  name: z.string(),
  /** The address with its token masked. */
  url: z.string(),
  hasSecret: z.boolean(),
  events: z.array(z.enum(NOTIFICATION_KINDS)),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type WebhookResponse = z.infer<typeof WebhookResponse>;
export const WebhookList = z.object({ items: z.array(WebhookResponse) });

export const DeliveryResponse = z.object({
  id: z.number().int(),
  webhookId: z.number().int(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempt: z.number().int(),
  responseCode: z.number().int().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  error: z.string().nullable(),
  /** The JSON body sent to the robot. */
  payload: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeliveryResponse = z.infer<typeof DeliveryResponse>;
export const DeliveriesQuery = Paging.extend({ status: z.enum(DELIVERY_STATUSES).optional() });
export const DeliveryPage = pageOf(DeliveryResponse);

export const DeleteQuery = z.object({ version: VersionText });
export const OkResponse = z.object({ ok: z.literal(true) });
