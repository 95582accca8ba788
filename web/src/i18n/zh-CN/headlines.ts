import type english from '../en/headlines.js';

const messages: Record<keyof typeof english, string> = {
  'headlines.allChannels': '所有渠道合计',
  'headlines.byChannel': '按渠道的{name}',
  'headlines.channel': '渠道',
  'headlines.value': '数值',
  'headlines.change': '变化',
  'headlines.target': '目标',
  'headlines.mixBetter': '渠道构成发生了变化：每个渠道都变好了。',
  'headlines.mixWorse': '渠道构成发生了变化：每个渠道都变差了。',
  'headlines.mixUp': '渠道构成发生了变化：每个渠道都上升了。',
  'headlines.mixDown': '渠道构成发生了变化：每个渠道都下降了。',
  'headlines.mixBetterUnclear': '渠道构成发生了变化：没有渠道变差，但并非每个渠道都明显变好。',
  'headlines.mixWorseUnclear': '渠道构成发生了变化：没有渠道变好，但并非每个渠道都明显变差。',
  'headlines.mixUpUnclear': '渠道构成发生了变化：没有渠道下降，但并非每个渠道都明显上升。',
  'headlines.mixDownUnclear': '渠道构成发生了变化：没有渠道上升，但并非每个渠道都明显下降。',
  'headlines.mixWhy': '合计数值朝相反方向变化，是因为各渠道所占比例变了。',
  'headlines.notJudged': '未评判：渠道构成发生了变化',
  'headlines.pending': '变化仍在评判中',
  'headlines.notClear': '变化不明显',
  'headlines.smallSample': '样本少',
  'headlines.smallSampleWhy': '本期或上一期少于 {min}：太少，不足以判断变化。',
};

export default messages;
