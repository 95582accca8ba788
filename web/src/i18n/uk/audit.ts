import type english from '../en/audit.js';

const messages: Record<keyof typeof english, string> = {
  'audit.at': 'Час',
  'audit.action': 'Дія',
  'audit.user': 'Користувач',
  'audit.target': 'Об’єкт',
  'audit.ip': 'IP-адреса',
  'audit.detail': 'Подробиці',
};

export default messages;
