/** Minutes of a joint meeting as a Word document (.docx), in the caller's language. */
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { dueDateOf } from '../tickets/sla';
import { STATUS_LABELS, label, shanghaiDateTime } from '../tickets/ticket-labels';
import type { MeetingDetail } from './meetings.schema';

const TEXT = {
  zh: { time: '时间', location: '地点', attendees: '参会人员', agenda: '议程', minutes: '会议纪要', decisions: '会议决定', item: '交办事项', owner: '负责人', due: '期限', status: '状态', none: '无', note: '说明' },
  en: { time: 'Time', location: 'Location', attendees: 'Attendees', agenda: 'Agenda', minutes: 'Minutes', decisions: 'Decisions', item: 'Action item', owner: 'Owner', due: 'Due', status: 'Status', none: 'None', note: 'Note' },
} as const;

const RISK_STATUS = { open: { zh: '待化解', en: 'Open' }, mitigating: { zh: '化解中', en: 'Mitigating' }, closed: { zh: '已化解', en: 'Closed' } } as const;

/** An agenda item's current state in words: a risk's statuses are not a ticket's. */
function refStatus(kind: string, status: string, lang: 'zh' | 'en'): string {
  const labels = kind === 'risk' ? (RISK_STATUS as Record<string, { zh: string; en: string }>) : STATUS_LABELS;
  return label(labels, status, lang) || status;
}

const STATUS_MEETING = { scheduled: { zh: '已安排', en: 'Scheduled' }, held: { zh: '已召开', en: 'Held' }, cancelled: { zh: '已取消', en: 'Cancelled' } } as const;

const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })], borders: { top: border, bottom: border, left: border, right: border } });

export async function minutesDocx(m: MeetingDetail, locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const t = TEXT[lang];
  const field = (name: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${name}${lang === 'zh' ? '：' : ': '}`, bold: true }), new TextRun(value)] });
  const body: (Paragraph | Table)[] = [
    new Paragraph({ text: m.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    field(t.time, `${shanghaiDateTime(m.scheduledAt)} (UTC+8)`),
    field(t.location, m.location || '—'),
    field(t.status, STATUS_MEETING[m.status][lang]),
    field(t.attendees, m.attendees.map((a) => a.displayName).join(lang === 'zh' ? '、' : ', ') || t.none),
    new Paragraph({ text: t.agenda, heading: HeadingLevel.HEADING_1 }),
  ];
  if (!m.agenda.length) body.push(new Paragraph(t.none));
  m.agenda.forEach((a, i) => {
    const status = a.ref ? ` [${refStatus(a.kind, a.ref.status, lang)}]` : '';
    body.push(new Paragraph({ children: [new TextRun({ text: `${i + 1}. ${a.title}${status}` })] }));
    if (a.note) body.push(new Paragraph({ children: [new TextRun({ text: `${t.note}: ${a.note}`, italics: true })], indent: { left: 480 } }));
  });
  body.push(new Paragraph({ text: t.minutes, heading: HeadingLevel.HEADING_1 }));
  const lines = (m.minutes?.body ?? '').split(/\r?\n/);
  for (const line of lines.length && lines.some(Boolean) ? lines : [t.none]) body.push(new Paragraph(line));
  body.push(new Paragraph({ text: t.decisions, heading: HeadingLevel.HEADING_1 }));
  if (!m.decisions.length) body.push(new Paragraph(t.none));
  m.decisions.forEach((d, i) => {
    body.push(new Paragraph({ children: [new TextRun({ text: `${i + 1}. ${d.text}`, bold: true })] }));
    if (d.actionItems.length) {
      body.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: [cell(t.item, true), cell(t.owner, true), cell(t.due, true), cell(t.status, true)] }),
            ...d.actionItems.map(
              (it) => new TableRow({ children: [cell(`#${it.id} ${it.title}`), cell(it.leadUser?.displayName ?? '—'), cell(dueDateOf(it.resolveDueAt)), cell(label(STATUS_LABELS, it.status, lang))] }),
            ),
          ],
        }),
      );
    }
  });
  const doc = new Document({ creator: 'Fugong', title: m.title, sections: [{ children: body }] });
  return Packer.toBuffer(doc);
}
