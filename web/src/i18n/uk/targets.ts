import type english from '../en/targets.js';

const messages: Record<keyof typeof english, string> = {
  'targets.time': 'Час',
  'targets.timeHint':
    'Введіть час так, як ви про нього думаєте, — 90 хв, 1 год 30 хв, 1:30 або 2 дн. — його буде показано повністю, як {example}.',
  'targets.rowDeadline': 'Термін першої відповіді в рядку {n}',
  'targets.rowAnswerTime': 'Час відповіді для рівня обслуговування в рядку {n}',
  'targets.rowAbandonLimit': 'Межа короткого покидання в рядку {n}',
  'targets.error.empty': '{field}: введіть час, наприклад {example}.',
  'targets.error.negative': '{field}: час не може бути від’ємним.',
  'targets.error.noUnit': '{field}: додайте одиницю до {number} (с, хв, год або дн.), наприклад {example}.',
  'targets.error.unknownUnit':
    '{field}: «{unit}» — не одиниця часу; використовуйте с, хв, год або дн., наприклад {example}.',
  'targets.error.notADuration': '{field}: «{text}» — не час; напишіть, наприклад, {example}.',
  'targets.error.tooLong': '{field}: не більше ніж {max}.',
  'targets.error.percent': '{field}: відсоток від 0 до 100.',
  'targets.error.nps': '{field}: NPS від −100 до 100.',
  'targets.error.negativeValue': '{field}: не може бути від’ємним.',
  'targets.hint.frt':
    'Ціль для медіани часу першої відповіді (або статистики, яку показує графік), малюється лінією. Чи отримало кожне звернення відповідь вчасно, визначає термін першої відповіді в розділі «Пороги для кожного звернення».',
  'targets.hint.frtWithinTarget':
    'Ціль для частки перших відповідей, надісланих у межах терміну першої відповіді ({deadlines}; задається в розділі «Пороги для кожного звернення»).',
  'targets.hint.serviceLevel':
    'Ціль для частки дзвінків і чатів, на які відповіли в межах часу відповіді для рівня обслуговування ({times}).',
  'targets.title': 'Цілі та базові значення',
  'targets.intro':
    'Цілі для кожного показника — для всіх звернень, каналу, команди чи агента, починаючи з дати; кожен графік показує їх лініями, а кожна плитка й звіт — чи їх досягнуто.',
  'targets.list.title': 'Цілі',
  'targets.scope': 'Охоплення',
  'targets.scope.all': 'Усі звернення',
  'targets.value': 'Ціль',
  'targets.validFrom': 'Від',
  'targets.always': 'Завжди',
  'targets.choose': 'Виберіть…',
  'targets.add': 'Додати ціль',
  'targets.removeRow': 'Видалити ціль {n}',
  'targets.none': 'Цілей ще немає.',
  'targets.unsaved': 'Незбережені зміни',
  'targets.saved': 'Цілі збережено.',
  'targets.error.value': '{field}: введіть число.',
  'targets.error.scope': '{field}: виберіть значення.',
  'targets.error.period': 'Період: введіть перший і останній день.',
  'targets.error.periodOrder': 'Період: останній день раніше за перший.',
  'targets.history.title': 'Історія змін',
  'targets.history.when': 'Коли',
  'targets.history.who': 'Хто',
  'targets.history.change': 'Зміна',
  'targets.history.system': 'Система',
  'targets.history.none': 'Змін ще немає.',
  'targets.history.none.value': 'немає',
  'targets.history.removed': 'видалено',
  'targets.baselines.title': 'Базові значення',
  'targets.baselines.intro':
    'Базове значення — це значення показника за минулий період, збережене, щоб порівнювати з ним пізніші цифри; графіки показують його штрихпунктирною лінією.',
  'targets.baselines.none': 'Базових значень ще немає.',
  'targets.baselines.period': 'Період',
  'targets.baselines.value': 'Значення',
  'targets.baselines.n': 'Вибірка',
  'targets.baselines.from': 'Перший день',
  'targets.baselines.last': 'Останній день',
  'targets.baselines.take': 'Зафіксувати базове значення',
  'targets.baselines.line': 'Базове значення ({period}): {value}',
};

export default messages;
