/**
 * The survey e-mail: a short note in the customer's language, the main question with its score as
 * one-click links (the page opens with that score kept and asks only the rest), a button to the
 * whole survey and an unsubscribe link. HTML built for mail clients (tables and inline styles, no
 * images but the logo, no script) and a plain-text part saying the same.
 */
import { mainQuestion, type Question, type SurveyDefinition, textIn } from '../../core/surveys/definition.js';
import type { MailMessage } from '../mail/mailer.js';

interface MailTexts {
  subjectPostContact: string;
  subjectRelationship: string;
  subjectOther: string;
  introPostContact: string;
  introRelationship: string;
  introOther: string;
  reminderSubject: string;
  reminderIntro: string;
  clickHint: string;
  button: string;
  personal: string;
  unsubscribe: string;
  unsubscribeLink: string;
  npsLow: string;
  npsHigh: string;
  pointOf: string;
}

/** `{sender}` is the branding's sender name; `{subject}` the subject a reminder repeats. */
const MAIL_TEXTS: Record<string, MailTexts> = {
  en: {
    subjectPostContact: 'How did {sender} help you?',
    subjectRelationship: 'How are we doing? A question from {sender}',
    subjectOther: 'A short survey from {sender}',
    introPostContact:
      'You were recently in touch with {sender}. Would you tell us how it went? It takes less than a minute.',
    introRelationship:
      'A few times a year we ask our customers how we are doing. Your answer helps us do better.',
    introOther: 'We would like to hear what you think. It only takes a minute or two.',
    reminderSubject: 'Reminder: {subject}',
    reminderIntro:
      'A few days ago we asked for your opinion. If you have a minute, we would still love to hear it.',
    clickHint: 'Click your answer; the survey opens with it filled in.',
    button: 'Answer the survey',
    personal: 'This link is meant for you alone; please do not forward this e-mail.',
    unsubscribe: 'Rather not receive surveys from us?',
    unsubscribeLink: 'Unsubscribe',
    npsLow: 'Not at all likely',
    npsHigh: 'Extremely likely',
    pointOf: '{n} of {max}',
  },
  nl: {
    subjectPostContact: 'Hoe heeft {sender} u geholpen?',
    subjectRelationship: 'Hoe doen we het? Een vraag van {sender}',
    subjectOther: 'Een korte vragenlijst van {sender}',
    introPostContact:
      'U had onlangs contact met {sender}. Wilt u ons laten weten hoe het ging? Het kost minder dan een minuut.',
    introRelationship:
      'Een paar keer per jaar vragen we onze klanten hoe we het doen. Met uw antwoord kunnen we het beter doen.',
    introOther: 'We horen graag wat u ervan vindt. Het kost maar een minuut of twee.',
    reminderSubject: 'Herinnering: {subject}',
    reminderIntro:
      'Een paar dagen geleden vroegen we om uw mening. Als u even tijd heeft, horen we die nog steeds graag.',
    clickHint: 'Klik op uw antwoord; de vragenlijst opent met dat antwoord al ingevuld.',
    button: 'Vragenlijst invullen',
    personal: 'Deze link is alleen voor u bedoeld; stuur deze e-mail alstublieft niet door.',
    unsubscribe: 'Liever geen vragenlijsten meer van ons?',
    unsubscribeLink: 'Afmelden',
    npsLow: 'Zeer onwaarschijnlijk',
    npsHigh: 'Zeer waarschijnlijk',
    pointOf: '{n} van {max}',
  },
  sv: {
    subjectPostContact: 'Hur hjälpte {sender} dig?',
    subjectRelationship: 'Hur tycker du att vi sköter oss? En fråga från {sender}',
    subjectOther: 'En kort enkät från {sender}',
    introPostContact:
      'Du var nyligen i kontakt med {sender}. Vill du berätta hur det gick? Det tar mindre än en minut.',
    introRelationship:
      'Några gånger om året frågar vi våra kunder hur vi sköter oss. Ditt svar hjälper oss att bli bättre.',
    introOther: 'Vi vill gärna höra vad du tycker. Det tar bara någon minut.',
    reminderSubject: 'Påminnelse: {subject}',
    reminderIntro:
      'För några dagar sedan bad vi om din åsikt. Om du har en minut över vill vi fortfarande gärna höra den.',
    clickHint: 'Klicka på ditt svar, så öppnas enkäten med svaret redan ifyllt.',
    button: 'Svara på enkäten',
    personal: 'Länken är personlig; vidarebefordra gärna inte det här mejlet.',
    unsubscribe: 'Vill du inte få fler enkäter från oss?',
    unsubscribeLink: 'Avregistrera dig',
    npsLow: 'Inte alls troligt',
    npsHigh: 'Mycket troligt',
    pointOf: '{n} av {max}',
  },
  uk: {
    subjectPostContact: 'Як {sender} вам допомогли?',
    subjectRelationship: 'Як ми працюємо? Запитання від {sender}',
    subjectOther: 'Коротке опитування від {sender}',
    introPostContact:
      'Нещодавно ви зверталися до {sender}. Розкажіть, будь ласка, як усе пройшло. Це займе менше хвилини.',
    introRelationship:
      'Кілька разів на рік ми запитуємо клієнтів, як ми працюємо. Ваша відповідь допоможе нам стати кращими.',
    introOther: 'Нам цікаво знати вашу думку. Це займе лише хвилину-дві.',
    reminderSubject: 'Нагадування: {subject}',
    reminderIntro:
      'Кілька днів тому ми попросили вас поділитися думкою. Якщо маєте хвилинку, ми й досі будемо раді її почути.',
    clickHint: 'Натисніть свою відповідь — опитування відкриється з уже вибраною оцінкою.',
    button: 'Пройти опитування',
    personal: 'Це посилання призначене лише для вас; будь ласка, не пересилайте цей лист.',
    unsubscribe: 'Не бажаєте більше отримувати опитування?',
    unsubscribeLink: 'Відписатися',
    npsLow: 'Зовсім малоймовірно',
    npsHigh: 'Дуже ймовірно',
    pointOf: '{n} з {max}',
  },
  'zh-CN': {
    subjectPostContact: '{sender} 的服务让您满意吗？',
    subjectRelationship: '我们做得怎么样？来自 {sender} 的问题',
    subjectOther: '{sender} 的简短问卷',
    introPostContact: '您最近联系过 {sender}。能告诉我们这次体验如何吗？只需不到一分钟。',
    introRelationship: '我们每年会几次询问客户对我们的看法。您的回答将帮助我们做得更好。',
    introOther: '我们很想听听您的看法，只需一两分钟。',
    reminderSubject: '提醒：{subject}',
    reminderIntro: '几天前我们邀请您分享意见。如果您有一分钟时间，我们仍然很想听到您的反馈。',
    clickHint: '点击您的答案，问卷打开时会自动填好。',
    button: '填写问卷',
    personal: '此链接仅供您本人使用，请勿转发此邮件。',
    unsubscribe: '不想再收到我们的问卷？',
    unsubscribeLink: '退订',
    npsLow: '完全不可能',
    npsHigh: '极有可能',
    pointOf: '{max} 分中的 {n} 分',
  },
};

