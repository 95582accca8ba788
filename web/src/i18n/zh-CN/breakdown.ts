import type english from '../en/breakdown.js';

const messages: Record<keyof typeof english, string> = {
  'breakdown.title': '按{dimension}细分的{name}',
  'drill.linkLabel': '{name}：{value}。显示工单',
};

export default messages;
