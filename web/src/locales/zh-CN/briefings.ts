export default {
  title: '日报周报',
  subtitle: '复工、断链预警、问题办理、专家、共享员工、团购等情况汇总，可下载 PDF 或 Excel；每天定时生成并推送到群机器人',
  scope: { label: '范围', alliance: '本联盟', city: '全市' },
  period: { label: '类型', daily: '日报', weekly: '周报' },
  date: { daily: '日期', weekly: '截至日期（含前 6 天）' },
  download: { title: '生成简报', pdf: '下载 PDF', xlsx: '下载 Excel' },
  scheduled: {
    title: '定时简报',
    help: '每天定时生成日报，每周一生成上周周报，并推送到订阅了“定时日报、周报已生成”的群机器人。',
    empty: '还没有定时生成的简报',
    span: '统计期',
    createdAt: '生成时间',
    files: '文件',
  },
};
