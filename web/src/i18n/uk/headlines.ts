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
  'headlines.mixBetterUnclear':
    'Змінився розподіл між каналами: жоден канал не погіршився, але не кожен канал очевидно покращився.',
  'headlines.mixWorseUnclear':
    'Змінився розподіл між каналами: жоден канал не покращився, але не кожен канал очевидно погіршився.',
  'headlines.mixUpUnclear':
    'Змінився розподіл між каналами: жоден канал не знизився, але не кожен канал очевидно зріс.',
  'headlines.mixDownUnclear':
    'Змінився розподіл між каналами: жоден канал не зріс, але не кожен канал очевидно знизився.',
  'headlines.mixWhy': 'Загальний показник рухався в інший бік, бо змінилися частки каналів.',
  'headlines.notJudged': 'без оцінки: змінився розподіл між каналами',
  'headlines.pending': 'зміну ще оцінюємо',
  'headlines.notClear': 'зміна не очевидна',
  'headlines.smallSample': 'мала вибірка',
  'headlines.smallSampleWhy':
    'Менше ніж {min} у цьому або попередньому періоді: замало, щоб говорити про зміну.',
};

export default messages;
