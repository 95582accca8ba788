/** English messages of the account area; the other languages mirror these keys. */
const messages = {
  'account.title': 'Your account',
  'account.profile': 'Profile',
  'account.saved': 'Saved.',
  'account.languageHint': 'Your language is remembered for your account.',
  'account.password': 'Password',
  'account.currentPassword': 'Current password',
  'account.newPassword': 'New password',
  'account.changePassword': 'Change password',
  'account.passwordChanged': 'Password changed. Your other sessions were signed out.',
};

export default messages;
