import type english from '../en/heatmap.js';

const messages: Record<keyof typeof english, string> = {
  'heatmap.metric': '度量',
  'heatmap.volume': '工单量',
  'heatmap.firstResponse': '首次响应',
  'heatmap.abandonment': '放弃率',
  'heatmap.howTo':
    '行是星期几，列是一天中的小时；颜色越深数值越高。用方向键在单元格之间移动，按 Enter 查看工单。',
  'heatmap.caption': '按星期和小时的{name}（{timezone}）',
  'heatmap.cellLabel': '{day} {hour}：{value}（n = {n}）',
  'heatmap.cellEmpty': '{day} {hour}：无数据',
};

export default messages;