/** The mail texts in `language`: that language, its base language, else English. */
export function mailTexts(language: string): MailTexts {
  const base = language.split('-')[0] ?? '';
  const byBase = Object.keys(MAIL_TEXTS).find((l) => l.split('-')[0] === base);
  return MAIL_TEXTS[language] ?? (byBase ? MAIL_TEXTS[byBase] : undefined) ?? (MAIL_TEXTS.en as MailTexts);
}

/** The languages the mail's own texts come in. */
export const MAIL_LANGUAGES = Object.keys(MAIL_TEXTS);

export interface SurveyEmailInput {
  definition: SurveyDefinition;
  /** The invitation's language, one of the survey's. */
  language: string;
  /** Where the survey pages are served, e.g. https://meter.example.com (no trailing slash needed). */
  baseUrl: string;
  /** The invitation's signed link token. */
  token: string;
  unsubscribeToken: string;
  /** The sending address (`--mail-from`); the name shown is the branding's sender name. */
  fromAddress: string;
  to: string;
  invitationId: string;
  /** The one reminder: another subject and intro, the same links. */
  reminder?: boolean;
}

/** One point of the main question as a link: the score, what is drawn, its accessible name. */
interface ScorePoint {
  score: number;
  shown: string;
  label: string;
}

const FACES = ['😠', '🙁', '😐', '🙂', '😀'];

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The points of the main question, as the survey draws them. */
function scorePoints(question: Question, language: string, fallback: string, texts: MailTexts): ScorePoint[] {
  if (question.type === 'nps')
    return Array.from({ length: 11 }, (_, score) => ({
      score,
      shown: String(score),
      label: fill(texts.pointOf, { n: score, max: 10 }),
    }));
  if (question.type !== 'rating') return [];
  const { min, max } = question.scale;
  const points: ScorePoint[] = [];
  for (let score = min; score <= max; score += 1) {
    const label = fill(texts.pointOf, { n: score, max });
    const position = max === min ? 1 : (score - min) / (max - min);
    let shown: string;
    switch (question.display) {
      case 'stars':
        shown = '★'.repeat(score - min + 1);
        break;
      case 'faces':
        shown = FACES[Math.round(position * (FACES.length - 1))] as string;
        break;
      case 'thumbs':
        shown = position >= 0.5 ? '👍' : '👎';
        break;
      case 'labels':
        shown = textIn(question.pointLabels?.[score - min], language, fallback) || String(score);
        break;
      default:
        shown = String(score);
    }
    points.push({ score, shown, label });
  }
  return points;
}

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The survey's page for a token, with a one-click score when given. */
export function surveyLink(baseUrl: string, token: string, score?: number): string {
  const page = joinUrl(baseUrl, `/s/${encodeURIComponent(token)}`);
  return score === undefined ? page : `${page}?score=${score}`;
}

