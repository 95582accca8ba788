import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone} (team)',
  'time.endsAtData': 'Toont {range}: het nieuwste contact is van {newest}.',
};

export default messages;
