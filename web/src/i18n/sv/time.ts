import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone} (teamet)',
  'time.endsAtData': 'Visar {range}: den senaste kontakten är från {newest}.',
};

export default messages;
