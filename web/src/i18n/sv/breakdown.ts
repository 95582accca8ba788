import type english from '../en/breakdown.js';

const messages: Record<keyof typeof english, string> = {
  'breakdown.title': '{name} efter {dimension}',
  'drill.linkLabel': '{name}: {value}. Visa ärendena',
};

export default messages;
