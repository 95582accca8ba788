import type english from '../en/account.js';

const messages: Record<keyof typeof english, string> = {
  'account.title': 'Je account',
  'account.profile': 'Profiel',
  'account.saved': 'Opgeslagen.',
  'account.languageHint': 'Je taal wordt bij je account onthouden.',
  'account.password': 'Wachtwoord',
  'account.currentPassword': 'Huidig wachtwoord',
  'account.newPassword': 'Nieuw wachtwoord',
  'account.changePassword': 'Wachtwoord wijzigen',
  'account.passwordChanged': 'Wachtwoord gewijzigd. Je andere sessies zijn afgemeld.',
};

export default messages;
