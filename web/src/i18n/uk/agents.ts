import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.intro':
    'Кожен оператор порівняно з рештою своєї команди за вибраний період. Різниця враховується, лише якщо вона статистично чітка (95 %, з поправкою на кількість порівнюваних операторів).',
  'agents.scorecards': 'Картки показників',
  'agents.legend': '▲ чітко краще, ▼ чітко гірше за решту команди; (n) — кількість звернень або відповідей.',
  'coaching.title': 'Кандидати на коучинг',
  'coaching.none': 'У цьому періоді жоден оператор чітко не відстає від решти своєї команди.',
  'coaching.candidate': 'Кандидат на коучинг',
  'coaching.flag': 'Кандидат на коучинг: щонайменше один показник чітко гірший, ніж у решти команди.',
  'verdict.better': 'чітко краще',
  'verdict.worse': 'чітко гірше',
  'verdict.unclear': 'немає чіткої різниці',
  'verdict.notCompared': 'не порівнювалося',
  'scorecard.title': 'Картка показників: {name}',
  'scorecard.back': 'Усі оператори',
  'scorecard.against': 'Порівняно з рештою команди {team}',
  'scorecard.agent': 'Оператор',
  'scorecard.team': 'Уся команда, разом з оператором',
  'scorecard.difference': 'Різниця з рештою команди (95 % інтервал)',
  'scorecard.verdict': 'Висновок',
  'scorecard.legend':
    'Кожен показник порівнюється за тією статистикою, яку він показує (медіани з медіанами, частки з частками); різниця — це значення оператора мінус значення решти команди. Частки й оцінки показують 95 % інтервал під значенням.',
  'scorecard.noAgent':
    'Ваш користувач не пов’язаний з оператором. Попросіть адміністратора вказати вашого оператора.',
  'scorecard.ownOnly': 'Ви бачите лише власну картку показників і підсумки своєї команди.',

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
