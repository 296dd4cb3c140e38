/**
 * Problem handling (问题收集帮办), joint meetings (联席会议), the risk register (风险防控化解)
 * and notifications: the working-day calendar, routing rules and SLA policies, tickets with
 * their handlers, timeline and attachments, meetings with agenda, minutes and decisions, risks,
 * in-app notifications with per-user preferences, and outbound webhooks with their delivery log.
 *
 * Frozen: never import application code here. Same portable conventions as 0001: ISO-8601 UTC
 * text timestamps, `YYYY-MM-DD` text dates, 0/1 booleans, JSON as text. The calendar rows are
 * data, not schema: the application loads them from the official calendar when the table is
 * empty (see the calendar module's `ensureCalendar`).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('workday_calendar')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // holiday | workday (调休上班)
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('working_group', 'text') // null: left for the secretary to triage
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('routing_rules_alliance_category_uq', ['alliance_id', 'category'])
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('response_days', 'integer', (c) => c.notNull())
    .addColumn('resolve_days', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_policies_pk', ['alliance_id', 'priority'])
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // scheduled | held | cancelled
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('meetings_alliance_idx').on('meetings').columns(['alliance_id', 'scheduled_at']).execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('meeting_attendees_pk', ['meeting_id', 'user_id'])
    .execute();
  await db.schema.createIndex('meeting_attendees_user_idx').on('meeting_attendees').column('user_id').execute();

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // ticket | risk | chain | action_review | free
    .addColumn('ref_id', 'integer')
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agenda_items_meeting_idx').on('agenda_items').columns(['meeting_id', 'position']).execute();

  await db.schema
    .createTable('minutes')
    .addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('agenda_item_id', 'integer', (c) => c.references('agenda_items.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_meeting_idx').on('decisions').column('meeting_id').execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id').onDelete('cascade')) // null: an alliance-level action item
    .addColumn('parent_id', 'integer', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('decision_id', 'integer', (c) => c.references('decisions.id').onDelete('set null'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull()) // urgent | high | normal | low
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | accepted | in_progress | resolved | closed
    .addColumn('lead_group', 'text') // working group kind
    .addColumn('lead_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('source', 'text', (c) => c.notNull()) // enterprise | commissioner | report | meeting
    .addColumn('source_ref', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('response_due_at', 'text', (c) => c.notNull())
    .addColumn('resolve_due_at', 'text', (c) => c.notNull())
    .addColumn('first_response_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('satisfaction', 'integer')
    .addColumn('satisfaction_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warned_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('agenda_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('tickets_alliance_status_idx').on('tickets').columns(['alliance_id', 'status']).execute();
  await db.schema.createIndex('tickets_alliance_due_idx').on('tickets').columns(['alliance_id', 'resolve_due_at']).execute();
  await db.schema.createIndex('tickets_enterprise_idx').on('tickets').column('enterprise_id').execute();
  await db.schema.createIndex('tickets_parent_idx').on('tickets').column('parent_id').execute();
  await db.schema.createIndex('tickets_lead_user_idx').on('tickets').column('lead_user_id').execute();
  await db.schema.createIndex('tickets_decision_idx').on('tickets').column('decision_id').execute();

  await db.schema
    .createTable('ticket_handlers')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // group | enterprise | user
    .addColumn('working_group', 'text')
    .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('added_by', 'integer', (c) => c.references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_handlers_ticket_idx').on('ticket_handlers').column('ticket_id').execute();
  await db.schema.createIndex('ticket_handlers_user_idx').on('ticket_handlers').column('user_id').execute();
  await db.schema.createIndex('ticket_handlers_enterprise_idx').on('ticket_handlers').column('enterprise_id').execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // created | status | transfer | comment | escalation | warning | attachment | handlers | split | rating | edit
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public')) // public | internal
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket_idx').on('ticket_events').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull()) // relative to the data directory
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_ticket_idx').on('attachments').column('ticket_id').execute();

  await db.schema
    .createTable('risks')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull()) // orders_cancelled | cash_flow | labour | supply | prevention | other
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('mitigation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('review_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // open | mitigating | closed
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('risks_alliance_idx').on('risks').columns(['alliance_id', 'status']).execute();

  await db.schema
    .createTable('risk_enterprises')
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('risk_enterprises_pk', ['risk_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('risk_enterprises_enterprise_idx').on('risk_enterprises').column('enterprise_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('alliance_id', 'integer', (c) => c.references('alliances.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['user_id', 'read_at']).execute();

  await db.schema
    .createTable('notification_prefs')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // in_app | webhook
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_prefs_pk', ['user_id', 'event_kind', 'channel'])
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // dingtalk | wecom
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('events_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('webhooks_alliance_idx').on('webhooks').column('alliance_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed
    .addColumn('response_code', 'integer')
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'webhook_deliveries', 'webhooks', 'notification_prefs', 'notifications', 'risk_enterprises', 'risks',
    'attachments', 'ticket_events', 'ticket_handlers', 'tickets', 'decisions', 'minutes', 'agenda_items',
    'meeting_attendees', 'meetings', 'sla_policies', 'routing_rules', 'workday_calendar',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
