/**
 * Ready-made surveys, one per type, in every built-in language: what a new survey starts from in
 * the editor and with `servicemeter surveys add --template`. The questions follow the measures the
 * indicators read: CSAT on 1–5, CES on 1–7, NPS 0–10, helpful 0–1, stay and satisfaction on 1–5.
 */
import type { SurveyDefinition, SurveyType, Texts } from './definition.js';

/** A text in en, nl, sv, uk and zh-CN, in that order. */
function t(en: string, nl: string, sv: string, uk: string, zh: string): Texts {
  return { en, nl, sv, uk, 'zh-CN': zh };
}

const LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh-CN'];

const THANKS = t(
  'Thank you! Your answer helps us get better.',
  'Bedankt! Met uw antwoord kunnen we het beter doen.',
  'Tack! Ditt svar hjälper oss att bli bättre.',
  'Дякуємо! Ваша відповідь допомагає нам ставати кращими.',
  '谢谢！您的回答能帮助我们做得更好。',
);

const VERY_DIFFICULT = t('Very difficult', 'Heel moeilijk', 'Mycket svårt', 'Дуже складно', '非常困难');
const VERY_EASY = t('Very easy', 'Heel makkelijk', 'Mycket enkelt', 'Дуже легко', '非常容易');
const VERY_DISSATISFIED = t(
  'Very dissatisfied',
  'Zeer ontevreden',
  'Mycket missnöjd',
  'Дуже незадоволений',
  '非常不满意',
);
const VERY_SATISFIED = t('Very satisfied', 'Zeer tevreden', 'Mycket nöjd', 'Дуже задоволений', '非常满意');

function postContact(): SurveyDefinition {
  const dimension = (id: string, dimensionName: string, text: Texts) => ({
    id,
    type: 'rating' as const,
    measure: 'csat' as const,
    scale: { min: 1, max: 5 },
    display: 'stars' as const,
    dimension: dimensionName,
    required: false,
    text,
  });
  return {
    type: 'post_contact',
    defaultLanguage: 'en',
    languages: [...LANGUAGES],
    title: t(
      'How did we do?',
      'Hoe hebben we het gedaan?',
      'Hur gick det?',
      'Як ми впоралися?',
      '我们做得怎么样？',
    ),
    intro: t(
      'You recently contacted us. Two minutes of your time tell us what went well and what did not.',
      'U heeft onlangs contact met ons gehad. In twee minuten vertelt u ons wat goed ging en wat niet.',
      'Du kontaktade oss nyligen. På två minuter kan du berätta vad som gick bra och vad som inte gjorde det.',
      'Нещодавно ви зверталися до нас. Дві хвилини вашого часу підкажуть нам, що вдалося, а що ні.',
      '您最近联系过我们。只需两分钟，告诉我们哪些做得好、哪些还不够好。',
    ),
    thanks: THANKS,
    questions: [
      {
        id: 'csat',
        type: 'rating',
        measure: 'csat',
        scale: { min: 1, max: 5 },
        display: 'stars',
        required: true,
        text: t(
          'How satisfied are you with the help you received?',
          'Hoe tevreden bent u over de hulp die u kreeg?',
          'Hur nöjd är du med hjälpen du fick?',
          'Наскільки ви задоволені допомогою, яку отримали?',
          '您对获得的帮助满意吗？',
        ),
        lowLabel: VERY_DISSATISFIED,
        highLabel: VERY_SATISFIED,
      },
      {
        id: 'effort',
        type: 'rating',
        measure: 'ces',
        scale: { min: 1, max: 7 },
        display: 'numbers',
        required: false,
        text: t(
          'How easy was it to get your question resolved?',
          'Hoe makkelijk was het om uw vraag opgelost te krijgen?',
          'Hur enkelt var det att få din fråga löst?',
          'Наскільки легко було вирішити ваше питання?',
          '解决您的问题有多容易？',
        ),
        lowLabel: VERY_DIFFICULT,
        highLabel: VERY_EASY,
      },
      dimension(
        'knowledge',
        'knowledge',
        t(
          'How knowledgeable was the person who helped you?',
          'Hoe deskundig was degene die u hielp?',
          'Hur kunnig var personen som hjälpte dig?',
          'Наскільки обізнаною була людина, яка вам допомагала?',
          '为您服务的人员专业程度如何？',
        ),
      ),
      dimension(
        'speed_to_answer',
        'speed_to_answer',
        t(
          'How satisfied are you with how quickly we answered?',
          'Hoe tevreden bent u over hoe snel we antwoordden?',
          'Hur nöjd är du med hur snabbt vi svarade?',
          'Наскільки ви задоволені тим, як швидко ми відповіли?',
          '您对我们的回复速度满意吗？',
        ),
      ),
      dimension(
        'speed_to_solve',
        'speed_to_solve',
        t(
          'How satisfied are you with how quickly it was solved?',
          'Hoe tevreden bent u over hoe snel het werd opgelost?',
          'Hur nöjd är du med hur snabbt det löstes?',
          'Наскільки ви задоволені тим, як швидко це вирішили?',
          '您对问题解决的速度满意吗？',
        ),
      ),
      {
        id: 'comment',
        type: 'text',
        commentOn: 'csat',
        required: false,
        text: t(
          'Is there anything else you would like to tell us?',
          'Wilt u ons nog iets laten weten?',
          'Är det något mer du vill berätta för oss?',
          'Чи хочете ви ще щось нам сказати?',
          '您还有什么想告诉我们的吗？',
        ),
      },
    ],
    branding: { colour: '#1f5fbf' },
  };
}

