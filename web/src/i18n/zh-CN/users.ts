import type english from '../en/users.js';

const messages: Record<keyof typeof english, string> = {
  'users.tab.users': '用户',
  'users.tab.tokens': 'API 令牌',
  'users.tab.audit': '审计日志',
  'users.add': '添加用户',
  'users.role': '角色',
  'users.roleOf': '{email} 的角色',
  'users.agent': '客服人员',
  'users.agentOf': '{email} 对应的客服人员',
  'users.lastLogin': '上次登录',
  'users.status': '状态',
  'users.active': '启用',
  'users.disabled': '已停用',
  'users.enable': '启用',
  'users.disable': '停用',
  'users.resetPassword': '设置密码',
  'users.newPasswordPrompt': '{email} 的新密码（至少 10 个字符）：',
  'users.you': '您本人',
  'users.created': '已添加用户 {email}。',
  'users.updated': '已修改用户 {email}。',
  'users.deleted': '已删除用户 {email}。',
  'users.confirmDelete': '删除用户 {email} 及其会话和令牌？',
  'users.rolesHelp':
    '管理员：全部权限。经理：所有数据和导出，金额仅按团队汇总，不能管理用户或设置。客服人员：自己的绩效卡、自己的工单和团队汇总。查看者：只读汇总，不能查看工单、导出或金额。财务：查看者可见的全部内容，以及所有金额（成本、薪资、收入、毛利、客户终身价值）和指标导出。',
};

export default messages;
