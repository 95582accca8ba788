import type english from '../en/audit.js';

const messages: Record<keyof typeof english, string> = {
  'audit.at': '时间',
  'audit.action': '操作',
  'audit.user': '用户',
  'audit.target': '对象',
  'audit.ip': 'IP 地址',
  'audit.detail': '详情',
};

export default messages;
