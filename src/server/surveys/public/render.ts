/**
 * The survey pages as HTML, made on the server: usable without script, small (one inline
 * stylesheet, one inline script, icons drawn once as SVG symbols), and accessible: every control
 * has a label, every group a fieldset and legend, ratings are radio groups with a name for each
 * point, errors sit next to their question and are tied to it with aria-describedby.
 */
import {
  answerScale,
  type Question,
  type SurveyDefinition,
  textIn,
} from '../../../core/surveys/definition.js';
import type { AnswerValue } from '../../../services/surveys/contract.js';
import { type Html, html, raw } from './html.js';
import { PAGE_SCRIPT } from './page-script.js';
import { accessibleColour, pageStyles } from './styles.js';
import { fill, pageTexts } from './texts.js';

/** Why a question's answer was not taken; shown in the page's language next to the question. */
export type AnswerError = 'needsAnswer' | 'notValid';

/** What a public page carries against bots: see protection.ts. */
export interface FormProtection {
  challenge: string;
  difficulty: number;
  stamp: string;
}

export interface Chrome {
  language: string;
  nonce: string;
  /** The brand colour as the survey sets it; made accessible here. */
  colour: string;
  logoSrc: string | null;
  senderName: string | null;
}

export interface SurveyForm {
  definition: SurveyDefinition;
  language: string;
  action: string;
  answers: Record<string, AnswerValue>;
  errors: Record<string, AnswerError>;
  /** Questions not asked on this page (the score a one-click link already gave). */
  omit: readonly string[];
  notes: readonly string[];
  protection: FormProtection | null;
}

export const HONEYPOT_FIELD = 'website';
/** Right-to-left scripts among the languages a survey may add. */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv']);

