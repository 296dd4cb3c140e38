/** A visit report (上门会诊报告) as a Word document (.docx), in the caller's language; built like the meeting minutes. */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ConsultationDetail, VisitResponse } from './experts.schema';

const TEXT = {
  zh: { title: '专家上门会诊报告', firm: '企业', problem: '问题', machine: '设备/产线', date: '日期', experts: '专家', findings: '诊断发现', actions: '处理措施', parts: '所需配件', followUps: '后续跟进', reportedBy: '报告人', none: '无', followUpOf: '跟进上门（前次 #{id}）', checkedIn: '已签到' },
  en: { title: 'On-site expert visit report', firm: 'Enterprise', problem: 'Problem', machine: 'Machine / line', date: 'Date', experts: 'Experts', findings: 'Findings', actions: 'Actions taken', parts: 'Parts needed', followUps: 'Follow-ups', reportedBy: 'Reported by', none: 'None', followUpOf: 'Follow-up visit (after #{id})', checkedIn: 'checked in' },
} as const;

export async function visitReportDocx(c: ConsultationDetail, v: VisitResponse, locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const t = TEXT[lang];
  const sep = lang === 'zh' ? '：' : ': ';
  const field = (name: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${name}${sep}`, bold: true }), new TextRun(value || '—')] });
  const section = (name: string, text: string) => [new Paragraph({ text: name, heading: HeadingLevel.HEADING_1 }), ...(text ? text.split(/\r?\n/) : [t.none]).map((line) => new Paragraph(line))];
  const experts = v.experts.map((e) => `${e.user.displayName}${e.checkedInAt ? ` (${t.checkedIn})` : ''}`).join(lang === 'zh' ? '、' : ', ');
  const body: Paragraph[] = [
    new Paragraph({ text: t.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    field(t.firm, c.enterprise.name),
    field(t.problem, `#${c.ticket.id} ${c.ticket.title}`),
    field(t.machine, c.machine),
    field(t.date, v.visitDate),
    field(t.experts, experts),
    ...(v.followUpOf ? [new Paragraph(t.followUpOf.replace('{id}', String(v.followUpOf)))] : []),
    ...section(t.findings, v.report?.findings ?? ''),
    ...section(t.actions, v.report?.actions ?? ''),
    ...section(t.parts, v.report?.partsNeeded ?? ''),
    ...section(t.followUps, v.report?.followUps ?? ''),
    field(t.reportedBy, v.report?.reportedBy?.displayName ?? ''),
  ];
  return Packer.toBuffer(new Document({ creator: 'Fugong', title: `${t.title} ${v.visitDate}`, sections: [{ children: body }] }));
}
