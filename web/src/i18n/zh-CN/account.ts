import type english from '../en/account.js';

const messages: Record<keyof typeof english, string> = {
  'account.title': '您的账户',
  'account.profile': '个人资料',
  'account.saved': '已保存。',
  'account.languageHint': '您选择的语言会保存在账户中。',
  'account.password': '密码',
  'account.currentPassword': '当前密码',
  'account.newPassword': '新密码',
  'account.changePassword': '修改密码',
  'account.passwordChanged': '密码已修改。您的其他会话已退出登录。',
};

export default messages;
