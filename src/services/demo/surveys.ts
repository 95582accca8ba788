/**
 * The demo team's own surveys: a post-contact survey e-mailed after resolved contacts (and reached
 * through public links and QR codes in two shops), a help-centre survey (widget and public link)
 * and a quarterly relationship wave. Texts in every built-in language; `generate.ts` writes their
 * invitations and answers as canonical rows, `createDemoSurveys` puts the surveys themselves in
 * the database through the survey store, so the rows' survey ids and question ids resolve.
 */
import type { Engine } from '../../core/engine.js';
import type { Texts } from '../../core/surveys/definition.js';
import { createSurvey } from '../surveys/store.js';

/** From this Amsterdam date the team asks its own post-contact survey instead of the helpdesk's CSAT. */
export const SURVEY_SWITCH_DAY = '2026-03-02';

export const POST_CONTACT_ID = 'post-contact';
export const HELP_CENTRE_ID = 'help-centre';
export const RELATIONSHIP_ID = 'relationship';

/** The relationship waves of the demo half-year: when they were sent (UTC) and their ids. */
export const DEMO_WAVES = [
  { id: '2026-q2', sentAt: '2026-04-01T07:00:00Z' },
  { id: '2026-q3', sentAt: '2026-07-01T07:00:00Z' },
] as const;

export const DEMO_SHOPS = ['shop-amsterdam', 'shop-utrecht'] as const;
export const DEMO_PUBLIC_SOURCES = ['instagram', 'contact-page'] as const;
export const HELP_CENTRE_SOURCE = 'help-centre';

/** Days a personal link stays open, as in the surveys' settings. */
export const DEMO_LINK_DAYS = 14;
export const POST_CONTACT_REMINDER_HOURS = 72;
export const WAVE_REMINDER_HOURS = 168;

const LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh-CN'];

const satisfiedLow: Texts = {
  en: 'Very dissatisfied',
  nl: 'Zeer ontevreden',
  sv: 'Mycket missnöjd',
  uk: 'Зовсім не задоволений(-а)',
  'zh-CN': '非常不满意',
};
const satisfiedHigh: Texts = {
  en: 'Very satisfied',
  nl: 'Zeer tevreden',
  sv: 'Mycket nöjd',
  uk: 'Дуже задоволений(-а)',
  'zh-CN': '非常满意',
};
const easyLow: Texts = {
  en: 'Very difficult',
  nl: 'Zeer moeilijk',
  sv: 'Mycket svårt',
  uk: 'Дуже важко',
  'zh-CN': '非常困难',
};
const easyHigh: Texts = {
  en: 'Very easy',
  nl: 'Zeer makkelijk',
  sv: 'Mycket enkelt',
  uk: 'Дуже легко',
  'zh-CN': '非常容易',
};

const branding = { colour: '#0b6e4f', senderName: 'Webshop customer service' };

