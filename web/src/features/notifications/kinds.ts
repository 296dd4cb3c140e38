/**
 * The server's notification lists. A module of their own (not re-exported by ./api): they come from
 * the zod schema module, and the bell every signed-in page shows must not download zod.
 */
export { NOTIFICATION_KINDS, WEBHOOK_KINDS, DELIVERY_STATUSES } from '@server/modules/notifications/notifications.schema';
