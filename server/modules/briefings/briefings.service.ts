/**
 * Briefings (日报 / 周报 / 全市简报): the figures of every section (briefings.sections.ts), as
 * JSON, .xlsx and PDF, on demand and on the schedule.
 *
 * A briefing is the alliance's, not the reader's: its sections are read as the alliance's office
 * (`officeCtx`), so every member of staff who downloads it sees the same figures. The schedule
 * (`runScheduledBriefings`, every minute from the server) makes each alliance's daily briefing
 * once the configured time has passed in Asia/Shanghai, and the weekly one (the seven days to
 * Sunday) on Mondays; keeps both files in the file store (owner type `briefing`); and posts a
 * message with the link to the alliance's group-chat robots subscribed to `briefing.ready`.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Actor } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import type { Locale } from '../../core/i18n';
import { addDays, dayOfWeek, shanghaiDate } from '../../domain/workdays';
import { listAlliances } from '../city/city.repository';
import { storeContent } from '../files/files.content';
import { insertFile } from '../files/files.repository';
import type { FileOwner } from '../files/files.owners';
import { raise } from '../notifications/notifications.service';
import { Outbox, publishOutbox } from '../notifications/outbox';
import { createHash } from 'node:crypto';
import { briefingHtml, briefingXlsx, fileNameOf, titleOf } from './briefings.render';
import { printPdf } from './briefings.pdf';
import * as repo from './briefings.repository';
import type { Briefing, BriefingQuery, DownloadQuery } from './briefings.schema';
import { briefingSections, sumSections, type BriefingRange, type BriefingSection } from './briefings.sections';

/** Who reads the figures of a briefing: the alliance's office, not the person asking. */
export function officeCtx(allianceId: number | null, locale: Locale, requestId = 'briefing'): Ctx {
  const actor: Actor = {
    userId: 0, username: 'briefing', displayName: '', locale, sessionId: '', allianceId, grants: [],
    roles: new Set(['secretary']), workingGroups: [], enterpriseIds: [], caseload: [],
  };
  return { actor, requestId, locale };
}

export function rangeOf(deps: Deps, q: BriefingQuery): BriefingRange {
  const today = shanghaiDate(deps.clock.now());
  const to = q.date ?? today;
  if (to > today) throw new AppError('validation_failed', {}, [{ path: 'date', code: 'date_in_future' }]);
  return { period: q.period, from: q.period === 'weekly' ? addDays(to, -6) : to, to };
}

async function allianceSections(deps: Deps, allianceId: number, range: BriefingRange): Promise<BriefingSection[]> {
  const ctx = officeCtx(allianceId, 'zh-CN');
  const out: BriefingSection[] = [];
  for (const p of briefingSections()) {
    const s = await p.alliance(deps, ctx, range);
    if (s) out.push(s);
  }
  return out;
}

/** The alliance's briefing (`allianceId` from the session). */
export async function allianceBriefing(deps: Deps, allianceId: number, range: BriefingRange): Promise<Briefing> {
  const alliance = (await listAlliances(deps.db)).find((a) => a.id === allianceId);
  if (!alliance) throw new AppError('not_found');
  return {
    scope: 'alliance', alliance: { id: alliance.id, name: alliance.name }, period: range.period, from: range.from, to: range.to,
    generatedAt: deps.clock.now().toISOString(), sections: await allianceSections(deps, allianceId, range),
  };
}

/** The city's briefing: each section over every alliance (see `SectionProvider.city`). */
export async function cityBriefing(deps: Deps, range: BriefingRange): Promise<Briefing> {
  const alliances = await listAlliances(deps.db);
  const ctx = officeCtx(null, 'zh-CN');
  const sections: BriefingSection[] = [];
  for (const p of briefingSections()) {
    const parts: BriefingSection[] = [];
    if (!p.city) for (const a of alliances) {
      const s = await p.alliance(deps, officeCtx(a.id, 'zh-CN'), range);
      if (s) parts.push(s);
    }
    const s = p.city ? await p.city(deps, ctx, range, parts) : sumSections(p.key, parts);
    if (s) sections.push(s);
  }
  return { scope: 'city', alliance: null, period: range.period, from: range.from, to: range.to, generatedAt: deps.clock.now().toISOString(), sections };
}

