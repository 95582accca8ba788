/**
 * The words of the survey pages around a survey's own questions: buttons, messages, the pages that
 * refuse a link, unsubscribing. A survey's questions, title and thanks come from its definition;
 * these come in every built-in language and fall back to English for any other.
 */
import { BUILT_IN_LANGUAGES } from '../../../core/surveys/definition.js';

export interface PageTexts {
  submit: string;
  sending: string;
  sendFailed: string;
  required: string;
  optional: string;
  needsAnswer: string;
  notValid: string;
  errorSummary: string;
  chooseAll: string;
  thanksTitle: string;
  /** `{date}` is the last day a link accepts changes. */
  editNote: string;
  scoreRecorded: string;
  npsLow: string;
  npsHigh: string;
  /** `{n}` and `{max}`: the accessible name of a star. */
  starsOf: string;
  pointOf: string;
  thumbsUp: string;
  thumbsDown: string;
  honeypot: string;
  invalidTitle: string;
  invalidBody: string;
  closedTitle: string;
  closedBody: string;
  tooManyTitle: string;
  tooManyBody: string;
  retryTitle: string;
  retryBody: string;
  retryButton: string;
  unsubscribeTitle: string;
  /** `{email}` is the address that stops getting survey e-mails. */
  unsubscribeBody: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
}

const en: PageTexts = {
  submit: 'Send',
  sending: 'Sending…',
  sendFailed: 'Your answer could not be sent. Please try again.',
  required: 'required',
  optional: 'optional',
  needsAnswer: 'Please answer this question.',
  notValid: 'This answer is not valid. Please choose again.',
  errorSummary: 'Some answers need your attention.',
  chooseAll: 'Choose all that apply.',
  thanksTitle: 'Thank you!',
  editNote: 'You have answered before. You can change your answers until {date}.',
  scoreRecorded: 'Thank you, your score is saved. Would you like to tell us a little more?',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  starsOf: '{n} of {max} stars',
  pointOf: '{n} of {max}',
  thumbsUp: 'Yes',
  thumbsDown: 'No',
  honeypot: 'Leave this field empty',
  invalidTitle: 'This link is not valid',
  invalidBody: 'Please check that you opened the whole link from the message you received.',
  closedTitle: 'This survey is closed',
  closedBody: 'It no longer accepts answers. Thank you for your time.',
  tooManyTitle: 'Too many answers at once',
  tooManyBody: 'Please wait a minute, then try again.',
  retryTitle: 'Please try again',
  retryBody:
    'Your answer arrived too quickly, or the page was open for a long time. Please fill in the form again and send it.',
  retryButton: 'Back to the survey',
  unsubscribeTitle: 'Stop survey e-mails',
  unsubscribeBody: 'We will no longer send survey e-mails to {email}.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: 'You will receive no more survey e-mails from us.',
};

const nl: PageTexts = {
  submit: 'Versturen',
  sending: 'Bezig met versturen…',
  sendFailed: 'Uw antwoord kon niet worden verstuurd. Probeer het opnieuw.',
  required: 'verplicht',
  optional: 'optioneel',
  needsAnswer: 'Beantwoord deze vraag.',
  notValid: 'Dit antwoord is niet geldig. Kies opnieuw.',
  errorSummary: 'Enkele antwoorden vragen uw aandacht.',
  chooseAll: 'Kies alles wat van toepassing is.',
  thanksTitle: 'Hartelijk dank!',
  editNote: 'U hebt al eerder geantwoord. U kunt uw antwoorden tot {date} wijzigen.',
  scoreRecorded: 'Dank u, uw score is opgeslagen. Wilt u ons nog iets meer vertellen?',
  npsLow: 'Helemaal niet waarschijnlijk',
  npsHigh: 'Zeer waarschijnlijk',
  starsOf: '{n} van {max} sterren',
  pointOf: '{n} van {max}',
  thumbsUp: 'Ja',
  thumbsDown: 'Nee',
  honeypot: 'Laat dit veld leeg',
  invalidTitle: 'Deze link is niet geldig',
  invalidBody: 'Controleer of u de volledige link uit het ontvangen bericht hebt geopend.',
  closedTitle: 'Deze enquête is gesloten',
  closedBody: 'Er kunnen geen antwoorden meer worden gegeven. Bedankt voor uw tijd.',
  tooManyTitle: 'Te veel antwoorden tegelijk',
  tooManyBody: 'Wacht een minuut en probeer het dan opnieuw.',
  retryTitle: 'Probeer het opnieuw',
  retryBody:
    'Uw antwoord kwam te snel binnen, of de pagina stond lang open. Vul het formulier opnieuw in en verstuur het.',
  retryButton: 'Terug naar de enquête',
  unsubscribeTitle: 'Geen enquêtes meer per e-mail',
  unsubscribeBody: 'We sturen geen enquêtes meer naar {email}.',
  unsubscribeButton: 'Afmelden',
  unsubscribedTitle: 'U bent afgemeld',
  unsubscribedBody: 'U ontvangt van ons geen enquêtes meer per e-mail.',
};

