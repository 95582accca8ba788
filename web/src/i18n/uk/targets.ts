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
};

export default messages;