export async function getAllianceBriefing(deps: Deps, ctx: Ctx, q: BriefingQuery): Promise<Briefing> {
  if (ctx.actor.allianceId === null) throw new AppError('not_found');
  return allianceBriefing(deps, ctx.actor.allianceId, rangeOf(deps, q));
}

export async function getCityBriefing(deps: Deps, _ctx: Ctx, q: BriefingQuery): Promise<Briefing> {
  return cityBriefing(deps, rangeOf(deps, q));
}

export interface BriefingFile {
  name: string;
  mime: string;
  data: Buffer;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The briefing as a file; the PDF needs a browser (`pdf_unavailable` without one). */
export async function renderBriefing(deps: Deps, b: Briefing, format: 'xlsx' | 'pdf', locale: Locale): Promise<BriefingFile> {
  if (format === 'xlsx') return { name: fileNameOf(b, 'xlsx'), mime: XLSX_MIME, data: await briefingXlsx(b, locale) };
  return { name: fileNameOf(b, 'pdf'), mime: 'application/pdf', data: await printPdf(deps.config, briefingHtml(b, locale)) };
}

export async function downloadAlliance(deps: Deps, ctx: Ctx, q: DownloadQuery): Promise<BriefingFile> {
  return renderBriefing(deps, await getAllianceBriefing(deps, ctx, q), q.format, ctx.locale);
}

export async function downloadCity(deps: Deps, ctx: Ctx, q: DownloadQuery): Promise<BriefingFile> {
  return renderBriefing(deps, await getCityBriefing(deps, ctx, q), q.format, ctx.locale);
}

const toScheduled = (r: NonNullable<Awaited<ReturnType<typeof repo.findBriefingById>>>) => ({
  id: r.id, scope: r.alliance_id === null ? ('city' as const) : ('alliance' as const), period: r.period as 'daily' | 'weekly',
  from: r.from_date, to: r.to_date, createdAt: r.created_at, xlsxFileId: r.xlsx_file_id!, pdfFileId: r.pdf_file_id,
});

/** The scheduled briefings of the session's alliance (the platform admin with no alliance: the city's). */
export async function listScheduled(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number }) {
  const allianceId = ctx.actor.allianceId;
  if (allianceId === null && !ctx.actor.roles.has('platform_admin')) throw new AppError('not_found');
  const { items, total } = await repo.listBriefings(deps.db, allianceId, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map(toScheduled), total, page: q.page, pageSize: q.pageSize };
}

/** Files of a briefing: its alliance's staff may read them; the city's, the platform admin. */
export const briefingFileOwner: FileOwner = {
  type: 'briefing',
  async access(db, ctx, ownerId) {
    const row = await repo.findBriefingById(db, ownerId);
    if (!row) return null;
    const staff = ['platform_admin', 'secretary', 'group_member', 'commissioner'].some((r) => ctx.actor.roles.has(r as never));
    const mine = row.alliance_id === null ? ctx.actor.roles.has('platform_admin') : staff && (row.alliance_id === ctx.actor.allianceId || ctx.actor.roles.has('platform_admin'));
    return mine ? { allianceId: row.alliance_id, seesInternal: false, mayAttach: false, manages: false } : null;
  },
};

async function storeFile(deps: Deps, briefingId: number, allianceId: number | null, f: BriefingFile): Promise<number> {
  const sha256 = createHash('sha256').update(f.data).digest('hex');
  const storagePath = await storeContent(deps.config.dataDir, sha256, f.data);
  return insertFile(deps.db, {
    owner_type: 'briefing', owner_id: briefingId, alliance_id: allianceId, sha256, storage_path: storagePath, mime: f.mime, size: f.data.length,
    original_name: f.name, visibility: 'public', uploaded_by: null, created_at: deps.clock.now().toISOString(),
  });
}

/**
 * How long a claimed briefing may stay without its files before the claim counts as abandoned (its
 * process crashed or was stopped while rendering) and the next run makes it again. Rendering takes
 * seconds; a PDF on a loaded machine, a minute or two.
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** Claims the briefing for this run: its new row's id, an abandoned claim taken over, or null (made, or being made). */
async function claimBriefing(deps: Deps, allianceId: number | null, range: BriefingRange): Promise<number | null> {
  const now = deps.clock.now();
  const existing = await repo.findBriefing(deps.db, allianceId, range.period, range.to);
  if (!existing) return repo.insertBriefing(deps.db, { alliance_id: allianceId, period: range.period, from_date: range.from, to_date: range.to, created_at: now.toISOString() });
  if (existing.xlsx_file_id !== null || now.getTime() - Date.parse(existing.created_at) < CLAIM_LEASE_MS) return null;
  const taken = await deps.db.transaction().execute((trx) => repo.reclaimBriefing(trx, existing.id, existing.created_at, now.toISOString()));
  return taken ? existing.id : null;
}