/** The post-contact survey: CSAT in stars, effort, three service dimensions and a comment. */
export const POST_CONTACT_DEFINITION = {
  type: 'post_contact',
  defaultLanguage: 'nl',
  languages: LANGUAGES,
  title: {
    en: 'How did we do?',
    nl: 'Hoe hebben we het gedaan?',
    sv: 'Hur gick det?',
    uk: 'Як ми впоралися?',
    'zh-CN': '我们的服务怎么样？',
  },
  intro: {
    en: 'You recently contacted our customer service. Two minutes of your time help us improve.',
    nl: 'U had onlangs contact met onze klantenservice. Twee minuten van uw tijd helpen ons beter te worden.',
    sv: 'Du var nyligen i kontakt med vår kundtjänst. Två minuter av din tid hjälper oss att bli bättre.',
    uk: 'Нещодавно ви зверталися до нашої служби підтримки. Дві хвилини вашого часу допоможуть нам стати кращими.',
    'zh-CN': '您最近联系过我们的客服。花两分钟填写，帮助我们做得更好。',
  },
  thanks: {
    en: 'Thank you! Your answer has been saved.',
    nl: 'Bedankt! Uw antwoord is opgeslagen.',
    sv: 'Tack! Ditt svar har sparats.',
    uk: 'Дякуємо! Вашу відповідь збережено.',
    'zh-CN': '谢谢！您的回答已保存。',
  },
  questions: [
    {
      id: 'csat',
      type: 'rating',
      measure: 'csat',
      scale: { min: 1, max: 5 },
      display: 'stars',
      required: true,
      text: {
        en: 'How satisfied are you with the help you received?',
        nl: 'Hoe tevreden bent u over de hulp die u kreeg?',
        sv: 'Hur nöjd är du med hjälpen du fick?',
        uk: 'Наскільки ви задоволені отриманою допомогою?',
        'zh-CN': '您对所获得的帮助满意吗？',
      },
      lowLabel: satisfiedLow,
      highLabel: satisfiedHigh,
    },
    {
      id: 'ces',
      type: 'rating',
      measure: 'ces',
      scale: { min: 1, max: 7 },
      display: 'numbers',
      text: {
        en: 'How easy was it to get your question handled?',
        nl: 'Hoe makkelijk was het om uw vraag afgehandeld te krijgen?',
        sv: 'Hur enkelt var det att få hjälp med ditt ärende?',
        uk: 'Наскільки легко було вирішити ваше питання?',
        'zh-CN': '解决您的问题有多容易？',
      },
      lowLabel: easyLow,
      highLabel: easyHigh,
    },
    {
      id: 'knowledge',
      type: 'rating',
      measure: 'csat',
      dimension: 'knowledge',
      scale: { min: 1, max: 5 },
      display: 'stars',
      text: {
        en: "The agent's knowledge",
        nl: 'De kennis van de medewerker',
        sv: 'Medarbetarens kunskap',
        uk: 'Знання працівника',
        'zh-CN': '客服人员的专业知识',
      },
    },
    {
      id: 'speed_to_answer',
      type: 'rating',
      measure: 'csat',
      dimension: 'speed_to_answer',
      scale: { min: 1, max: 5 },
      display: 'stars',
      text: {
        en: 'How quickly we answered',
        nl: 'Hoe snel we antwoordden',
        sv: 'Hur snabbt vi svarade',
        uk: 'Як швидко ми відповіли',
        'zh-CN': '我们回复的速度',
      },
    },
    {
      id: 'speed_to_solve',
      type: 'rating',
      measure: 'csat',
      dimension: 'speed_to_solve',
      scale: { min: 1, max: 5 },
      display: 'stars',
      text: {
        en: 'How quickly your question was solved',
        nl: 'Hoe snel uw vraag was opgelost',
        sv: 'Hur snabbt ditt ärende löstes',
        uk: 'Як швидко ваше питання було вирішено',
        'zh-CN': '您的问题得到解决的速度',
      },
    },
    {
      id: 'comment',
      type: 'text',
      commentOn: 'csat',
      text: {
        en: 'Anything you would like to tell us?',
        nl: 'Wilt u ons nog iets laten weten?',
        sv: 'Något du vill berätta för oss?',
        uk: 'Бажаєте щось нам розповісти?',
        'zh-CN': '还有什么想告诉我们的吗？',
      },
    },
  ],
  branding,
};

/** The help-centre survey: did the article help (thumbs), how easy it was to find, what was looked for. */
export const HELP_CENTRE_DEFINITION = {
  type: 'self_service',
  defaultLanguage: 'nl',
  languages: LANGUAGES,
  title: {
    en: 'Did this article help?',
    nl: 'Heeft dit artikel u geholpen?',
    sv: 'Hjälpte den här artikeln dig?',
    uk: 'Чи допомогла вам ця стаття?',
    'zh-CN': '这篇文章对您有帮助吗？',
  },
  thanks: {
    en: 'Thanks for your feedback!',
    nl: 'Bedankt voor uw feedback!',
    sv: 'Tack för din återkoppling!',
    uk: 'Дякуємо за ваш відгук!',
    'zh-CN': '感谢您的反馈！',
  },
  questions: [
    {
      id: 'helpful',
      type: 'rating',
      measure: 'helpful',
      scale: { min: 0, max: 1 },
      display: 'thumbs',
      required: true,
      text: {
        en: 'Did this article help?',
        nl: 'Heeft dit artikel u geholpen?',
        sv: 'Hjälpte den här artikeln dig?',
        uk: 'Чи допомогла вам ця стаття?',
        'zh-CN': '这篇文章对您有帮助吗？',
      },
    },
    {
      id: 'findability',
      type: 'rating',
      measure: 'ces',
      dimension: 'findability',
      scale: { min: 1, max: 7 },
      display: 'numbers',
      text: {
        en: 'How easy was it to find this article?',
        nl: 'Hoe makkelijk kon u dit artikel vinden?',
        sv: 'Hur lätt var det att hitta den här artikeln?',
        uk: 'Наскільки легко було знайти цю статтю?',
        'zh-CN': '找到这篇文章有多容易？',
      },
      lowLabel: easyLow,
      highLabel: easyHigh,
    },
    {
      id: 'comment',
      type: 'text',
      commentOn: 'helpful',
      text: {
        en: 'What were you looking for?',
        nl: 'Waar was u naar op zoek?',
        sv: 'Vad letade du efter?',
        uk: 'Що ви шукали?',
        'zh-CN': '您在寻找什么？',
      },
    },
  ],
  branding,
};