function selfService(): SurveyDefinition {
  return {
    type: 'self_service',
    defaultLanguage: 'en',
    languages: [...LANGUAGES],
    title: t(
      'Was this page helpful?',
      'Had u iets aan deze pagina?',
      'Var den här sidan till hjälp?',
      'Чи була ця сторінка корисною?',
      '此页面对您有帮助吗？',
    ),
    thanks: THANKS,
    questions: [
      {
        id: 'helpful',
        type: 'rating',
        measure: 'helpful',
        scale: { min: 0, max: 1 },
        display: 'thumbs',
        required: true,
        text: t(
          'Did this article help you?',
          'Heeft dit artikel u geholpen?',
          'Hjälpte den här artikeln dig?',
          'Чи допомогла вам ця стаття?',
          '这篇文章对您有帮助吗？',
        ),
        lowLabel: t('No', 'Nee', 'Nej', 'Ні', '没有'),
        highLabel: t('Yes', 'Ja', 'Ja', 'Так', '有'),
      },
      {
        id: 'findability',
        type: 'rating',
        measure: 'ces',
        scale: { min: 1, max: 7 },
        display: 'numbers',
        dimension: 'findability',
        required: false,
        text: t(
          'How easy was it to find what you were looking for?',
          'Hoe makkelijk kon u vinden wat u zocht?',
          'Hur enkelt var det att hitta det du letade efter?',
          'Наскільки легко було знайти те, що ви шукали?',
          '找到您需要的内容有多容易？',
        ),
        lowLabel: VERY_DIFFICULT,
        highLabel: VERY_EASY,
      },
      {
        id: 'comment',
        type: 'text',
        commentOn: 'helpful',
        required: false,
        text: t(
          'How could we make this page better?',
          'Hoe kunnen we deze pagina beter maken?',
          'Hur kan vi göra den här sidan bättre?',
          'Як ми можемо покращити цю сторінку?',
          '我们如何改进这个页面？',
        ),
      },
    ],
    branding: { colour: '#1f5fbf' },
  };
}

