import type english from '../en/overview.js';

const messages: Record<keyof typeof english, string> = {
  'tile.drill': '{name}: {value}. Показати звернення за цим числом',
  'tile.change': '{change} порівняно з попереднім періодом',
  'tile.noPrevious': 'Немає попереднього періоду для порівняння',
  'tile.definition': 'Визначення',
  'tile.trend': 'Тренд',
  'tone.better': 'краще',
  'tone.worse': 'гірше',
  'tone.same': 'без змін',
  'target.label': 'Ціль',
  'target.met': 'Ціль {target} досягнуто',
  'target.missed': 'Ціль {target} не досягнуто',
};

export default messages;
