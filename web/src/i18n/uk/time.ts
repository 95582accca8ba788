import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone} (команда)',
  'time.endsAtData': 'Показано {range}: найновіші дані — за {newest}.',
};

export default messages;
