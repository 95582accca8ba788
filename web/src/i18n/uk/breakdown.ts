import type english from '../en/breakdown.js';

const messages: Record<keyof typeof english, string> = {
  'breakdown.title': '{name} за ознакою «{dimension}»',
  'drill.linkLabel': '{name}: {value}. Показати звернення',
};

export default messages;