/** The quarterly relationship wave: NPS with its reason, likelihood to stay, overall satisfaction. */
export const RELATIONSHIP_DEFINITION = {
  type: 'relationship',
  defaultLanguage: 'nl',
  languages: LANGUAGES,
  title: {
    en: 'How do you feel about shopping with us?',
    nl: 'Hoe bevalt winkelen bij ons?',
    sv: 'Vad tycker du om att handla hos oss?',
    uk: 'Як вам робити покупки в нас?',
    'zh-CN': '您觉得在我们这里购物体验如何？',
  },
  intro: {
    en: 'Once a quarter we ask some of our customers three short questions.',
    nl: 'Elk kwartaal stellen we een deel van onze klanten drie korte vragen.',
    sv: 'Varje kvartal ställer vi tre korta frågor till några av våra kunder.',
    uk: 'Щокварталу ми ставимо частині наших клієнтів три короткі запитання.',
    'zh-CN': '我们每个季度会向部分顾客提出三个简短的问题。',
  },
  thanks: {
    en: 'Thank you for taking the time!',
    nl: 'Bedankt dat u de tijd nam!',
    sv: 'Tack för att du tog dig tid!',
    uk: 'Дякуємо, що знайшли час!',
    'zh-CN': '感谢您抽出宝贵时间！',
  },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      required: true,
      text: {
        en: 'How likely are you to recommend us to a friend or colleague?',
        nl: 'Hoe waarschijnlijk is het dat u ons aanbeveelt bij een vriend of collega?',
        sv: 'Hur troligt är det att du skulle rekommendera oss till en vän eller kollega?',
        uk: 'Наскільки ймовірно, що ви порекомендуєте нас другові чи колезі?',
        'zh-CN': '您有多大可能向朋友或同事推荐我们？',
      },
    },
    {
      id: 'reason',
      type: 'text',
      commentOn: 'nps',
      text: {
        en: 'What is the main reason for your score?',
        nl: 'Wat is de belangrijkste reden voor uw score?',
        sv: 'Vad är den främsta anledningen till ditt betyg?',
        uk: 'Яка головна причина вашої оцінки?',
        'zh-CN': '您给出这个分数的主要原因是什么？',
      },
    },
    {
      id: 'stay',
      type: 'rating',
      measure: 'stay',
      scale: { min: 1, max: 5 },
      display: 'numbers',
      text: {
        en: 'How likely are you to keep shopping with us next year?',
        nl: 'Hoe waarschijnlijk is het dat u volgend jaar nog bij ons koopt?',
        sv: 'Hur troligt är det att du fortsätter handla hos oss nästa år?',
        uk: 'Наскільки ймовірно, що ви й наступного року купуватимете в нас?',
        'zh-CN': '明年您继续在我们这里购物的可能性有多大？',
      },
      lowLabel: {
        en: 'Very unlikely',
        nl: 'Zeer onwaarschijnlijk',
        sv: 'Mycket osannolikt',
        uk: 'Дуже малоймовірно',
        'zh-CN': '非常不可能',
      },
      highLabel: {
        en: 'Very likely',
        nl: 'Zeer waarschijnlijk',
        sv: 'Mycket troligt',
        uk: 'Дуже ймовірно',
        'zh-CN': '非常可能',
      },
    },
    {
      id: 'satisfaction',
      type: 'rating',
      measure: 'satisfaction',
      scale: { min: 1, max: 5 },
      display: 'labels',
      text: {
        en: 'Overall, how satisfied are you with our webshop?',
        nl: 'Hoe tevreden bent u, alles bij elkaar, over onze webwinkel?',
        sv: 'Hur nöjd är du totalt sett med vår webbutik?',
        uk: 'Загалом наскільки ви задоволені нашим інтернет-магазином?',
        'zh-CN': '总体而言，您对我们的网店满意吗？',
      },
      pointLabels: [
        {
          en: 'Not at all satisfied',
          nl: 'Helemaal niet tevreden',
          sv: 'Inte alls nöjd',
          uk: 'Зовсім не задоволений(-а)',
          'zh-CN': '完全不满意',
        },
        {
          en: 'Slightly satisfied',
          nl: 'Een beetje tevreden',
          sv: 'Lite nöjd',
          uk: 'Трохи задоволений(-а)',
          'zh-CN': '有点满意',
        },
        {
          en: 'Moderately satisfied',
          nl: 'Redelijk tevreden',
          sv: 'Ganska nöjd',
          uk: 'Помірно задоволений(-а)',
          'zh-CN': '比较满意',
        },
        {
          en: 'Very satisfied',
          nl: 'Zeer tevreden',
          sv: 'Mycket nöjd',
          uk: 'Дуже задоволений(-а)',
          'zh-CN': '非常满意',
        },
        {
          en: 'Extremely satisfied',
          nl: 'Uiterst tevreden',
          sv: 'Extremt nöjd',
          uk: 'Надзвичайно задоволений(-а)',
          'zh-CN': '极其满意',
        },
      ],
    },
  ],
  branding,
};

