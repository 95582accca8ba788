import type english from '../en/common.js';

const messages: Record<keyof typeof english, string> = {
  'nav.label': 'Головне меню',
  'nav.skip': 'Перейти до вмісту',
  'nav.overview': 'Огляд',
  'nav.trends': 'Тренди',
  'nav.breakdown': 'Розподіл',
  'nav.agents': 'Оператори',
  'nav.myScorecard': 'Мої показники',
  'nav.heatmap': 'Теплова карта',
  'nav.contacts': 'Звернення',
  'nav.settings': 'Налаштування',
  'nav.users': 'Користувачі',
  'language.label': 'Мова',

  'action.signOut': 'Вийти',
  'action.retry': 'Спробувати ще раз',
  'action.done': 'Готово',
  'action.save': 'Зберегти',
  'action.cancel': 'Скасувати',
  'action.edit': 'Редагувати',
  'action.delete': 'Видалити',
  'action.remove': 'Прибрати',
  'action.exportView': 'Завантажити це подання (CSV)',
  'action.exportContacts': 'Завантажити ці звернення (CSV)',

  'state.loading': 'Завантаження…',
  'error.network': 'Сервер не відповідає. Перевірте, чи запущено servicemeter serve.',
  'error.badRequest': 'Запит не прийнято',
  'error.signIn': 'Увійдіть знову',
  'error.forbidden': 'Вам не можна це переглядати',
  'error.notFound': 'Не знайдено',
  'error.conflict': 'Це суперечить поточним даним',
  'error.tooMany': 'Забагато спроб: зачекайте трохи',
  'error.server': 'На сервері сталася помилка',
  'status.stale':
    'Дані імпортовано після останнього перерахунку фактів: цифри неактуальні. Виконайте servicemeter rebuild.',
  'empty.noDataTitle': 'Даних ще немає',
  'empty.noDataBody':
    'Імпортуйте експорти служби підтримки, телефонії чи опитувань командою servicemeter import. Спершу зупиніть цей сервер (він тримає базу даних), імпортуйте й запустіть його знову, наприклад:',
  'empty.noDataDemo': 'Або спробуйте панель на згенерованих демонстраційних даних:',
  'empty.noMatch': 'За цими фільтрами в цьому періоді нічого немає. Розширте період або приберіть фільтр.',

  'password.hint': 'Щонайменше 10 символів; не поширений пароль і не ваша електронна адреса.',
  'user.name': 'Ім’я',
  'notFound.title': 'Сторінку не знайдено',
  'notFound.back': 'Назад до огляду',

  'role.admin': 'Адміністратор',
  'role.manager': 'Менеджер',
  'role.agent': 'Оператор',
  'role.viewer': 'Глядач',
  'role.finance': 'Фінанси',

  'value.none': '(немає)',
  'value.yes': 'Так',
  'value.no': 'Ні',
  'value.n': 'n = {n}',
  'value.withheld': 'Приховано',
  'value.withheldWhy':
    'Охоплює день, коли частину роботи вашої команди виконав рівно один колега: поряд із вашими власними чи іншими показниками це розкрило б його показники.',

  'value.interval': '95 % інтервал {low} – {high}',

  'unit.pp': 'в. п.',
  'unit.points': 'пунктів',
  'unit.percent': '%',
  'unit.value': 'значення',

  'column.period': 'Період',
  'column.n': 'n',
  'column.interval': '95 % інтервал',
  'column.change': 'Зміна порівняно з попереднім періодом',
  'column.actions': 'Дії',

  'pager.label': 'Сторінки',
  'pager.previous': 'Попередня сторінка',
  'pager.next': 'Наступна сторінка',
  'pager.range': '{first}–{last} з {total}',
  'table.sortBy': 'Сортувати за: {column}',
};

export default messages;
