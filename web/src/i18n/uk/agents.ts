import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.statistic.median': 'медіана',
  'agents.statistic.p90': '90-й процентиль',
  'agents.statistic.mean': 'середнє',
  'agents.statistic.share': 'частка',
  'agents.statistic.nps': 'оцінка',
  'agents.kpiWithStatistic': '{kpi} ({statistic})',
  'agents.reason.faster':
    '{kpi}: {value} проти {rest} в решти команди, на {difference} швидше (95 % інтервал від {low} до {high})',
  'agents.reason.slower':
    '{kpi}: {value} проти {rest} в решти команди, на {difference} повільніше (95 % інтервал від {low} до {high})',
  'agents.reason.higher':
    '{kpi}: {value} проти {rest} в решти команди, на {difference} вище (95 % інтервал від {low} до {high})',
  'agents.reason.lower':
    '{kpi}: {value} проти {rest} в решти команди, на {difference} нижче (95 % інтервал від {low} до {high})',
  'agents.column.agentValue': 'Показник оператора',
  'agents.column.rest': 'Решта команди',
  'agents.column.reason': 'Чому',
  'agents.tooFew.contacts': 'Замало, щоб ранжувати за показником «{kpi}»: менше ніж {min} звернень',
  'agents.tooFew.answers': 'Замало, щоб ранжувати за показником «{kpi}»: менше ніж {min} відповідей',
  'agents.tooFewToJudge': 'замало, щоб оцінити: менше ніж {min}',
  'agents.rankingHint':
    'Виберіть заголовок показника, щоб ранжувати операторів за ним, найкращі першими. Оператори, за якими в показнику менше ніж {min} звернень чи відповідей, наведені окремо, без місця в рейтингу й без ▲ чи ▼: так мало даних майже нічого про них не каже.',
};

export default messages;
