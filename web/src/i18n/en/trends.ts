/** English messages of the trends area; the other languages mirror these keys. */
const messages = {
  'series.all': 'All',
  'series.previous': 'Previous period',
  'chart.trendLabel': '{name} per period',
  'chart.showTable': 'Show the numbers as a table',
  'chart.moreSeries': '{count} smaller groups are not drawn; see Breakdown.',

  'trends.elapsed': '{elapsed} so far',
  'trends.stillWorking': 'Still working… A long period or a fine grain takes longer.',
  'trends.cancelled': 'Stopped before the numbers came.',
  'trends.runAgain': 'Run again',
  'trends.tooFine':
    'Grain “{asked}” would give {points} points over this period, too many to read: shown by “{grain}”.',
  'trends.tooLarge': 'This view is too large for the server to compute by “{grain}”.',
  'trends.tooLargeHint': 'Choose a coarser grain, a shorter period or fewer groups.',
  'trends.useGrain': 'Show by “{grain}”',
  'trends.smallSample': 'small sample: n = {n}',
  'trends.bandNote': 'The shaded band around a line is its 95 % interval.',
  'trends.smallNote': 'Hollow points rest on fewer than {min} contacts or answers: read them with care.',
  'trends.targetOf': 'Target {name}: {value}',
};

export default messages;
