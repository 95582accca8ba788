/** English messages of the tokens area; the other languages mirror these keys. */
const messages = {
  'tokens.title': 'API tokens',
  'tokens.intro':
    'Tokens let scripts call the API with Authorization: Bearer <token>. A token acts with its creator’s role.',
  'tokens.name': 'Token name',
  'tokens.expiresInDays': 'Expires after (days, optional)',
  'tokens.create': 'Create token',
  'tokens.created': 'Token {name} created. Copy it now: it is not shown again.',
  'tokens.copy': 'Copy token',
  'tokens.none': 'No tokens.',
  'tokens.owner': 'Owner',
  'tokens.prefix': 'Starts with',
  'tokens.createdAt': 'Created',
  'tokens.lastUsed': 'Last used',
  'tokens.expires': 'Expires',
  'tokens.never': 'never',
  'tokens.noExpiry': 'does not expire',
  'tokens.revoke': 'Revoke',
  'tokens.confirmRevoke': 'Revoke token {name}? Scripts using it stop working.',
};

export default messages;
