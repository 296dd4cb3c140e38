/**
 * The two locales have one key set (same keys, same {{placeholders}}), every literal `t('key')`
 * in the web sources exists, and no interface text is hard-coded outside the locale files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import enUS from './en-US';
import zhCN from './zh-CN';

const SRC = fileURLToPath(new URL('..', import.meta.url));

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const zh = flatten(zhCN as unknown as Tree);
const en = flatten(enUS as unknown as Tree);
/** English singular forms (`key_one`): extra keys allowed beside a plural `key_other`. */
const singulars = [...en.keys()].filter((k) => k.endsWith('_one'));

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    expect([...en.keys()].filter((k) => !singulars.includes(k)).sort()).toEqual([...zh.keys()].sort());
  });

  it('English singulars sit beside a plural, with the same placeholders', () => {
    expect(singulars.length).toBeGreaterThan(5);
    expect(singulars.filter((k) => !zh.has(k.replace(/_one$/, '_other')))).toEqual([]);
    expect(singulars.filter((k) => JSON.stringify(placeholders(en.get(k)!)) !== JSON.stringify(placeholders(en.get(k.replace(/_one$/, '_other'))!)))).toEqual([]);
  });

  it('plural strings follow the count in English', async () => {
    const { i18n } = await import('../lib/i18n');
    const t = i18n.getFixedT('en-US');
    expect(t('enterprises.import.hasErrors', { count: 1 })).toBe('1 row has an error; fix the file and upload it again');
    expect(t('enterprises.import.hasErrors', { count: 3 })).toBe('3 rows have errors; fix the file and upload it again');
    expect(t('enterprises.list.selected', { count: 1 })).toMatch(/^1 enterprise selected/);
    expect(i18n.getFixedT('zh-CN')('enterprises.import.hasErrors', { count: 1 })).toBe('1 行有错误，请修改文件后重新上传');
  });

  it('every string uses the same {{placeholders}} in both languages', () => {
    const mismatched = [...zh].filter(([k, v]) => JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(en.get(k) ?? '')));
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('no string is empty, and English strings contain no Chinese', () => {
    expect([...zh].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
    expect([...en].filter(([, v]) => !v.trim() || /[\u3400-\u9fff]/.test(v)).map(([k]) => k)).toEqual([]);
  });

  it('every literal t(\'key\') in web/src exists', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), t("a.b"), and the i18n keys kept in config objects (label: 'nav.x', title: 'overview.y').
      const patterns = [/\bt\(\s*['"]([\w.]+)['"]/g, /\b(?:label|title):\s*'((?:nav|overview|enterprises|reports)\.[\w.]+)'/g];
      for (const re of patterns) for (const m of text.matchAll(re)) if (!zh.has(m[1]) && !zh.has(`${m[1]}_other`)) missing.push(`${relative(SRC, file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('dynamic keys cover every value of their domain lists', async () => {
    const { BLOCKER_CATEGORIES } = await import('../../../server/modules/reports/reports.schema');
    const { STAGES } = await import('../../../server/modules/enterprises/enterprises.schema');
    const { ROLES, WORKING_GROUPS } = await import('../../../server/core/auth/roles');
    const { ERROR_STATUS } = await import('../../../server/core/errors');
    const tickets = await import('../../../server/modules/tickets/tickets.schema');
    const { PRIORITIES } = await import('../../../server/modules/tickets/sla');
    const { TICKET_STATUSES } = await import('../../../server/modules/tickets/ticket-state');
    const { NOTIFICATION_KINDS, WEBHOOK_KINDS, DELIVERY_STATUSES } = await import('../../../server/modules/notifications/notifications.schema');
    const { MEETING_STATUSES, AGENDA_KINDS } = await import('../../../server/modules/meetings/meetings.schema');
    const { RISK_CATEGORIES, RISK_STATUSES, RISK_LEVELS } = await import('../../../server/modules/risks/risks.schema');
    const { DAY_KINDS } = await import('../../../server/modules/calendar/calendar.schema');
    const need = [
      ...TICKET_STATUSES.flatMap((s) => [`tickets.status.${s}`, `tickets.timeline.status.${s}`]),
      ...tickets.TICKET_CATEGORIES.map((c) => `tickets.category.${c}`),
      ...tickets.TICKET_SOURCES.map((c) => `tickets.source.${c}`),
      ...[...tickets.QUEUES, 'all'].flatMap((q) => [`tickets.queues.${q}`, `tickets.list.empty.${q}`]),
      ...PRIORITIES.map((p) => `tickets.priority.${p}`),
      ...NOTIFICATION_KINDS.flatMap((k) => [`notifications.kinds.${k.replace('.', '_')}`, `notifications.text.${k.replace('.', '_')}`]),
      ...WEBHOOK_KINDS.map((k) => `notifications.webhooks.kinds.${k}`),
      ...DELIVERY_STATUSES.map((k) => `notifications.webhooks.deliveryStatus.${k}`),
      ...MEETING_STATUSES.map((k) => `meetings.status.${k}`),
      ...AGENDA_KINDS.map((k) => `meetings.agenda.kinds.${k}`),
      ...RISK_CATEGORIES.map((k) => `risks.categories.${k}`),
      ...RISK_STATUSES.map((k) => `risks.statuses.${k}`),
      ...RISK_LEVELS.map((k) => `risks.levels.${k}`),
      ...DAY_KINDS.map((k) => `calendar.kinds.${k}`),
      ...BLOCKER_CATEGORIES.map((c) => `common.blockers.${c}`),
      ...STAGES.map((s) => `common.stages.${s}`),
      ...ROLES.map((r) => `common.roles.${r}`),
      ...WORKING_GROUPS.map((g) => `common.workingGroups.${g}`),
      ...Object.keys(ERROR_STATUS).map((c) => `errors.${c}`),
    ];
    expect(need.filter((k) => !zh.has(k) && !zh.has(`${k}_other`))).toEqual([]);
  });

  it('every audited action and record type has a name in the audit log', () => {
    // The actions and target types the server writes (literals next to recordAudit calls).
    const serverDir = fileURLToPath(new URL('../../../server', import.meta.url));
    const found = new Set<string>();
    for (const file of sourceFiles(serverDir)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('recordAudit')) continue;
      // `action: 'a.b'` or `action: cond ? 'a.b' : 'a.c'`
      for (const m of text.matchAll(/action: (?:[\w.]+ \? '([a-z_]+\.[a-z_]+)' : )?'([a-z_]+\.[a-z_]+)'/g)) for (const a of [m[1], m[2]]) if (a) found.add(`audit.actions.${a}`);
      for (const m of text.matchAll(/targetType: '([a-z_]+)'/g)) if (m[1] !== 'test') found.add(`audit.targets.${m[1]}`);
    }
    expect(found.size).toBeGreaterThan(40);
    expect([...found].filter((k) => !zh.has(k) || !en.has(k))).toEqual([]);
  });

  it('no Chinese interface text is hard-coded outside the locale files', () => {
    // The brand mark (复) and the language's own name are deliberately not translated.
    const allowed = new Set(['复', '简体中文']);
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (file.includes(`${join('src', 'locales')}`)) continue;
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of text.matchAll(/[\u3400-\u9fff\uff01-\uff5e]+/g)) if (!allowed.has(m[0])) offenders.push(`${relative(SRC, file)}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
