export default {
  title: '我的驻企',
  subtitle: '{{date}} · 我负责联系的企业',
  firms: '驻企企业与最新卡点',
  latestBlockers: '最新困难',
  file: '代为填报',
  empty: '暂无分派给您的企业',
  kpi: {
    firms: '负责企业',
    reported: '今日已报',
    missing: '今日未报',
    blocked: '报告困难的企业',
  },
};
