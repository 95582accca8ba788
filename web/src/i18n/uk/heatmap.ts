import type english from '../en/heatmap.js';

const messages: Record<keyof typeof english, string> = {
  'heatmap.metric': 'Міра',
  'heatmap.volume': 'Обсяг',
  'heatmap.firstResponse': 'Перша відповідь',
  'heatmap.abandonment': 'Покинуті',
  'heatmap.howTo':
    'Рядки — дні тижня, стовпці — години доби; темніше означає більше. Переміщуйтеся клітинками клавішами зі стрілками й відкривайте звернення клавішею Enter.',
  'heatmap.caption': '{name} за днем тижня й годиною ({timezone})',
  'heatmap.cellLabel': '{day} {hour}: {value} (n = {n})',
  'heatmap.cellEmpty': '{day} {hour}: немає даних',
};

export default messages;
