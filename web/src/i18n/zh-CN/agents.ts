import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.intro':
    '在所选期间内，每位客服人员与其团队其他成员相比。只有统计上明确的差异才算数（95%，并按比较的人数校正）。',
  'agents.scorecards': '绩效卡',
  'agents.legend': '▲ 明显优于团队其他成员，▼ 明显差于团队其他成员；（n）为工单或回答数。',
  'coaching.title': '辅导候选人',
  'coaching.none': '此期间内没有客服人员明显落后于团队其他成员。',
  'coaching.candidate': '辅导候选人',
  'coaching.flag': '辅导候选人：至少有一项指标明显差于团队其他成员。',
  'verdict.better': '明显更好',
  'verdict.worse': '明显更差',
  'verdict.unclear': '无明显差异',
  'verdict.notCompared': '未比较',
  'scorecard.title': '绩效卡：{name}',
  'scorecard.back': '所有客服人员',
  'scorecard.against': '与 {team} 团队其他成员相比',
  'scorecard.agent': '客服人员',
  'scorecard.team': '整个团队（含该客服人员）',
  'scorecard.difference': '与团队其他成员的差异（95% 区间）',
  'scorecard.verdict': '结论',
  'scorecard.legend':
    '每个指标按其显示的统计量比较（中位数对中位数，占比对占比）；差异为该客服人员的值减去团队其他成员的值。比率和评分在数值下方显示 95% 区间。',
  'scorecard.noAgent': '您的用户没有关联客服人员。请让管理员为您设置。',
  'scorecard.ownOnly': '您只能看到自己的绩效卡和所在团队的汇总。',

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
