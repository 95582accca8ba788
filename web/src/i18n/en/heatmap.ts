/** English messages of the heatmap area; the other languages mirror these keys. */
const messages = {
  'heatmap.metric': 'Measure',
  'heatmap.volume': 'Volume',
  'heatmap.firstResponse': 'First response',
  'heatmap.abandonment': 'Abandonment',
  'heatmap.howTo':
    'Rows are weekdays, columns hours of the day; darker is higher. Use the arrow keys to move between cells and Enter to list the contacts.',
  'heatmap.caption': '{name} by weekday and hour ({timezone})',
  'heatmap.cellLabel': '{day} {hour}: {value} (n = {n})',
  'heatmap.cellEmpty': '{day} {hour}: no data',
};

export default messages;
