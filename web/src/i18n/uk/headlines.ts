import type english from '../en/headlines.js';

const messages: Record<keyof typeof english, string> = {
  'headlines.allChannels': 'Усі канали разом',
  'headlines.byChannel': '{name} за каналами',
  'headlines.channel': 'Канал',
  'headlines.value': 'Значення',
  'headlines.change': 'Зміна',
  'headlines.target': 'Ціль',
  'headlines.mixBetter': 'Змінився розподіл між каналами: кожен канал покращився.',
  'headlines.mixWorse': 'Змінився розподіл між каналами: кожен канал погіршився.',
  'headlines.mixUp': 'Змінився розподіл між каналами: кожен канал зріс.',
  'headlines.mixDown': 'Змінився розподіл між каналами: кожен канал знизився.',
  'headlines.mixWhy': 'Загальний показник рухався в інший бік, бо змінилися частки каналів.',
  'headlines.notJudged': 'без оцінки: змінився розподіл між каналами',
  'headlines.notClear': 'зміна не очевидна',
  'headlines.notClearWhy': '95 % інтервал зміни охоплює й відсутність будь-якої зміни.',
  'headlines.smallSample': 'мала вибірка',
  'headlines.smallSampleWhy':
    'Менше ніж {min} у цьому або попередньому періоді: замало, щоб говорити про зміну.',
};

export default messages;
