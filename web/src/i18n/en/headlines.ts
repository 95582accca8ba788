/** English messages of the headlines area; the other languages mirror these keys. */
const messages = {
  'headlines.allChannels': 'All channels combined',
  'headlines.byChannel': '{name} by channel',
  'headlines.channel': 'Channel',
  'headlines.value': 'Value',
  'headlines.change': 'Change',
  'headlines.target': 'Target',
  'headlines.mixBetter': 'The channel mix changed: every channel improved.',
  'headlines.mixWorse': 'The channel mix changed: every channel got worse.',
  'headlines.mixUp': 'The channel mix changed: every channel went up.',
  'headlines.mixDown': 'The channel mix changed: every channel went down.',
  'headlines.mixBetterUnclear':
    'The channel mix changed: no channel got worse, but not every channel clearly improved.',
  'headlines.mixWorseUnclear':
    'The channel mix changed: no channel improved, but not every channel clearly got worse.',
  'headlines.mixUpUnclear':
    'The channel mix changed: no channel went down, but not every channel clearly went up.',
  'headlines.mixDownUnclear':
    'The channel mix changed: no channel went up, but not every channel clearly went down.',
  'headlines.mixWhy': 'The combined figure moved the other way because the channels’ shares changed.',
  'headlines.notJudged': 'not judged: the channel mix changed',
  'headlines.pending': 'change still being judged',
  'headlines.notClear': 'not a clear change',
  'headlines.smallSample': 'small sample',
  'headlines.smallSampleWhy':
    'Fewer than {min} in this period or the previous one: too few to call a change.',
};

export default messages;