/**
 * Generates one scheduled briefing unless it exists: stores the .xlsx and (when a browser is
 * available) the PDF, then, in one transaction, records the files, the audit row and the robot
 * message. Returns the row id, or null when it existed or another process is making it. A claim
 * abandoned by a crash is made again after `CLAIM_LEASE_MS`.
 */
export async function generateScheduled(deps: Deps, allianceId: number | null, range: BriefingRange, opts: { pdf?: boolean } = {}): Promise<number | null> {
  const id = await claimBriefing(deps, allianceId, range);
  if (id === null) return null;
  let b: Briefing;
  let xlsx: number;
  let pdf: number | null = null;
  try {
    b = allianceId === null ? await cityBriefing(deps, range) : await allianceBriefing(deps, allianceId, range);
    xlsx = await storeFile(deps, id, allianceId, await renderBriefing(deps, b, 'xlsx', 'zh-CN'));
    if (opts.pdf !== false) {
      try {
        pdf = await storeFile(deps, id, allianceId, await renderBriefing(deps, b, 'pdf', 'zh-CN'));
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'pdf_unavailable')) throw err;
      }
    }
  } catch (err) {
    // Claimed but not made: let the next run try again.
    await repo.deleteBriefing(deps.db, id);
    throw err;
  }
  const outbox = new Outbox();
  await deps.db.transaction().execute(async (trx) => {
    await repo.setFiles(trx, id, { xlsx_file_id: xlsx, pdf_file_id: pdf });
    await recordAudit(trx, {
      ...auditFrom({ actor: null, requestId: null }, deps.clock.now()), allianceId, action: 'briefing.generate', targetType: 'briefing', targetId: id,
      detail: { period: range.period, from: range.from, to: range.to, pdf: pdf !== null },
    });
    if (allianceId === null) return;
    const base = deps.config.briefings.publicUrl ?? '';
    const resumption = b.sections.find((s) => s.key === 'resumption')?.figures.find((f) => f.key === 'resumptionRate')?.value;
    await raise(trx, outbox, {
      allianceId, kind: 'briefing.ready', recipients: [], actorUserId: null, at: deps.clock.now(),
      payload: {
        title: titleOf(b, 'zh'), period: range.period, to: range.to,
        resumptionRate: resumption === undefined || resumption === null ? null : `${Math.round(resumption * 1000) / 10}%`,
        url: `${base}/api/files/${pdf ?? xlsx}`, xlsxUrl: `${base}/api/files/${xlsx}`,
      },
    });
  });
  await publishOutbox(deps, outbox);
  return id;
}

/** Minutes past midnight of "HH:MM". */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The scheduled run: once the configured time of day has passed (Asia/Shanghai), today's daily
 * briefing of every alliance and of the city; on Mondays also the weekly one of the week to
 * yesterday (Sunday). Idempotent: what exists is not made again.
 */
export async function runScheduledBriefings(deps: Deps): Promise<{ generated: number }> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  if (shanghai.getUTCHours() * 60 + shanghai.getUTCMinutes() < minutesOf(deps.config.briefings.at)) return { generated: 0 };
  const ranges: BriefingRange[] = [{ period: 'daily', from: today, to: today }];
  if (dayOfWeek(today) === 1) ranges.push({ period: 'weekly', from: addDays(today, -7), to: addDays(today, -1) });
  return generateForEveryScope(deps, ranges);
}

/** The briefings of `ranges` for every alliance and the city, those that do not exist yet. */
export async function generateForEveryScope(deps: Deps, ranges: BriefingRange[], opts: { pdf?: boolean } = {}): Promise<{ generated: number }> {
  const scopes: (number | null)[] = [...(await listAlliances(deps.db)).map((a) => a.id), null];
  let generated = 0;
  for (const range of ranges) for (const allianceId of scopes) if ((await generateScheduled(deps, allianceId, range, opts)) !== null) generated++;
  return { generated };
}
