/** Queries of the working-day calendar table (one row per holiday or adjusted working day). */
import type { Executor } from '../../core/db/database';

export interface CalendarRow {
  date: string;
  kind: string;
  name: string;
  name_en: string;
}

export function listCalendarRows(db: Executor): Promise<CalendarRow[]> {
  return db.selectFrom('workday_calendar').select(['date', 'kind', 'name', 'name_en']).orderBy('date').execute();
}

export async function countCalendarRows(db: Executor): Promise<number> {
  const r = await db.selectFrom('workday_calendar').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts rows, leaving any date already present untouched (safe when two processes start at once). */
export async function insertCalendarRows(db: Executor, rows: CalendarRow[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('workday_calendar')
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, updated_at: at })))
      .onConflict((oc) => oc.column('date').doNothing())
      .execute();
  }
}

export async function upsertCalendarRow(db: Executor, row: CalendarRow, at: string): Promise<void> {
  await db
    .insertInto('workday_calendar')
    .values({ ...row, updated_at: at })
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, name_en: row.name_en, updated_at: at }))
    .execute();
}

export async function deleteCalendarRow(db: Executor, date: string): Promise<void> {
  await db.deleteFrom('workday_calendar').where('date', '=', date).execute();
}

/** Removes the overrides dated within [from, to] or on any of `dates`; returns how many went. */
export async function deleteCalendarRows(db: Executor, from: string, to: string, dates: readonly string[]): Promise<number> {
  const r = await db
    .deleteFrom('workday_calendar')
    .where((eb) => {
      const inRange = eb.and([eb('date', '>=', from), eb('date', '<=', to)]);
      return dates.length ? eb.or([inRange, eb('date', 'in', dates)]) : inRange;
    })
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
