import type english from '../en/audit.js';

const messages: Record<keyof typeof english, string> = {
  'audit.at': 'Tid',
  'audit.action': 'Händelse',
  'audit.user': 'Användare',
  'audit.target': 'Objekt',
  'audit.ip': 'IP-adress',
  'audit.detail': 'Detaljer',
};

export default messages;
