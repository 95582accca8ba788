import type english from '../en/account.js';

const messages: Record<keyof typeof english, string> = {
  'account.title': 'Ditt konto',
  'account.profile': 'Profil',
  'account.saved': 'Sparat.',
  'account.languageHint': 'Ditt språk sparas för ditt konto.',
  'account.password': 'Lösenord',
  'account.currentPassword': 'Nuvarande lösenord',
  'account.newPassword': 'Nytt lösenord',
  'account.changePassword': 'Byt lösenord',
  'account.passwordChanged': 'Lösenordet är bytt. Dina andra sessioner loggades ut.',
};

export default messages;