/** The three surveys as the store gets them (definitions are checked by the store). */
export const DEMO_SURVEYS = [
  {
    id: POST_CONTACT_ID,
    name: 'After a contact',
    definition: POST_CONTACT_DEFINITION,
    settings: {
      postContact: {
        enabled: true,
        delayMinutes: 60,
        fatigueDays: 0,
        reminderAfterHours: POST_CONTACT_REMINDER_HOURS,
      },
      linkDays: DEMO_LINK_DAYS,
      publicSources: [...DEMO_PUBLIC_SOURCES],
      locations: [...DEMO_SHOPS],
    },
  },
  {
    id: HELP_CENTRE_ID,
    name: 'Help centre articles',
    definition: HELP_CENTRE_DEFINITION,
    settings: { linkDays: DEMO_LINK_DAYS, publicSources: [HELP_CENTRE_SOURCE] },
  },
  {
    id: RELATIONSHIP_ID,
    name: 'Quarterly customer survey',
    definition: RELATIONSHIP_DEFINITION,
    settings: {
      wave: {
        enabled: true,
        schedule: '0 9 1 1,4,7,10 *',
        timezone: 'Europe/Amsterdam',
        sample: 0.25,
        audience: 'contacts',
        reminderAfterHours: WAVE_REMINDER_HOURS,
      },
      linkDays: 28,
    },
  },
] as const;

type Language = 'en' | 'nl' | 'sv' | 'uk' | 'zh-CN';
type Tone = { positive: readonly string[]; neutral: readonly string[]; negative: readonly string[] };

/**
 * Comments on the post-contact survey in the languages the demo's English-speaking customers also
 * write in (the Dutch and English ones are the scenario's COMMENTS).
 */
export const MORE_COMMENTS: Record<'sv' | 'uk' | 'zh-CN', Tone> = {
  sv: {
    positive: ['Snabb och vänlig hjälp, tack!', 'Mycket bra service.', 'Problemet löst inom en timme.'],
    neutral: ['Det tog ett tag, men till slut löste det sig.', 'Okej, men jag fick förklara två gånger.'],
    negative: ['Alldeles för lång väntan på svar.', 'Fortfarande inte löst, mycket besviken.'],
  },
  uk: {
    positive: ['Швидко й привітно, дякую!', 'Чудове обслуговування.', 'Проблему вирішили за годину.'],
    neutral: ['Довелося почекати, але зрештою все вирішили.', 'Нормально, але пояснювати довелося двічі.'],
    negative: ['Надто довго чекала на відповідь.', 'Досі не вирішено, дуже розчарований.'],
  },
  'zh-CN': {
    positive: ['回复很快，态度也很好，谢谢！', '服务非常好。', '一个小时内就解决了问题。'],
    neutral: ['等了一段时间，不过最后解决了。', '还可以，但我解释了两遍。'],
    negative: ['等回复等得太久了。', '问题还是没有解决，非常失望。'],
  },
};

