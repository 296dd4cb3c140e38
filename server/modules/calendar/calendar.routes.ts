import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { ctxOf } from '../../core/http/request-context';
import {
  CalendarQuery, CalendarResponse, CalendarStatusResponse, ImportNoticeBody, ImportNoticeResponse, PutCalendarDaysBody, PutCalendarDaysResponse,
} from './calendar.schema';
import * as service from './calendar.service';

export function calendarRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];

  app.get('/calendar', { config: { policy: 'calendar.read' }, schema: { tags, summary: 'Working-day calendar (Asia/Shanghai) over a date range: holidays, adjusted working days, weekends', querystring: CalendarQuery, response: { 200: CalendarResponse } } }, async (req) =>
    service.listCalendar(deps, ctxOf(req), req.query),
  );

  app.get('/calendar/status', {
    config: { policy: 'calendar.read' },
    schema: { tags, summary: 'Years with official holidays, and whether next year\'s are still missing (from November)', response: { 200: CalendarStatusResponse } },
  }, async () => service.calendarStatus(deps));

  app.post('/calendar/import', {
    config: { policy: 'calendar.manage' },
    schema: { tags, summary: 'Read a pasted State Council holiday notice (paragraphs or table) and make it the year\'s calendar; `dryRun` previews', body: ImportNoticeBody, response: { 200: ImportNoticeResponse } },
  }, async (req) => service.importNotice(deps, ctxOf(req), req.body));

  app.put('/calendar/days', { config: { policy: 'calendar.manage' }, schema: { tags, summary: 'Set holidays / adjusted working days, or clear them (`ordinary`); all or nothing', body: PutCalendarDaysBody, response: { 200: PutCalendarDaysResponse } } }, async (req) =>
    service.putCalendarDays(deps, ctxOf(req), req.body),
  );
}
