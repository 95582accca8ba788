import type english from '../en/breakdown.js';

const messages: Record<keyof typeof english, string> = {
  'breakdown.title': '{name} naar {dimension}',
  'drill.linkLabel': '{name}: {value}. Toon de contacten',
};

export default messages;