export function direction(language: string): 'rtl' | 'ltr' {
  return RTL.has(language.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

const ICONS = raw(
  '<svg hidden xmlns="http://www.w3.org/2000/svg"><symbol id="i-star" viewBox="0 0 24 24"><path fill="currentColor" d="M12 2l3 6.9 7.5.7-5.7 5 1.7 7.4L12 18l-6.5 4 1.7-7.4-5.7-5 7.5-.7z"/></symbol><symbol id="i-thumb" viewBox="0 0 24 24"><path fill="currentColor" d="M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5l.8-4.2a2 2 0 0 0-3.6-1.4L8 10z"/></symbol></svg>',
);

function face(fraction: number): Html {
  // The mouth bends from a frown (0) to a smile (1).
  const bend = (16 + (fraction - 0.5) * 10).toFixed(1);
  return raw(
    `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="8.5" cy="9.5" r="1.5" fill="currentColor"/><circle cx="15.5" cy="9.5" r="1.5" fill="currentColor"/><path d="M7 16Q12 ${bend} 17 16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>`,
  );
}

const star = raw(
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><use href="#i-star" width="24" height="24"/></svg>',
);
const thumbUp = raw(
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><use href="#i-thumb" width="24" height="24"/></svg>',
);
const thumbDown = raw(
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><use href="#i-thumb" width="24" height="24" transform="rotate(180 12 12)"/></svg>',
);

function describedBy(ids: (string | null)[]): string | null {
  const present = ids.filter((id): id is string => id !== null);
  return present.length > 0 ? present.join(' ') : null;
}

/** One point of a scale, as the pages and the widget draw it. */
export interface ScalePoint {
  value: number;
  /** What is drawn (a number, a word) besides an icon. */
  shown: string | null;
  icon: 'star' | 'face' | 'up' | 'down' | null;
  /** 0–1 along the scale: how much a face smiles. */
  fraction: number;
  /** The accessible name when `shown` alone does not say it. */
  name: string | null;
}

/** The points of a rating or NPS question in `language`, and the words at its two ends. */
export function scalePoints(
  q: Question,
  language: string,
  fallback: string,
): { points: ScalePoint[]; ends: [string, string] } {
  const t = pageTexts(language);
  const { min, max } = answerScale(q);
  const count = Math.max(1, max - min);
  const points: ScalePoint[] = [];
  for (let value = min; value <= max; value++) {
    const ordinal = value - min + 1;
    const fraction = (value - min) / count;
    const base = { value, fraction, icon: null, name: null, shown: String(value) };
    if (q.type !== 'rating') points.push(base);
    else if (q.display === 'thumbs' && max - min === 1)
      points.push({
        ...base,
        shown: value === max ? t.thumbsUp : t.thumbsDown,
        icon: value === max ? 'up' : 'down',
      });
    else if (q.display === 'stars')
      points.push({
        ...base,
        shown: null,
        icon: 'star',
        name: fill(t.starsOf, { n: ordinal, max: count + 1 }),
      });
    else if (q.display === 'faces')
      points.push({
        ...base,
        shown: null,
        icon: 'face',
        name: fill(t.pointOf, { n: ordinal, max: count + 1 }),
      });
    else if (q.display === 'labels' && q.pointLabels?.[value - min])
      points.push({ ...base, shown: textIn(q.pointLabels[value - min], language, fallback) });
    else points.push(base);
  }
  const ends: [string, string] =
    q.type === 'nps'
      ? [t.npsLow, t.npsHigh]
      : q.type === 'rating'
        ? [textIn(q.lowLabel, language, fallback), textIn(q.highLabel, language, fallback)]
        : ['', ''];
  return { points, ends };
}

function icon(point: ScalePoint): Html | null {
  switch (point.icon) {
    case 'star':
      return star;
    case 'up':
      return thumbUp;
    case 'down':
      return thumbDown;
    case 'face':
      return face(point.fraction);
    default:
      return null;
  }
}

function scaleQuestion(q: Question, legend: Html, form: SurveyForm, errorId: string | null): Html {
  const { points, ends } = scalePoints(q, form.language, form.definition.defaultLanguage);
  const given = form.answers[q.id];
  const endsId = ends[0] || ends[1] ? `h-${q.id}` : null;
  const labels = points.every((p) => p.shown !== null && p.shown.length > 3);
  return html`<fieldset id="f-${q.id}"${raw(errorId ? ' aria-invalid="true"' : '')}>
<legend>${legend}</legend>
<div class="scale${labels ? ' list' : ''}${points[0]?.icon === 'star' ? ' stars' : ''}">${points.map(
    (p) =>
      html`<span class="opt"><input type="radio" id="q-${q.id}-${p.value}" name="q_${q.id}" value="${p.value}"${raw(given === p.value ? ' checked' : '')}${raw(q.required ? ' required' : '')}${optionalAttr('aria-describedby', describedBy([endsId, errorId]))}><label for="q-${q.id}-${p.value}">${icon(p)}${p.name === null ? p.shown : html`<span class="sr">${p.name}</span>`}</label></span>`,
  )}</div>
${endsId ? html`<div class="ends" id="${endsId}"><span>${ends[0]}</span><span>${ends[1]}</span></div>` : ''}
${errorMessage(q.id, form)}</fieldset>`;
}

function optionalAttr(name: string, value: string | null): Html {
  return value === null ? raw('') : html` ${raw(name)}="${value}"`;
}

function errorMessage(id: string, form: SurveyForm): Html | string {
  const error = form.errors[id];
  if (!error) return html`<p class="err" id="e-${id}" hidden></p>`;
  return html`<p class="err" id="e-${id}">${pageTexts(form.language)[error]}</p>`;
}

function questionHtml(q: Question, form: SurveyForm, number: number): Html {
  const { definition, language } = form;
  const t = pageTexts(language);
  const fallback = definition.defaultLanguage;
  const text = textIn(q.text, language, fallback);
  const errorId = form.errors[q.id] ? `e-${q.id}` : null;
  const marker = html` <span class="hint">(${q.required ? t.required : t.optional})</span>`;
  const legend = html`${number}. ${text}${marker}`;
  switch (q.type) {
    case 'nps':
    case 'rating':
      return scaleQuestion(q, legend, form, errorId);
    case 'single':
    case 'multiple': {
      const given = form.answers[q.id];
      const chosen = new Set(Array.isArray(given) ? given : typeof given === 'string' ? [given] : []);
      const hintId = q.type === 'multiple' ? `h-${q.id}` : null;
      return html`<fieldset id="f-${q.id}"${raw(errorId ? ' aria-invalid="true"' : '')}>
<legend>${legend}</legend>
${hintId ? html`<p class="hint" id="${hintId}">${t.chooseAll}</p>` : ''}${q.options.map(
  (o) =>
    html`<div class="choice"><input type="${q.type === 'single' ? 'radio' : 'checkbox'}" id="q-${q.id}-${o.id}" name="q_${q.id}" value="${o.id}"${raw(chosen.has(o.id) ? ' checked' : '')}${optionalAttr('aria-describedby', describedBy([hintId, errorId]))}><label for="q-${q.id}-${o.id}">${textIn(o.text, language, fallback)}</label></div>`,
)}
${errorMessage(q.id, form)}</fieldset>`;
    }
    case 'text': {
      const given = form.answers[q.id];
      return html`<div class="field" id="f-${q.id}"><label class="q" for="q-${q.id}">${legend}</label>
<textarea id="q-${q.id}" name="q_${q.id}" maxlength="4000" rows="4"${raw(q.required ? ' required' : '')}${raw(errorId ? ' aria-invalid="true"' : '')}${optionalAttr('aria-describedby', errorId)}>${typeof given === 'string' ? given : ''}</textarea>
${errorMessage(q.id, form)}</div>`;
    }
  }
}

/** A whole page: the document, the brand's header, `content`, and the script when asked. */
export function page(chrome: Chrome, title: string, content: Html, withScript: boolean): string {
  const accent = accessibleColour(chrome.colour);
  const language = chrome.language;
  const header =
    chrome.logoSrc || chrome.senderName
      ? html`<header>${chrome.logoSrc ? html`<img src="${chrome.logoSrc}" alt="${chrome.senderName ?? ''}">` : ''}${chrome.senderName && !chrome.logoSrc ? html`<span class="from">${chrome.senderName}</span>` : ''}</header>`
      : '';
  return html`<!doctype html>
<html lang="${language}" dir="${direction(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${title}</title><style nonce="${chrome.nonce}">${raw(pageStyles(accent))}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}</style></head>
<body><main id="main">${header}<div id="content">${content}</div></main>${withScript ? html`<script nonce="${chrome.nonce}">${raw(PAGE_SCRIPT)}</script>` : ''}</body></html>`
    .value;
}

/**
 * A question this page does not ask (the one-click score), with its stored answer: the form sends
 * it back, so taking the rest of the answers needs no read of what was stored.
 */
function omittedFields(id: string, answer: AnswerValue | undefined): Html {
  const values = answer === undefined || answer === null ? [] : Array.isArray(answer) ? answer : [answer];
  return html`<input type="hidden" name="omit" value="${id}">${values.map((value) => html`<input type="hidden" name="kept_${id}" value="${String(value)}">`)}`;
}

/** The survey's form: its title, intro, notes, the questions not omitted, protection, send. */
export function surveyForm(form: SurveyForm): Html {
  const { definition, language } = form;
  const t = pageTexts(language);
  const fallback = definition.defaultLanguage;
  const asked = definition.questions.filter((q) => !form.omit.includes(q.id));
  const failed = Object.keys(form.errors).length > 0;
  const intro = textIn(definition.intro, language, fallback);
  const protection = form.protection;
  return html`<h1>${textIn(definition.title, language, fallback)}</h1>
${intro ? html`<p>${intro}</p>` : ''}${form.notes.map((note) => html`<p class="note">${note}</p>`)}
<div class="summary" id="summary" role="alert" tabindex="-1"${raw(failed ? '' : ' hidden')}>${failed ? t.errorSummary : ''}</div>
<form method="post" action="${form.action}" novalidate data-survey data-sending="${t.sending}" data-failed="${t.sendFailed}"${protection ? html` data-challenge="${protection.challenge}" data-difficulty="${protection.difficulty}"` : ''}>
<input type="hidden" name="lang" value="${language}">${form.omit.map((id) => omittedFields(id, form.answers[id]))}${
    protection
      ? html`<input type="hidden" name="stamp" value="${protection.stamp}"><input type="hidden" name="challenge" value="${protection.challenge}"><input type="hidden" name="nonce" value=""><div class="trap" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${t.honeypot}</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>`
      : ''
  }
${ICONS}${asked.map((q, i) => questionHtml(q, form, i + 1))}
<button type="submit">${t.submit}</button> <span id="status" role="status" aria-live="polite"></span>
</form>`;
}

/** The page after an answer: the survey's own thanks. */
export function thanksContent(definition: SurveyDefinition, language: string): Html {
  return html`<h1 tabindex="-1">${pageTexts(language).thanksTitle}</h1><p>${textIn(definition.thanks, language, definition.defaultLanguage)}</p>`;
}

/** A page that says one thing: a refused link, a closed survey, too many answers. */
export function messageContent(
  title: string,
  body: string,
  link: { href: string; text: string } | null,
): Html {
  return html`<h1>${title}</h1><p>${body}</p>${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`;
}

/** The unsubscribe page: one button, so a link scanner that only follows links unsubscribes no one. */
export function unsubscribeContent(email: string, language: string, action: string): Html {
  const t = pageTexts(language);
  return html`<h1>${t.unsubscribeTitle}</h1><p>${fill(t.unsubscribeBody, { email })}</p>
<form method="post" action="${action}"><input type="hidden" name="lang" value="${language}"><button type="submit">${t.unsubscribeButton}</button></form>`;
}
