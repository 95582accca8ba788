import type english from '../en/tokens.js';

const messages: Record<keyof typeof english, string> = {
  'tokens.title': 'API-token',
  'tokens.intro':
    'Med token kan skript anropa API:et med Authorization: Bearer <token>. En token har samma roll som den som skapade den.',
  'tokens.name': 'Tokenens namn',
  'tokens.expiresInDays': 'Upphör efter (dagar, valfritt)',
  'tokens.create': 'Skapa token',
  'tokens.created': 'Token {name} skapad. Kopiera den nu: den visas inte igen.',
  'tokens.copy': 'Kopiera token',
  'tokens.none': 'Inga token.',
  'tokens.owner': 'Ägare',
  'tokens.prefix': 'Börjar med',
  'tokens.createdAt': 'Skapad',
  'tokens.lastUsed': 'Senast använd',
  'tokens.expires': 'Upphör',
  'tokens.never': 'aldrig',
  'tokens.noExpiry': 'upphör inte',
  'tokens.revoke': 'Återkalla',
  'tokens.confirmRevoke': 'Återkalla token {name}? Skript som använder den slutar fungera.',
};

export default messages;
