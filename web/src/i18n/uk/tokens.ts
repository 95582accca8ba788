import type english from '../en/tokens.js';

const messages: Record<keyof typeof english, string> = {
  'tokens.title': 'API-токени',
  'tokens.intro':
    'Токени дають скриптам викликати API із заголовком Authorization: Bearer <token>. Токен діє з роллю свого творця.',
  'tokens.name': 'Назва токена',
  'tokens.expiresInDays': 'Спливає через (днів, необов’язково)',
  'tokens.create': 'Створити токен',
  'tokens.created': 'Токен {name} створено. Скопіюйте його зараз: більше його не буде показано.',
  'tokens.copy': 'Скопіювати токен',
  'tokens.none': 'Токенів немає.',
  'tokens.owner': 'Власник',
  'tokens.prefix': 'Починається з',
  'tokens.createdAt': 'Створено',
  'tokens.lastUsed': 'Востаннє використано',
  'tokens.expires': 'Спливає',
  'tokens.never': 'ніколи',
  'tokens.noExpiry': 'не спливає',
  'tokens.revoke': 'Відкликати',
  'tokens.confirmRevoke': 'Відкликати токен {name}? Скрипти, що його використовують, перестануть працювати.',
};

export default messages;
