import type english from '../en/login.js';

const messages: Record<keyof typeof english, string> = {
  'login.title': '登录 servicemeter',
  'login.email': '电子邮箱',
  'login.password': '密码',
  'login.submit': '登录',
  'login.invalid': '电子邮箱或密码错误。',
  'login.rateLimited': '尝试次数过多。请等几分钟后再试。',
  'login.expired': '您的会话已结束，请重新登录。',
  'setup.title': '创建第一个管理员',
  'setup.intro': '目前还没有管理员。在此创建的账户可以添加其他用户；之后此页面将不再出现。',
  'setup.repeat': '再次输入密码',
  'setup.submit': '创建管理员',
  'setup.mismatch': '两次输入的密码不一致。',
  'setup.done': '已经存在管理员。请刷新页面后登录。',
  'setup.token': '设置令牌',
  'setup.tokenHint': '您不在服务器本机上：请输入 servicemeter serve 启动时显示的设置令牌。',
  'setup.tokenWrong': '设置令牌缺失或错误。请从 servicemeter serve 的输出中复制。',
};

export default messages;
