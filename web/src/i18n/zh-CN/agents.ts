import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.statistic.median': '中位数',
  'agents.statistic.p90': '第 90 百分位',
  'agents.statistic.mean': '平均值',
  'agents.statistic.share': '占比',
  'agents.statistic.nps': '得分',
  'agents.kpiWithStatistic': '{kpi}（{statistic}）',
  'agents.reason.faster':
    '{kpi}：{value}，团队其他成员为 {rest}，快 {difference}（95% 区间 {low} 至 {high}）',
  'agents.reason.slower':
    '{kpi}：{value}，团队其他成员为 {rest}，慢 {difference}（95% 区间 {low} 至 {high}）',
  'agents.reason.higher':
    '{kpi}：{value}，团队其他成员为 {rest}，高 {difference}（95% 区间 {low} 至 {high}）',
  'agents.reason.lower': '{kpi}：{value}，团队其他成员为 {rest}，低 {difference}（95% 区间 {low} 至 {high}）',
  'agents.column.agentValue': '该客服人员的数值',
  'agents.column.rest': '团队其他成员',
  'agents.column.reason': '原因',
  'agents.tooFew.contacts': '数量太少，不按{kpi}排名：少于 {min} 个联系',
  'agents.tooFew.answers': '数量太少，不按{kpi}排名：少于 {min} 份回答',
  'agents.tooFewToJudge': '数量太少，无法判断：少于 {min}',
  'agents.rankingHint':
    '点击指标的列标题即可按该指标为客服人员排名，最好的排在前面。某指标背后少于 {min} 个联系或回答的客服人员单独列出、不参与排名，也不标 ▲ 或 ▼：数据太少，说明不了什么。',
};

export default messages;