const sv: PageTexts = {
  submit: 'Skicka',
  sending: 'Skickar…',
  sendFailed: 'Ditt svar kunde inte skickas. Försök igen.',
  required: 'obligatorisk',
  optional: 'valfri',
  needsAnswer: 'Svara på den här frågan.',
  notValid: 'Svaret är inte giltigt. Välj igen.',
  errorSummary: 'Några svar behöver din uppmärksamhet.',
  chooseAll: 'Välj alla som stämmer.',
  thanksTitle: 'Tack!',
  editNote: 'Du har redan svarat. Du kan ändra dina svar till och med {date}.',
  scoreRecorded: 'Tack, ditt betyg är sparat. Vill du berätta lite mer?',
  npsLow: 'Inte alls troligt',
  npsHigh: 'Mycket troligt',
  starsOf: '{n} av {max} stjärnor',
  pointOf: '{n} av {max}',
  thumbsUp: 'Ja',
  thumbsDown: 'Nej',
  honeypot: 'Lämna det här fältet tomt',
  invalidTitle: 'Länken är inte giltig',
  invalidBody: 'Kontrollera att du öppnade hela länken från meddelandet du fick.',
  closedTitle: 'Enkäten är stängd',
  closedBody: 'Den tar inte längre emot svar. Tack för din tid.',
  tooManyTitle: 'För många svar på en gång',
  tooManyBody: 'Vänta en minut och försök sedan igen.',
  retryTitle: 'Försök igen',
  retryBody:
    'Ditt svar kom för snabbt, eller så var sidan öppen länge. Fyll i formuläret igen och skicka det.',
  retryButton: 'Tillbaka till enkäten',
  unsubscribeTitle: 'Inga fler enkäter via e-post',
  unsubscribeBody: 'Vi skickar inga fler enkäter till {email}.',
  unsubscribeButton: 'Avregistrera',
  unsubscribedTitle: 'Du är avregistrerad',
  unsubscribedBody: 'Du får inga fler enkäter från oss via e-post.',
};

