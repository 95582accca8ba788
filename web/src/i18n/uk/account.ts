import type english from '../en/account.js';

const messages: Record<keyof typeof english, string> = {
  'account.title': 'Ваш обліковий запис',
  'account.profile': 'Профіль',
  'account.saved': 'Збережено.',
  'account.languageHint': 'Вибрана мова зберігається у вашому обліковому записі.',
  'account.password': 'Пароль',
  'account.currentPassword': 'Поточний пароль',
  'account.newPassword': 'Новий пароль',
  'account.changePassword': 'Змінити пароль',
  'account.passwordChanged': 'Пароль змінено. Інші ваші сеанси завершено.',
};

export default messages;
