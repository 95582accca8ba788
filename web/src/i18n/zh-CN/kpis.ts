import type { KpiId, KpiText } from '../types.js';

const kpis: Record<KpiId, KpiText> = {
  contacts_created: {
    name: '新建工单数',
    definition: '创建时间落在该期间内的工单。',
  },
  contacts_resolved: {
    name: '已解决工单数',
    definition:
      '首次解决（第一次变为已解决或已关闭）落在该期间内的工单。重新打开后再次解决的工单只计一次，计入首次解决所在的期间。',
  },
  contacts_resolved_full: {
    name: '已解决工单数（最终解决）',
    definition: '最终解决（对当前已解决的工单而言，最后一次变为已解决或已关闭）落在该期间内的工单。',
  },
  backlog_open: {
    name: '未结工单积压',
    definition:
      '存量指标：每个期间结束时仍未结的工单，即在期末之前创建且当时尚未解决。工单从其最终（最后一次）解决起算作已解决；当前未结的工单保持未结；没有状态变更记录就被关闭的工单从不计为未结。',
  },
  frt: {
    name: '首次响应时长',
    definition:
      '从客户的第一条来信（或电话、聊天进入队列）到人工客服的第一次公开回复（或接听电话、聊天）。机器人、自动回复和内部备注不会停止计时。对于客服主动发起的工单，从其后客户的第一条消息开始计算。尚未回复的工单不计入（见 frt_pending）。计入工单创建所在的期间；归属于回复的客服人员。',
  },
  frt_pending: {
    name: '等待首次响应',
    definition: '有客户来信（或排队中且未放弃的电话、聊天）但尚无人工回复的工单。计入工单创建所在的期间。',
  },
  frt_within_target: {
    name: '首次响应达标率',
    definition:
      '首次响应时长不超过其首次响应时限（按渠道设置，可按团队细分，位于 设置 → 逐条联系阈值；默认聊天 30 秒、电话 20 秒、电子邮件、社交媒体和网页表单 1 小时；按工作时间计算，除非时限设为日历小时）的已回复工单 ÷ 有时限的已回复工单。计入工单创建所在的期间；归属于回复的客服人员。这不是 KPI 目标：此指标的 KPI 目标是针对比例的目标。',
  },
  resolution_time: {
    name: '解决时长',
    definition: '从工单创建到首次解决。计入首次解决所在的期间；归属于工单的处理人。',
  },
  full_resolution_time: {
    name: '最终解决时长',
    definition:
      '对当前已解决的工单，从创建到最后一次解决（重新打开的工单从创建起重新计算）。计入该次解决所在的期间。',
  },
  resolved_within_24h: {
    name: '24 小时内解决率',
    definition:
      '创建后 24 小时内首次解决的已解决工单 ÷ 已解决工单。默认按自然时间；使用 --hours business 时为 24 个工作小时。计入首次解决所在的期间。',
  },
  fcr_rate: {
    name: '首次联系解决率',
    definition:
      '恰好只有一次接触（一次客服公开回复，或一次接通的电话、聊天）且 7 天内未重新打开的已解决工单 ÷ 至少有一次接触的已解决工单。计入首次解决所在的期间。',
  },
  reopen_rate: {
    name: '重开率',
    definition:
      '之后被重新打开（从已解决或已关闭变回未结状态）的已解决工单 ÷ 已解决工单。计入首次解决所在的期间。',
  },
  escalation_rate: {
    name: '升级率',
    definition:
      '至少升级过一次的工单 ÷ 新建工单。按 escalation_type 分组可查看各类型（转下一线、职能、层级、投诉；以工单的第一次升级为准）。计入工单创建所在的期间。',
  },
  reassignment_rate: {
    name: '重新分配率',
    definition:
      '被分配给多于一名坐席或多于一个组（团队）的工单 ÷ 至少有一次分配的工单。再次分配给同一坐席和组不算重新分配；分配的顺序无关。计入工单创建所在的期间。',
  },
  aht: {
    name: '平均处理时长',
    definition:
      '每个已处理工单的处理时长：通话加保持时间，从接听到结束，把该工单所有电话或聊天会话相加；话后处理另计（acw_time）。计入工单创建所在的期间；归属于第一个接听的客服人员。',
  },
  acw_time: {
    name: '话后处理时长',
    definition: '有记录的工单的话后处理时长（从 acw_start 到 acw_end，所有会话相加）。',
  },
  offered: {
    name: '呼入量',
    definition:
      '进入队列的排队工单（电话、聊天），减去短时放弃（在短时放弃阈值内放弃，默认 5 秒）。计入工单创建所在的期间。',
  },
  answered: {
    name: '接听量',
    definition: '由客服人员接听的排队工单。计入工单创建所在的期间。',
  },
  abandoned: {
    name: '放弃量',
    definition: '在队列中放弃的排队工单，减去短时放弃。计入工单创建所在的期间。',
  },
  abandonment_rate: {
    name: '放弃率',
    definition: '放弃量 ÷ 呼入量；短于短时放弃阈值（默认 5 秒）的放弃两边都不计入。计入工单创建所在的期间。',
  },
  asa: {
    name: '平均应答速度',
    definition: '已接听工单的平均排队等待时间，包括零等待。计入工单创建所在的期间；归属于接听的客服人员。',
  },
  service_level: {
    name: '服务水平',
    definition:
      'T 内接听 ÷（接听 + T 之后放弃）；T 为该渠道的服务水平目标（默认电话 20 秒、聊天 30 秒）。T 内放弃的不计入。计入工单创建所在的期间。',
  },
  source_sla_met_rate: {
    name: 'SLA 达成（来源自身标记）',
    definition:
      '来源系统自身认定在其 SLA 内的工单 ÷ 其有任何标记的工单（contacts.source_sla_met；Freshdesk：Resolution status）。这是来源自身的数值，用于与 servicemeter 的数值比较：其 SLA 政策和营业时间是来源自己的。计入工单创建所在的期间。',
  },
  csat: {
    name: '客户满意度（CSAT）',
    definition:
      '处于最高档的 CSAT 回答 ÷ 全部 CSAT 回答。最高档 = 高于量表中点：1–5 分制中的 4–5，1–3 分制中的 3，1–2 分制中的 2。跳过的调查不计入。计入回答所在的期间；归属于回答中注明的客服人员，否则为发送调查前最后一位回复的客服人员。',
  },
  csat_avg: {
    name: 'CSAT 平均分',
    definition: '以 1–5 分制计的 CSAT 回答平均分（其他量表的回答线性换算到 1–5）。计入回答所在的期间。',
  },
  csat_response_rate: {
    name: 'CSAT 回复率',
    definition: '已回答的 CSAT 调查 ÷ 已发送的 CSAT 调查。计入调查发送所在的期间。',
  },
  csat_dimension: {
    name: '各服务维度满意度',
    definition:
      '关于某一服务维度（如配送、发票）处于最高档的 CSAT 回答 ÷ 该维度的全部回答；按 survey_dimension 分组可查看每个维度。总体回答属于 csat。计入回答所在的期间。',
  },
  nps: {
    name: '净推荐值（NPS）',
    definition:
      '在 0–10 分的 NPS 回答中，推荐者（9–10）占比 − 贬损者（0–6）占比，以 −100 到 100 的分数表示。跳过的回答不计入分母。计入回答所在的期间。',
  },
  ces: {
    name: '客户费力度（CES）',
    definition:
      'CES 回答中“容易”的占比：高于量表中点，即 1–7 分制中的 5–7、1–5 分制中的 4–5。计入回答所在的期间。',
  },
  ces_avg: {
    name: 'CES 平均分',
    definition: '以 1–7 分制计的 CES 回答平均分（其他量表的回答线性换算到 1–7）。计入回答所在的期间。',
  },
};

export default kpis;
