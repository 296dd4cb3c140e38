/**
 * The demo's briefings: a freshly seeded city would show an empty briefing list until the first
 * scheduled run (the configured time of day, Asia/Shanghai). `npm start` makes yesterday's daily
 * briefing and last week's weekly one (Monday to Sunday) for every alliance and the city, as the
 * schedule would have, so each demo login finds them. Only the .xlsx is stored: printing the PDFs
 * would start a browser during start-up; a PDF is printed on download instead.
 */
import type { Deps } from '../core/context';
import { generateForEveryScope } from '../modules/briefings/briefings.service';
import type { BriefingRange } from '../modules/briefings/briefings.sections';
import { addDays, dayOfWeek, shanghaiDate } from '../domain/workdays';

/** The daily briefing of the day before `today` and the weekly briefing of the last full week. */
export function demoBriefingRanges(today: string): BriefingRange[] {
  const yesterday = addDays(today, -1);
  // Sunday of the last full week: `today` itself when it is a Monday goes back to the day before.
  const sunday = addDays(today, -(dayOfWeek(today) === 0 ? 7 : dayOfWeek(today)));
  return [
    { period: 'daily', from: yesterday, to: yesterday },
    { period: 'weekly', from: addDays(sunday, -6), to: sunday },
  ];
}

export async function seedDemoBriefings(deps: Deps): Promise<{ generated: number }> {
  return generateForEveryScope(deps, demoBriefingRanges(shanghaiDate(deps.clock.now())), { pdf: false });
}