/** What help-centre readers say they were looking for, by whether the article helped. */
export const HELP_CENTRE_COMMENTS: Record<Language, { helped: readonly string[]; not: readonly string[] }> = {
  en: {
    helped: ['How to return an item', 'Delivery times abroad', 'Changing my address'],
    not: [
      'My refund has not arrived yet',
      'How to cancel an order that was already sent',
      'Gift card balance',
    ],
  },
  nl: {
    helped: ['Hoe stuur ik iets retour', 'Levertijd naar België', 'Adres wijzigen na bestelling'],
    not: [
      'Mijn terugbetaling is nog niet binnen',
      'Bestelling annuleren die al verzonden is',
      'Saldo cadeaubon',
    ],
  },
  sv: {
    helped: ['Hur man returnerar en vara', 'Leveranstid till Sverige'],
    not: ['Min återbetalning har inte kommit', 'Hur avbokar jag en skickad order'],
  },
  uk: {
    helped: ['Як повернути товар', 'Терміни доставки за кордон'],
    not: ['Гроші за повернення досі не надійшли', 'Як скасувати вже відправлене замовлення'],
  },
  'zh-CN': {
    helped: ['如何退货', '寄往国外的配送时间'],
    not: ['退款还没有到账', '已发货的订单怎么取消'],
  },
};

/** Reasons given with the relationship NPS, by band. */
export const NPS_REASONS: Record<Language, { promoter: readonly string[]; detractor: readonly string[] }> = {
  en: {
    promoter: ['Fast delivery and friendly service.', 'Returns are easy.', 'Good prices, always in stock.'],
    detractor: ['Delivery was late twice.', 'Hard to reach by phone.', 'The refund took weeks.'],
  },
  nl: {
    promoter: ['Snelle levering en vriendelijke service.', 'Retourneren is makkelijk.', 'Goede prijzen.'],
    detractor: [
      'Twee keer te laat geleverd.',
      'Telefonisch slecht bereikbaar.',
      'Terugbetaling duurde weken.',
    ],
  },
  sv: {
    promoter: ['Snabb leverans och trevlig service.', 'Enkelt att returnera.'],
    detractor: ['Leveransen var sen två gånger.', 'Svårt att nå er på telefon.'],
  },
  uk: {
    promoter: ['Швидка доставка й привітне обслуговування.', 'Легко повернути товар.'],
    detractor: ['Доставка двічі запізнювалася.', 'Важко додзвонитися.'],
  },
  'zh-CN': {
    promoter: ['发货快，服务态度好。', '退货很方便。'],
    detractor: ['两次送货都迟到了。', '电话很难打通。'],
  },
};

/** Help-centre articles the widget sits on. */
export const HELP_CENTRE_ARTICLES = [
  'https://help.example.com/articles/returns',
  'https://help.example.com/articles/delivery-times',
  'https://help.example.com/articles/change-address',
  'https://help.example.com/articles/refunds',
  'https://help.example.com/articles/gift-cards',
  'https://help.example.com/articles/cancel-order',
] as const;

/**
 * Puts the demo's surveys in the database, dated the day the team started asking them, so the
 * imported invitations and answers name surveys and questions that exist.
 */
export async function createDemoSurveys(engine: Engine): Promise<void> {
  const since = new Date(`${SURVEY_SWITCH_DAY}T08:00:00Z`);
  for (const survey of DEMO_SURVEYS) {
    const created = await createSurvey(
      engine,
      { id: survey.id, name: survey.name, definition: survey.definition, settings: survey.settings },
      null,
      since,
    );
    if (!created.ok) throw new Error(`demo survey ${survey.id}: ${JSON.stringify(created.error)}`);
  }
}
