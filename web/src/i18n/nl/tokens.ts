import type english from '../en/tokens.js';

const messages: Record<keyof typeof english, string> = {
  'tokens.title': 'API-tokens',
  'tokens.intro':
    'Met tokens roepen scripts de API aan met Authorization: Bearer <token>. Een token werkt met de rol van wie het maakte.',
  'tokens.name': 'Naam van het token',
  'tokens.expiresInDays': 'Verloopt na (dagen, optioneel)',
  'tokens.create': 'Token aanmaken',
  'tokens.created': 'Token {name} aangemaakt. Kopieer het nu: het wordt niet nog eens getoond.',
  'tokens.copy': 'Token kopiëren',
  'tokens.none': 'Geen tokens.',
  'tokens.owner': 'Eigenaar',
  'tokens.prefix': 'Begint met',
  'tokens.createdAt': 'Aangemaakt',
  'tokens.lastUsed': 'Laatst gebruikt',
  'tokens.expires': 'Verloopt',
  'tokens.never': 'nooit',
  'tokens.noExpiry': 'verloopt niet',
  'tokens.revoke': 'Intrekken',
  'tokens.confirmRevoke': 'Token {name} intrekken? Scripts die het gebruiken, werken dan niet meer.',
};

export default messages;
