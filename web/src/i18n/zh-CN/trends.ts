import type english from '../en/trends.js';

const messages: Record<keyof typeof english, string> = {
  'series.all': '全部',
  'series.previous': '上一期间',
  'chart.trendLabel': '各期间的{name}',
  'chart.showTable': '以表格显示数字',
  'chart.moreSeries': '另有 {count} 个较小的分组未绘出；请查看“细分”。',

  'trends.elapsed': '已用 {elapsed}',
  'trends.stillWorking': '仍在计算…时间范围越长或粒度越细，耗时越久。',
  'trends.cancelled': '已在数据返回前停止。',
  'trends.runAgain': '重新运行',
  'trends.tooFine': '按“{asked}”粒度，此时间范围将有 {points} 个点，太多无法阅读：已改为按“{grain}”显示。',
  'trends.tooLarge': '此视图按“{grain}”粒度计算量过大，服务器无法一次算出。',
  'trends.tooLargeHint': '请选择更粗的粒度、更短的时间范围或更少的分组。',
  'trends.useGrain': '按“{grain}”显示',
  'trends.smallSample': '样本量小：n = {n}',
  'trends.bandNote': '线条周围的阴影带是其 95% 置信区间。',
  'trends.smallNote': '空心点所依据的联系或回答少于 {min} 个：请谨慎解读。',
  'trends.targetOf': '{name} 目标：{value}',
};

export default messages;
