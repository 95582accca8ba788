import type english from '../en/trends.js';

const messages: Record<keyof typeof english, string> = {
  'series.all': 'Усі',
  'series.previous': 'Попередній період',
  'chart.trendLabel': '{name} за періодами',
  'chart.showTable': 'Показати числа таблицею',
  'chart.moreSeries': 'Менші групи ({count}) не показано; див. Розподіл.',

  'trends.elapsed': 'минуло {elapsed}',
  'trends.stillWorking': 'Ще працюємо… Довгий період або дрібний крок займає більше часу.',
  'trends.cancelled': 'Зупинено до отримання чисел.',
  'trends.runAgain': 'Запустити знову',
  'trends.tooFine':
    'Крок «{asked}» дав би {points} точок за цей період — забагато, щоб прочитати: показано за кроком «{grain}».',
  'trends.tooLarge': 'Це подання завелике, щоб сервер обчислив його за кроком «{grain}».',
  'trends.tooLargeHint': 'Виберіть більший крок, коротший період або менше груп.',
  'trends.useGrain': 'Показати за кроком «{grain}»',
  'trends.smallSample': 'мала вибірка: n = {n}',
  'trends.bandNote': 'Затінена смуга навколо лінії — її 95 % інтервал.',
  'trends.smallNote':
    'Порожні точки спираються на менше ніж {min} звернень чи відповідей: читайте їх обережно.',
  'trends.targetOf': 'Ціль {name}: {value}',
};

export default messages;
