import type english from '../en/audit.js';

const messages: Record<keyof typeof english, string> = {
  'audit.at': 'Tijd',
  'audit.action': 'Actie',
  'audit.user': 'Gebruiker',
  'audit.target': 'Object',
  'audit.ip': 'IP-adres',
  'audit.detail': 'Details',
};

export default messages;
