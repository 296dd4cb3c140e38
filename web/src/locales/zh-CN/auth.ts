export default {
  hero: {
    title: '联盟协同，企业复工',
    lead: '成员企业每日填报复工进度与困难，联盟和工作小组实时掌握全局，驻企专员精准对接帮扶。',
    points: {
      one: '一张表看清每家成员企业的复工阶段、产能与在岗人数',
      two: '原材料、物流、用工等卡点按类别汇总，及时分派到工作小组',
      three: '手机即可填报日报，一分钟完成',
    },
    foot: '浙江产业联盟复工复产服务平台',
  },
  login: {
    title: '登录',
    subtitle: '使用联盟分配的账号登录',
    username: '用户名',
    usernamePlaceholder: '请输入用户名',
    usernameRequired: '请输入用户名',
    password: '密码',
    passwordPlaceholder: '请输入密码',
    passwordRequired: '请输入密码',
    submit: '登录',
    hint: '忘记密码请联系本联盟第一书记重置。',
  },
  password: {
    title: '修改密码',
    current: '当前密码',
    new: '新密码',
    confirm: '确认新密码',
    rule: '至少 10 位，须同时包含字母和数字，不能是常见密码。',
    mismatch: '两次输入的新密码不一致',
    changed: '密码已修改，其他设备上的登录已退出',
  },
};
