import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone} (team)',
  'time.endsAtData': 'Toont {range}: de nieuwste gegevens zijn van {newest}.',
};

export default messages;
