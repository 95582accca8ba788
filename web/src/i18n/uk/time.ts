import type english from '../en/time.js';

// The date ends in “р.” already, so the sentence takes no full stop of its own.
const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone} (команда)',
  'time.endsAtData': 'Показано {range}: найновіше звернення створено {newest}',
};

export default messages;
