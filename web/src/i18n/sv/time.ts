import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone} (teamet)',
  'time.endsAtData': 'Visar {range}: de senaste uppgifterna är från {newest}.',
};

export default messages;
