import type english from '../en/targets.js';

const messages: Record<keyof typeof english, string> = {
  'targets.time': '时间',
  'targets.timeHint':
    '按习惯输入时间，例如 90 分钟、1 小时 30 分钟、1:30 或 2 天；保存后会完整显示，例如 {example}。',
  'targets.rowDeadline': '第 {n} 行的首次响应时限',
  'targets.rowAnswerTime': '第 {n} 行的服务水平接听时限',
  'targets.rowAbandonLimit': '第 {n} 行的短时放弃界限',
  'targets.error.empty': '{field}：请输入时间，例如 {example}。',
  'targets.error.negative': '{field}：时间不能为负数。',
  'targets.error.noUnit': '{field}：请为 {number} 加上单位（秒、分钟、小时或天），例如 {example}。',
  'targets.error.unknownUnit': '{field}：“{unit}”不是时间单位；请使用秒、分钟、小时或天，例如 {example}。',
  'targets.error.notADuration': '{field}：“{text}”不是时间；请写成 {example} 这样的形式。',
  'targets.error.tooLong': '{field}：最多 {max}。',
  'targets.error.percent': '{field}：请输入 0 到 100 之间的百分比。',
  'targets.error.nps': '{field}：请输入 −100 到 100 之间的 NPS。',
  'targets.error.negativeValue': '{field}：不能为负数。',
  'targets.hint.frt':
    '首次响应时间中位数（或图表所示统计量）的目标，在图表中画成目标线。每条联系是否及时回复，由“逐条联系阈值”中的首次响应时限决定。',
  'targets.hint.frtWithinTarget':
    '在首次响应时限内发出首次回复的占比目标（{deadlines}；在“逐条联系阈值”中设置）。',
  'targets.hint.serviceLevel': '在服务水平接听时限内接听的电话和聊天占比目标（{times}）。',
};

export default messages;
