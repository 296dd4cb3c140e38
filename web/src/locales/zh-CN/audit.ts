export default {
  title: '操作日志',
  empty: '暂无操作记录',
  system: '系统',
  filteredBy: '仅显示：{{target}}',
  showAll: '显示全部',
  fields: { at: '时间', actor: '操作人', action: '操作', target: '对象', requestId: '请求编号' },
  actions: {
    session: { login: '登录', logout: '退出', switch_alliance: '切换联盟' },
    user: { create: '创建账号', update: '修改账号', password_change: '修改密码', password_reset: '重置密码' },
    enterprise: { create: '新增企业', import: '导入企业', update: '修改企业', assign_commissioner: '指派驻企专员' },
    report: { submit: '提交日报', edit: '修改日报' },
    alliance: { create: '创建联盟', update: '修改联盟' },
  },
  targets: { user: '账号', enterprise: '企业', report: '日报', alliance: '联盟', session: '会话' },
  detailKeys: { changed: '修改字段', count: '数量', reportDate: '日期', name: '名称', version: '版本', allianceId: '联盟', from: '原值', to: '新值' },
};
