/** The three-party agreement (.docx, Chinese, from the alliance's template) and the wage settlement (.xlsx). */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';

/** The filled template: its first line is the title, each further line a paragraph. */
export async function agreementDocx(text: string): Promise<Buffer> {
  const [title, ...lines] = text.split(/\r?\n/);
  const body = [new Paragraph({ text: title ?? '', heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }), ...lines.map((line) => new Paragraph(line))];
  return Packer.toBuffer(new Document({ creator: 'Fugong', title: title ?? '', sections: [{ children: body }] }));
}

export interface SettlementRow {
  id: number;
  lender: string;
  borrower: string;
  lenderId: number;
  borrowerId: number;
  jobType: string;
  status: string;
  startDate: string;
  endDate: string;
  dailyWageFen: number;
  wagePayer: string;
  days: number;
  hours: number;
  amountFen: number;
}

const yuan = (fen: number) => Math.round(fen) / 100;

/** Two sheets: one row per placement, and the totals per (lender, borrower) pair. */
export async function settlementXlsx(rows: readonly SettlementRow[], locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const zh = locale !== 'en-US';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fugong';
  const a = wb.addWorksheet(zh ? '按用工' : 'By placement', { views: [{ state: 'frozen', ySplit: 1 }] });
  a.columns = (zh
    ? ['用工编号', '借出企业', '借入企业', '工种', '状态', '开始', '结束', '日工资(元)', '工资支付方', '出勤天数', '工时', '应付工资(元)']
    : ['Placement', 'Lender', 'Borrower', 'Job type', 'Status', 'Start', 'End', 'Daily wage (yuan)', 'Paid by', 'Days', 'Hours', 'Wages due (yuan)']
  ).map((header) => ({ header, width: 14 }));
  a.getRow(1).font = { bold: true };
  for (const r of rows) a.addRow([r.id, r.lender, r.borrower, r.jobType, r.status, r.startDate, r.endDate, yuan(r.dailyWageFen), r.wagePayer, r.days, r.hours, yuan(r.amountFen)]);
  const b = wb.addWorksheet(zh ? '按企业对' : 'By firm pair', { views: [{ state: 'frozen', ySplit: 1 }] });
  b.columns = (zh ? ['借出企业', '借入企业', '用工人数', '出勤天数', '应付工资(元)'] : ['Lender', 'Borrower', 'Placements', 'Days', 'Wages due (yuan)']).map((header) => ({ header, width: 16 }));
  b.getRow(1).font = { bold: true };
  const pairs = new Map<string, { lender: string; borrower: string; n: number; days: number; fen: number }>();
  for (const r of rows) {
    const key = `${r.lenderId}:${r.borrowerId}`;
    const p = pairs.get(key) ?? { lender: r.lender, borrower: r.borrower, n: 0, days: 0, fen: 0 };
    p.n++;
    p.days += r.days;
    p.fen += r.amountFen;
    pairs.set(key, p);
  }
  for (const p of pairs.values()) b.addRow([p.lender, p.borrower, p.n, p.days, yuan(p.fen)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
