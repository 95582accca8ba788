import type english from '../en/login.js';

const messages: Record<keyof typeof english, string> = {
  'login.title': 'Вхід до servicemeter',
  'login.email': 'Електронна пошта',
  'login.password': 'Пароль',
  'login.submit': 'Увійти',
  'login.invalid': 'Неправильна електронна пошта або пароль.',
  'login.rateLimited': 'Забагато спроб. Зачекайте кілька хвилин і спробуйте ще раз.',
  'login.expired': 'Ваш сеанс завершився. Увійдіть ще раз.',
  'setup.title': 'Створення першого адміністратора',
  'setup.intro':
    'Адміністратора ще немає. Обліковий запис, створений тут, зможе додавати інших користувачів; після цього ця сторінка зникне.',
  'setup.repeat': 'Повторіть пароль',
  'setup.submit': 'Створити адміністратора',
  'setup.mismatch': 'Паролі не збігаються.',
  'setup.done': 'Адміністратор уже існує. Оновіть сторінку, щоб увійти.',
  'setup.token': 'Код налаштування',
  'setup.tokenHint':
    'Ви не на самому сервері: введіть код налаштування, який servicemeter serve вивів під час запуску.',
  'setup.tokenWrong':
    'Код налаштування відсутній або неправильний. Скопіюйте його з виводу servicemeter serve.',
};

export default messages;
