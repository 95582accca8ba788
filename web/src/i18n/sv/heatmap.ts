import type english from '../en/heatmap.js';

const messages: Record<keyof typeof english, string> = {
  'heatmap.metric': 'Mått',
  'heatmap.volume': 'Volym',
  'heatmap.firstResponse': 'Första svar',
  'heatmap.abandonment': 'Avbrutna',
  'heatmap.howTo':
    'Rader är veckodagar, kolumner dygnets timmar; mörkare är högre. Flytta mellan cellerna med piltangenterna och visa ärendena med Enter.',
  'heatmap.caption': '{name} per veckodag och timme ({timezone})',
  'heatmap.cellLabel': '{day} {hour}: {value} (n = {n})',
  'heatmap.cellEmpty': '{day} {hour}: inga data',
};

export default messages;
