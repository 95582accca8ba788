import type english from '../en/business.js';

const messages: Record<keyof typeof english, string> = {
  'business.title': 'Бізнес',
  'business.intro':
    'Що служба підтримки дає бізнесу: клієнти, які залишаються, замовлення після звернення, вартість звернення, цінність клієнта залежно від того, як розв’язали його проблеми, і люди, які виконують роботу.',
  'business.moneyHidden':
    'Грошові показники (витрати, фонд оплати праці, виручка, маржа, цінність клієнта) бачать лише адміністратори та фінансисти.',
  'business.moneyTotals': 'Грошові показники показано як підсумки за командою, ніколи за агентом.',
  'business.noValue': 'Немає значення за цей місяць: примітки нижче пояснюють, чого бракує.',
  'business.noValueShort': 'немає даних',
  'business.column.month': 'Місяць',

  'business.customers.title': 'Клієнти',
  'business.customers.chart': 'Нові, втрачені та активні клієнти за місяцями',
  'business.customers.ratesChart': 'Утримання та відтік клієнтів за місяцями',
  'business.customers.table': 'Показники клієнтів за місяцями',

  'business.cohorts.title': 'Утримання за когортами',
  'business.cohorts.howTo':
    'Кожен рядок — клієнти, уперше помічені в одному місяці, кожен стовпець — місяць потому: частка тих, хто досі є клієнтом. Темніше — більше; наведіть на клітинку, щоб побачити 95 % інтервал.',
  'business.cohorts.caption': 'Частка кожної місячної когорти, яка досі є клієнтами, за місяцями від першого',
  'business.cohorts.cohort': 'Когорта',
  'business.cohorts.size': 'Клієнти',
  'business.cohorts.month': 'Місяць {offset}',
  'business.cohorts.cell': '{cohort}, місяць {offset}: {share} ({retained} з {size}) {interval}',
  'business.cohorts.empty': 'У цьому періоді немає нових клієнтів.',

  'business.costs.title': 'Витрати та маржа',
  'business.costs.chart': 'Вартість звернення та вирішення за місяцями',
  'business.costs.spendChart': 'Витрати на залучення та утримання за місяцями',
  'business.costs.table': 'Витрати, виручка та маржа за місяцями',

  'business.clv.title': 'Цінність клієнта залежно від розв’язання проблем',
  'business.clv.caption': 'Середня цінність клієнта залежно від того, як розв’язали його проблеми',
  'business.clv.handling': 'Розв’язання',
  'business.clv.customers': 'Клієнти',
  'business.clv.mean': 'Середня цінність клієнта',
  'business.clv.difference': 'Різниця з першим зверненням',
  'business.clv.reference': 'база порівняння',
  'business.clv.curve': 'Накопичена маржа на клієнта за когортами, за місяцями від першого',
  'business.handling.first_contact': 'Розв’язано з першого звернення',
  'business.handling.later': 'Розв’язано пізніше',
  'business.handling.unresolved': 'Не розв’язано',
  'business.handling.no_contact': 'Без звернень',

  'business.conversion.title': 'Конверсія після звернення',
  'business.conversion.intro':
    'Частка звернень, після яких той самий клієнт зробив замовлення протягом {days} днів, порівняно з подібними клієнтами без звернень.',
  'business.conversion.byChannel': 'Конверсія після звернення за каналами',
  'business.conversion.byAgent': 'Конверсія після звернення за агентами',
  'business.conversion.channel': 'Канал',
  'business.conversion.agent': 'Агент',
  'business.conversion.contacts': 'Звернення',
  'business.conversion.converted': 'З подальшим замовленням',
  'business.conversion.rate': 'Конверсія',
  'business.conversion.baseline': 'Подібні клієнти без звернень',

  'business.people.title': 'Люди',
  'business.people.tenureGroups': 'Нові та досвідчені агенти',
  'business.people.group': 'Агенти',
  'business.people.new': 'Нові (менше {days} днів)',
  'business.people.experienced': 'Досвідчені',
  'business.people.agents': 'Агенти',
  'business.people.fcr': 'Вирішення з першого звернення',
  'business.people.csat': 'CSAT',
  'business.people.perAgent': 'За агентами',
  'business.people.agent': 'Агент',
  'business.people.hired': 'Прийнято',
  'business.people.left': 'звільнився {day}',
  'business.people.tenureYears': 'Стаж (років)',
  'business.people.fte': 'Ставки (FTE)',
  'business.people.paidHours': 'Оплачені години',
  'business.people.resolved': 'Вирішено',
  'business.people.perPaidHour': 'Вирішено за оплачену годину',
  'business.people.trainingDays': 'Дні навчання',
  'business.people.hourlyCost': 'Вартість години',

  'business.notices.title': 'Про ці показники',
  'business.notice.rowsLeftOut': '{message} (пропущено рядків: {rows})',
};

export default messages;
