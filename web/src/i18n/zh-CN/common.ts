import type english from '../en/common.js';

const messages: Record<keyof typeof english, string> = {
  'nav.label': '主菜单',
  'nav.skip': '跳到正文',
  'nav.overview': '概览',
  'nav.trends': '趋势',
  'nav.breakdown': '细分',
  'nav.agents': '客服人员',
  'nav.myScorecard': '我的绩效卡',
  'nav.heatmap': '热力图',
  'nav.contacts': '工单',
  'nav.settings': '设置',
  'nav.users': '用户',
  'language.label': '语言',

  'action.signOut': '退出登录',
  'action.retry': '重试',
  'action.done': '完成',
  'action.save': '保存',
  'action.cancel': '取消',
  'action.edit': '编辑',
  'action.delete': '删除',
  'action.remove': '移除',
  'action.exportView': '下载当前视图（CSV）',
  'action.exportContacts': '下载这些工单（CSV）',

  'state.loading': '加载中…',
  'error.network': '服务器没有响应。请检查 servicemeter serve 是否在运行。',
  'error.badRequest': '请求未被接受',
  'error.signIn': '请重新登录',
  'error.forbidden': '您无权查看此内容',
  'error.notFound': '未找到',
  'error.conflict': '这与当前数据冲突',
  'error.tooMany': '尝试次数过多：请稍候',
  'error.server': '服务器出错',
  'status.stale': '上次重建事实数据之后又导入了数据：数字不是最新的。请运行 servicemeter rebuild。',
  'empty.noDataTitle': '还没有数据',
  'empty.noDataBody':
    '请用 servicemeter import 导入客服系统、电话或调查的导出文件。先停止此服务器（它占用着数据库），导入后再重新启动，例如：',
  'empty.noDataDemo': '或者先用生成的演示数据试用仪表板：',
  'empty.noMatch': '此期间内没有符合这些筛选条件的数据。请扩大期间或移除某个筛选条件。',

  'password.hint': '至少 10 个字符；不能是常见密码，也不能是您的电子邮件地址。',
  'user.name': '姓名',
  'notFound.title': '页面不存在',
  'notFound.back': '返回概览',

  'role.admin': '管理员',
  'role.manager': '经理',
  'role.agent': '客服人员',
  'role.viewer': '查看者',
  'role.finance': '财务',

  'value.none': '（无）',
  'value.yes': '是',
  'value.no': '否',
  'value.n': 'n = {n}',
  'value.withheld': '已隐藏',
  'value.withheldWhy':
    '所涵盖的某一天里，团队工作的某一部分仅由一位同事完成：与您自己的或其他数据对照，就能看出这位同事的数据。',

  'value.interval': '95% 区间 {low} – {high}',

  'unit.pp': '个百分点',
  'unit.points': '分',
  'unit.percent': '%',
  'unit.value': '数值',

  'column.period': '期间',
  'column.n': 'n',
  'column.interval': '95% 区间',
  'column.change': '较上一期间的变化',
  'column.actions': '操作',

  'pager.label': '分页',
  'pager.previous': '上一页',
  'pager.next': '下一页',
  'pager.range': '第 {first}–{last} 条，共 {total} 条',
  'table.sortBy': '按{column}排序',
};

export default messages;
