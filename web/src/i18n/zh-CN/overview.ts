import type english from '../en/overview.js';

const messages: Record<keyof typeof english, string> = {
  'tile.drill': '{name}：{value}。显示这个数字背后的工单',
  'tile.change': '较上一期间 {change}',
  'tile.noPrevious': '没有可比较的上一期间',
  'tile.definition': '定义',
  'tile.trend': '趋势',
  'tone.better': '变好',
  'tone.worse': '变差',
  'tone.same': '无变化',
  'target.label': '目标',
  'target.met': '已达到目标 {target}',
  'target.missed': '未达到目标 {target}',
};

export default messages;
