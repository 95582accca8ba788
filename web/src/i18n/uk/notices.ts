import type english from '../en/notices.js';

const messages: Record<keyof typeof english, string> = {
  'notice.withoutCalendar':
    '{contacts} звернень не мають календаря робочих годин (немає календаря команди і типового): їхня тривалість у робочих годинах дорівнює календарному часу.',
  'notice.withheld':
    'Показники, що могли б розкрити роботу одного колеги, приховано: ті, що охоплюють день, коли частину роботи вашої команди (у цьому розрізі чи з цими фільтрами) виконав рівно один колега. Показники команди рахуються цілими днями.',
  'notice.ownContactsOnly': 'Показано лише звернення, призначені вам.',
  'notice.moneyWithheld': '{kpis}: приховано. Грошові показники доступні адміністраторам і ролі «Фінанси».',
  'notice.moneyTeamTotals':
    '{kpis}: тут приховано. Менеджери бачать грошові показники лише як підсумки команди, а не за окремими операторами чи видами витрат, не для команди з менш ніж двох операторів і не порівняно з попереднім періодом.',
  'notice.missingData': 'Немає {missing} за {periods}: {kpis} без значення замість 0.',
  'notice.thisPeriod': 'цей період',
  'notice.monthlyFigure':
    '{kpis}: місячні показники. Оберіть місяць, квартал або рік і період із цілих місяців.',
  'missing.costData': 'даних про витрати',
  'missing.payrollData': 'даних про зарплату',
  'missing.orderData': 'даних про замовлення',
  'missing.paidHours': 'оплачених годин',
  'notice.noInput': '{kpis}: значення немає, бо жодне джерело у вибірці не має {missing}.',
  'notice.dataQuality':
    'Якість даних: {contacts} звернень, створених {days}, під час імпорту мали {problem} — зазвичай це помилка зіставлення. Показники цих днів їх враховують.',
  'notice.oneDay': 'у день {day}',
  'notice.dayRange': 'з {from} по {to}',
  'input.status_changes': 'змін статусу',
  'input.responses': 'відповідей операторів або прийнятих дзвінків і чатів',
  'input.escalations': 'подій ескалації',
  'input.assignments': 'подій призначення',
  'input.queue': 'подій черги',
  'input.handling': 'завершень прийнятих дзвінків і чатів',
  'input.after_contact_work': 'подій післяконтактної роботи',
  'input.source_sla': 'власної позначки SLA',
  'input.csat_answers': 'заповнених опитувань CSAT',
  'input.csat_dimension_answers': 'відповідей CSAT щодо аспекту обслуговування',
  'input.csat_sent': 'опитувань CSAT із часом надсилання',
  'input.nps_answers': 'заповнених опитувань NPS',
  'input.ces_answers': 'заповнених опитувань CES',
  'input.helpful_answers': 'відповідей на запитання «Чи допомогло це?»',
  'input.stay_answers': 'відповідей на запитання, чи залишаться клієнти',
  'input.satisfaction_answers': 'відповідей на запитання про загальну задоволеність',
  'quality.long_queue_wait': 'неправдоподібно довге очікування в черзі',
  'quality.long_handle_time': 'неправдоподібно довгий час обробки',
  'quality.answer_before_queue': 'відповідь раніше за вхід у чергу',
  'quality.moved_to_next_day': 'час, який правило «after» перенесло на наступний день',
  'quality.negative_interval': 'інтервал, що закінчується раніше, ніж починається',
};

export default messages;
