export default {
  subtitle: '联盟概况与工作小组',
  profile: '联盟简介',
  noDescription: '暂无简介',
  chain: '产业链',
  secretaries: '第一书记',
  members: '成员企业',
  groups: '工作小组',
  lead: '组长：',
};