export function unsubscribeLink(baseUrl: string, unsubscribeToken: string): string {
  return joinUrl(baseUrl, `/s/u/${encodeURIComponent(unsubscribeToken)}`);
}

/** The name the mail comes from: the branding's sender name, else the sending address's domain. */
export function senderName(definition: SurveyDefinition, fromAddress: string): string {
  const named = definition.branding.senderName?.trim();
  if (named) return named;
  return fromAddress.split('@')[1] ?? fromAddress;
}

/** The survey e-mail of one invitation, ready for the mailer. */
export function surveyEmail(input: SurveyEmailInput): MailMessage {
  const { definition, language } = input;
  const texts = mailTexts(language);
  const fallback = definition.defaultLanguage;
  const sender = senderName(definition, input.fromAddress);
  const colour = definition.branding.colour;
  const baseSubject = fill(
    definition.type === 'post_contact'
      ? texts.subjectPostContact
      : definition.type === 'relationship'
        ? texts.subjectRelationship
        : texts.subjectOther,
    { sender },
  );
  const subject = input.reminder ? fill(texts.reminderSubject, { subject: baseSubject }) : baseSubject;
  const intro = input.reminder
    ? texts.reminderIntro
    : fill(
        definition.type === 'post_contact'
          ? texts.introPostContact
          : definition.type === 'relationship'
            ? texts.introRelationship
            : texts.introOther,
        { sender },
      );
  const main = mainQuestion(definition);
  const points = main ? scorePoints(main, language, fallback, texts) : [];
  const question = main ? textIn(main.text, language, fallback) : '';
  const [lowLabel, highLabel] =
    main?.type === 'nps'
      ? [texts.npsLow, texts.npsHigh]
      : main?.type === 'rating'
        ? [textIn(main.lowLabel, language, fallback), textIn(main.highLabel, language, fallback)]
        : ['', ''];
  const page = surveyLink(input.baseUrl, input.token);
  const unsubscribe = unsubscribeLink(input.baseUrl, input.unsubscribeToken);

  const textLines = [intro, ''];
  if (main && points.length > 0) {
    textLines.push(question, texts.clickHint, '');
    for (const p of points) textLines.push(`${p.score}: ${surveyLink(input.baseUrl, input.token, p.score)}`);
    if (lowLabel || highLabel)
      textLines.push(`(${points[0]?.score} = ${lowLabel}, ${points.at(-1)?.score} = ${highLabel})`);
    textLines.push('');
  }
  textLines.push(`${texts.button}: ${page}`, '', texts.personal, '', `${texts.unsubscribe} ${unsubscribe}`);

  const cell = 'padding:0 3px 6px 0';
  const scoreLinks = points
    .map(
      (p) =>
        `<td style="${cell}"><a href="${escapeHtml(surveyLink(input.baseUrl, input.token, p.score))}" title="${escapeHtml(p.label)}" aria-label="${escapeHtml(p.label)}" style="display:inline-block;min-width:36px;padding:8px 6px;border:1px solid ${colour};border-radius:6px;color:${colour};font-size:${main?.type === 'rating' && main.display === 'stars' ? '15' : '18'}px;line-height:20px;text-align:center;text-decoration:none;font-weight:bold">${escapeHtml(p.shown)}</a></td>`,
    )
    .join('');
  const ends =
    lowLabel || highLabel
      ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="font-size:13px;color:#555">${escapeHtml(lowLabel)}</td><td style="font-size:13px;color:#555;text-align:right">${escapeHtml(highLabel)}</td></tr></table>`
      : '';
  const scoreBlock =
    main && points.length > 0
      ? `<p style="margin:0 0 8px;font-size:17px;font-weight:bold">${escapeHtml(question)}</p>
<p style="margin:0 0 12px;font-size:14px;color:#444">${escapeHtml(texts.clickHint)}</p>
<table role="presentation" cellpadding="0" cellspacing="0"><tr>${scoreLinks}</tr></table>
${ends}`
      : '';
  const logo = definition.branding.logoUrl?.startsWith('https://')
    ? `<img src="${escapeHtml(definition.branding.logoUrl)}" alt="${escapeHtml(sender)}" height="40" style="display:block;height:40px;margin:0 0 16px">`
    : '';
  const html = `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px"><tr><td style="padding:24px">
${logo}<p style="margin:0 0 20px;font-size:16px;line-height:24px">${escapeHtml(intro)}</p>
${scoreBlock}
<p style="margin:24px 0"><a href="${escapeHtml(page)}" style="display:inline-block;padding:12px 20px;background:${colour};color:#ffffff;border-radius:6px;font-size:16px;font-weight:bold;text-decoration:none">${escapeHtml(texts.button)}</a></p>
<p style="margin:0;font-size:13px;color:#555">${escapeHtml(texts.personal)}</p>
</td></tr></table>
<p style="margin:16px 0 0;font-size:12px;color:#555">${escapeHtml(sender)} · ${escapeHtml(texts.unsubscribe)} <a href="${escapeHtml(unsubscribe)}" style="color:#555">${escapeHtml(texts.unsubscribeLink)}</a></p>
</td></tr></table>
</body></html>`;

  return {
    from: formatAddress(sender, input.fromAddress),
    to: input.to,
    subject,
    text: textLines.join('\n'),
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      // RFC 8058: mail clients may unsubscribe with one POST to that address, without a page.
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    messageId: `${input.invitationId}${input.reminder ? '.reminder' : ''}@servicemeter`,
  };
}

/** `"Name" <address>`, the name quoted so that commas and the like stay in it. */
export function formatAddress(name: string, address: string): string {
  const bare = address.match(/<([^>]+)>/)?.[1] ?? address;
  return `"${name.replace(/["\\\r\n]/g, '')}" <${bare.trim()}>`;
}
