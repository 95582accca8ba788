import type english from '../en/notices.js';

const messages: Record<keyof typeof english, string> = {
  'notice.withoutCalendar':
    '{contacts} 个工单没有工作时间日历（既没有团队日历，也没有默认日历）：其按工作时间计算的时长等于自然时间。',
  'notice.withheld':
    '可能暴露某位同事工作的数据已隐藏：即所涵盖的某一天里，团队工作的某一部分（按此处的细分或筛选）仅由一位同事完成。团队数据按整天统计。',
  'notice.ownContactsOnly': '仅列出分配给您的工单。',
  'notice.moneyWithheld': '{kpis}：已隐藏。金额类指标仅向管理员和财务角色显示。',
  'notice.moneyTeamTotals':
    '{kpis}：此处已隐藏。经理只能看到按团队汇总的金额，不能按客服人员或成本类别查看，不能查看少于两名客服人员的团队，也不能与上一期间比较。',
  'notice.missingData': '{periods}没有{missing}：{kpis}不显示数值，而不是显示 0。',
  'notice.thisPeriod': '此期间',
  'notice.monthlyFigure': '{kpis}：月度指标。请选择月、季度或年，并选择由完整月份组成的时间范围。',
  'missing.costData': '成本数据',
  'missing.payrollData': '薪资数据',
  'missing.orderData': '订单数据',
  'missing.paidHours': '带薪工时',
  'notice.noInput': '{kpis}：没有数值，因为所选数据中没有任何来源包含{missing}。',
  'notice.dataQuality':
    '数据质量：{days}创建的 {contacts} 个工单在导入时存在{problem}，通常是映射错误。这些日期的数值包含它们。',
  'notice.oneDay': '{day} ',
  'notice.dayRange': '{from} 至 {to} ',
  'input.status_changes': '状态变更',
  'input.responses': '坐席回复或已接听的电话和聊天',
  'input.escalations': '升级事件',
  'input.assignments': '分配事件',
  'input.queue': '排队事件',
  'input.handling': '已接听电话和聊天的结束事件',
  'input.after_contact_work': '话后处理事件',
  'input.source_sla': '来源自身的 SLA 标记',
  'input.csat_answers': '已回答的 CSAT 调查',
  'input.csat_dimension_answers': '关于服务维度的 CSAT 回答',
  'input.csat_sent': '带发送时间的 CSAT 调查',
  'input.nps_answers': '已回答的 NPS 调查',
  'input.ces_answers': '已回答的 CES 调查',
  'input.helpful_answers': '已回答的“这对您有帮助吗？”问题',
  'input.stay_answers': '已回答的继续留用可能性问题',
  'input.satisfaction_answers': '已回答的总体满意度问题',
  'quality.long_queue_wait': '不合理的过长排队等待',
  'quality.long_handle_time': '不合理的过长处理时间',
  'quality.answer_before_queue': '接听早于进入队列',
  'quality.moved_to_next_day': '被 “after” 规则移到次日的时间',
  'quality.negative_interval': '结束早于开始的时间区间',
};

export default messages;
