/** English messages of the targets area; the other languages mirror these keys. */
const messages = {
  'targets.time': 'Time',
  'targets.timeHint':
    'Enter a time as you think of it — 90 min, 1 h 30 min, 1:30 or 2 d — it is shown back in full, like {example}.',
  'targets.rowDeadline': 'First-response deadline of row {n}',
  'targets.rowAnswerTime': 'Service-level answer time of row {n}',
  'targets.rowAbandonLimit': 'Short-abandon limit of row {n}',
  'targets.error.empty': '{field}: enter a time, for example {example}.',
  'targets.error.negative': '{field}: a time cannot be negative.',
  'targets.error.noUnit': '{field}: add a unit to {number} (s, min, h or d), for example {example}.',
  'targets.error.unknownUnit':
    '{field}: “{unit}” is not a unit of time; use s, min, h or d, for example {example}.',
  'targets.error.notADuration': '{field}: “{text}” is not a time; write it like {example}.',
  'targets.error.tooLong': '{field}: at most {max}.',
  'targets.error.percent': '{field}: a percentage from 0 to 100.',
  'targets.error.nps': '{field}: an NPS from −100 to 100.',
  'targets.error.negativeValue': '{field}: must not be negative.',
  'targets.hint.frt':
    'Target for the median first response (or the statistic a chart shows), drawn as a line. Whether each contact was answered in time is decided by its first-response deadline, under Per-contact thresholds.',
  'targets.hint.frtWithinTarget':
    'Target for the share of first replies sent within their first-response deadline ({deadlines}; set under Per-contact thresholds).',
  'targets.hint.serviceLevel':
    'Target for the share of calls and chats answered within the service-level answer time ({times}).',
};

export default messages;
