export default {
  subtitle: '联盟概况与工作小组',
  profile: '联盟简介',
  noDescription: '暂无简介',
  chain: '产业链',
  secretaries: '第一书记',
  members: '成员企业',
  groups: '工作小组',
  lead: '组长：',
  noGroups: '暂无工作小组',
  form: {
    edit: '编辑联盟信息',
    title: '编辑联盟信息',
    name: '联盟名称',
    chainHelp: '联盟组织的产业链，如“皮革产业链”',
    saved: '已保存 {{name}}',
  },
};