function relationship(): SurveyDefinition {
  const fivePoints = (...labels: Texts[]) => labels;
  return {
    type: 'relationship',
    defaultLanguage: 'en',
    languages: [...LANGUAGES],
    title: t(
      'What do you think of us?',
      'Wat vindt u van ons?',
      'Vad tycker du om oss?',
      'Що ви думаєте про нас?',
      '您对我们的看法如何？',
    ),
    intro: t(
      'Once in a while we ask our customers how we are doing. It takes about two minutes.',
      'Af en toe vragen we onze klanten hoe we het doen. Het kost ongeveer twee minuten.',
      'Då och då frågar vi våra kunder hur vi sköter oss. Det tar ungefär två minuter.',
      'Час від часу ми запитуємо наших клієнтів, як у нас справи. Це займе близько двох хвилин.',
      '我们会不时询问客户对我们的评价，大约需要两分钟。',
    ),
    thanks: THANKS,
    questions: [
      {
        id: 'nps',
        type: 'nps',
        required: true,
        text: t(
          'How likely is it that you would recommend us to a friend or colleague?',
          'Hoe waarschijnlijk is het dat u ons aanbeveelt bij een vriend of collega?',
          'Hur troligt är det att du skulle rekommendera oss till en vän eller kollega?',
          'Наскільки ймовірно, що ви порекомендуєте нас другові чи колезі?',
          '您向朋友或同事推荐我们的可能性有多大？',
        ),
      },
      {
        id: 'nps_reason',
        type: 'text',
        commentOn: 'nps',
        required: false,
        text: t(
          'What is the main reason for your score?',
          'Wat is de belangrijkste reden voor uw score?',
          'Vad är den främsta anledningen till ditt betyg?',
          'Яка головна причина вашої оцінки?',
          '您给出这个分数的主要原因是什么？',
        ),
      },
      {
        id: 'stay',
        type: 'rating',
        measure: 'stay',
        scale: { min: 1, max: 5 },
        display: 'labels',
        required: false,
        text: t(
          'How likely are you to still be our customer a year from now?',
          'Hoe waarschijnlijk is het dat u over een jaar nog klant bij ons bent?',
          'Hur troligt är det att du fortfarande är kund hos oss om ett år?',
          'Наскільки ймовірно, що через рік ви все ще будете нашим клієнтом?',
          '一年后您仍是我们客户的可能性有多大？',
        ),
        pointLabels: fivePoints(
          t('Very unlikely', 'Zeer onwaarschijnlijk', 'Mycket osannolikt', 'Дуже малоймовірно', '非常不可能'),
          t('Unlikely', 'Onwaarschijnlijk', 'Osannolikt', 'Малоймовірно', '不太可能'),
          t('Not sure', 'Weet ik niet', 'Vet inte', 'Не впевнений', '不确定'),
          t('Likely', 'Waarschijnlijk', 'Troligt', 'Імовірно', '可能'),
          t('Very likely', 'Zeer waarschijnlijk', 'Mycket troligt', 'Дуже ймовірно', '非常可能'),
        ),
      },
      {
        id: 'satisfaction',
        type: 'rating',
        measure: 'satisfaction',
        scale: { min: 1, max: 5 },
        display: 'labels',
        required: false,
        text: t(
          'Overall, how satisfied are you with us?',
          'Hoe tevreden bent u over het geheel genomen over ons?',
          'Hur nöjd är du med oss överlag?',
          'Загалом, наскільки ви задоволені нами?',
          '总体而言，您对我们满意吗？',
        ),
        pointLabels: fivePoints(
          t(
            'Not at all satisfied',
            'Helemaal niet tevreden',
            'Inte alls nöjd',
            'Зовсім не задоволений',
            '完全不满意',
          ),
          t('Slightly satisfied', 'Een beetje tevreden', 'Lite nöjd', 'Трохи задоволений', '略微满意'),
          t('Moderately satisfied', 'Redelijk tevreden', 'Ganska nöjd', 'Помірно задоволений', '比较满意'),
          t('Very satisfied', 'Zeer tevreden', 'Mycket nöjd', 'Дуже задоволений', '非常满意'),
          t('Extremely satisfied', 'Uiterst tevreden', 'Extremt nöjd', 'Надзвичайно задоволений', '极其满意'),
        ),
      },
    ],
    branding: { colour: '#1f5fbf' },
  };
}

function suggestion(): SurveyDefinition {
  return {
    type: 'suggestion',
    defaultLanguage: 'en',
    languages: [...LANGUAGES],
    title: t('Suggestion box', 'Ideeënbus', 'Förslagslåda', 'Скринька пропозицій', '意见箱'),
    thanks: t(
      'Thank you for your idea! We read every suggestion.',
      'Bedankt voor uw idee! We lezen elke suggestie.',
      'Tack för ditt förslag! Vi läser varje förslag.',
      'Дякуємо за вашу ідею! Ми читаємо кожну пропозицію.',
      '感谢您的建议！我们会认真阅读每一条。',
    ),
    questions: [
      {
        id: 'suggestion',
        type: 'text',
        required: true,
        text: t(
          'What could we do better? Tell us your idea.',
          'Wat kunnen we beter doen? Vertel ons uw idee.',
          'Vad kan vi göra bättre? Berätta om din idé.',
          'Що ми можемо робити краще? Поділіться своєю ідеєю.',
          '我们哪些方面可以做得更好？请告诉我们您的想法。',
        ),
      },
    ],
    branding: { colour: '#1f5fbf' },
  };
}

function custom(): SurveyDefinition {
  return {
    type: 'custom',
    defaultLanguage: 'en',
    languages: [...LANGUAGES],
    title: t('A short question', 'Een korte vraag', 'En kort fråga', 'Коротке запитання', '一个小问题'),
    thanks: THANKS,
    questions: [
      {
        id: 'rating',
        type: 'rating',
        measure: 'csat',
        scale: { min: 1, max: 5 },
        display: 'stars',
        required: true,
        text: t(
          'How satisfied are you with us?',
          'Hoe tevreden bent u over ons?',
          'Hur nöjd är du med oss?',
          'Наскільки ви задоволені нами?',
          '您对我们满意吗？',
        ),
        lowLabel: VERY_DISSATISFIED,
        highLabel: VERY_SATISFIED,
      },
    ],
    branding: { colour: '#1f5fbf' },
  };
}

/** A ready-made definition of the type, in en, nl, sv, uk and zh-CN; a new object on every call. */
export function surveyTemplate(type: SurveyType): SurveyDefinition {
  switch (type) {
    case 'post_contact':
      return postContact();
    case 'self_service':
      return selfService();
    case 'relationship':
      return relationship();
    case 'suggestion':
      return suggestion();
    case 'custom':
      return custom();
    default: {
      const unreachable: never = type;
      throw new Error(`unknown survey type ${String(unreachable)}`);
    }
  }
}
