import type english from '../en/users.js';

const messages: Record<keyof typeof english, string> = {
  'users.tab.users': 'Користувачі',
  'users.tab.tokens': 'API-токени',
  'users.tab.audit': 'Журнал аудиту',
  'users.add': 'Додати користувача',
  'users.role': 'Роль',
  'users.roleOf': 'Роль {email}',
  'users.agent': 'Оператор',
  'users.agentOf': 'Оператор для {email}',
  'users.lastLogin': 'Останній вхід',
  'users.status': 'Стан',
  'users.active': 'Активний',
  'users.disabled': 'Вимкнений',
  'users.enable': 'Увімкнути',
  'users.disable': 'Вимкнути',
  'users.resetPassword': 'Задати пароль',
  'users.newPasswordPrompt': 'Новий пароль для {email} (щонайменше 10 символів):',
  'users.you': 'ви',
  'users.created': 'Користувача {email} додано.',
  'users.updated': 'Користувача {email} змінено.',
  'users.deleted': 'Користувача {email} видалено.',
  'users.confirmDelete': 'Видалити користувача {email} разом із сеансами й токенами?',
  'users.rolesHelp':
    'Адміністратор: усе. Менеджер: усі дані й експорти, грошові показники — як підсумки команди, без користувачів і налаштувань. Оператор: власна картка показників, власні звернення й підсумки команди. Глядач: лише перегляд підсумків, без звернень, експортів і грошових показників. Фінанси: те саме, що й глядач, а також усі грошові показники (витрати, фонд оплати праці, виручка, маржа, цінність клієнта) і експорт KPI.',
};

export default messages;
