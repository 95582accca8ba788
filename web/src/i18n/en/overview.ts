/** English messages of the overview area; the other languages mirror these keys. */
const messages = {
  'tile.drill': '{name}: {value}. Show the contacts behind this number',
  'tile.change': '{change} vs previous period',
  'tile.noPrevious': 'No previous period to compare',
  'tile.definition': 'Definition',
  'tile.trend': 'Trend',
  'tone.better': 'better',
  'tone.worse': 'worse',
  'tone.same': 'no change',
  'target.label': 'Target',
  'target.met': 'Target {target} met',
  'target.missed': 'Target {target} missed',
};

export default messages;