const uk: PageTexts = {
  submit: 'Надіслати',
  sending: 'Надсилання…',
  sendFailed: 'Не вдалося надіслати відповідь. Спробуйте ще раз.',
  required: 'обов’язково',
  optional: 'необов’язково',
  needsAnswer: 'Будь ласка, дайте відповідь на це запитання.',
  notValid: 'Ця відповідь недійсна. Виберіть ще раз.',
  errorSummary: 'Деякі відповіді потребують вашої уваги.',
  chooseAll: 'Виберіть усі відповідні варіанти.',
  thanksTitle: 'Дякуємо!',
  editNote: 'Ви вже відповідали. Ви можете змінити свої відповіді до {date}.',
  scoreRecorded: 'Дякуємо, вашу оцінку збережено. Бажаєте розповісти трохи більше?',
  npsLow: 'Зовсім малоймовірно',
  npsHigh: 'Дуже ймовірно',
  starsOf: '{n} з {max} зірок',
  pointOf: '{n} з {max}',
  thumbsUp: 'Так',
  thumbsDown: 'Ні',
  honeypot: 'Залиште це поле порожнім',
  invalidTitle: 'Це посилання недійсне',
  invalidBody: 'Перевірте, чи ви відкрили повне посилання з отриманого повідомлення.',
  closedTitle: 'Опитування закрито',
  closedBody: 'Воно більше не приймає відповідей. Дякуємо за ваш час.',
  tooManyTitle: 'Забагато відповідей одночасно',
  tooManyBody: 'Зачекайте хвилину і спробуйте ще раз.',
  retryTitle: 'Спробуйте ще раз',
  retryBody:
    'Ваша відповідь надійшла надто швидко або сторінка була відкрита надто довго. Заповніть форму ще раз і надішліть її.',
  retryButton: 'Повернутися до опитування',
  unsubscribeTitle: 'Відмовитися від опитувань',
  unsubscribeBody: 'Ми більше не надсилатимемо опитувань на адресу {email}.',
  unsubscribeButton: 'Відписатися',
  unsubscribedTitle: 'Ви відписалися',
  unsubscribedBody: 'Ви більше не отримуватимете від нас опитувань електронною поштою.',
};

const zhCN: PageTexts = {
  submit: '提交',
  sending: '正在提交…',
  sendFailed: '您的回答未能提交，请重试。',
  required: '必填',
  optional: '选填',
  needsAnswer: '请回答此问题。',
  notValid: '此回答无效，请重新选择。',
  errorSummary: '部分回答需要您再看一下。',
  chooseAll: '可多选。',
  thanksTitle: '谢谢！',
  editNote: '您已回答过。在 {date} 之前，您可以修改您的回答。',
  scoreRecorded: '谢谢，您的评分已保存。愿意再多告诉我们一些吗？',
  npsLow: '完全不可能',
  npsHigh: '极有可能',
  starsOf: '{max} 星中的 {n} 星',
  pointOf: '{max} 分中的 {n} 分',
  thumbsUp: '是',
  thumbsDown: '否',
  honeypot: '请勿填写此栏',
  invalidTitle: '此链接无效',
  invalidBody: '请确认您打开的是所收到消息中的完整链接。',
  closedTitle: '此调查已关闭',
  closedBody: '此调查已不再接受回答。感谢您抽出时间。',
  tooManyTitle: '提交过于频繁',
  tooManyBody: '请稍等一分钟后再试。',
  retryTitle: '请重试',
  retryBody: '您的回答提交得太快，或页面打开的时间过长。请重新填写并提交。',
  retryButton: '返回调查',
  unsubscribeTitle: '退订调查邮件',
  unsubscribeBody: '我们将不再向 {email} 发送调查邮件。',
  unsubscribeButton: '退订',
  unsubscribedTitle: '您已退订',
  unsubscribedBody: '您将不会再收到我们的调查邮件。',
};

export const PAGE_TEXTS: Record<(typeof BUILT_IN_LANGUAGES)[number], PageTexts> = {
  en,
  nl,
  sv,
  uk,
  'zh-CN': zhCN,
};

/** The page words in `language`, its base language's, or English. */
export function pageTexts(language: string): PageTexts {
  const built = BUILT_IN_LANGUAGES.find((l) => l.toLowerCase() === language.toLowerCase());
  if (built) return PAGE_TEXTS[built];
  const base = language.split('-')[0]?.toLowerCase();
  const sameBase = BUILT_IN_LANGUAGES.find((l) => l.split('-')[0]?.toLowerCase() === base);
  return sameBase ? PAGE_TEXTS[sameBase] : en;
}

/** The languages of an Accept-Language header, most wanted first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter(
      (l) =>
        l.tag !== '' && l.tag !== '*' && l.weight > 0 && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(l.tag),
    )
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((l) => l.tag);
}

/** A text with `{name}` places filled. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}
