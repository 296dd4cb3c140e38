export const nav = {
  overview: '复工总览',
  caseload: '我的驻企',
  members: '成员企业',
  report: '复工日报',
  myEnterprise: '本企业',
  alliance: '联盟概况',
  users: '人员管理',
  audit: '操作日志',
};

export const layout = {
  mainNav: '主导航',
  openMenu: '打开菜单',
  expandMenu: '展开菜单',
  collapseMenu: '收起菜单',
  switchAlliance: '切换联盟',
  switched: '已切换到 {{name}}',
  account: '账号：{{name}}',
  changePassword: '修改密码',
  logout: '退出登录',
};
