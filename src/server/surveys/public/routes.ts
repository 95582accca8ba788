/**
 * What customers see, outside /api and without signing in: the personal survey page of a link
 * (`/s/<token>`), public links per source (`/s/p/<survey>/<source>`), QR landing pages per location
 * (`/s/q/<survey>/<location>`), the help-centre widget (`/s/widget.js`, `/s/w/<survey>`), a survey's
 * logo (`/s/l/<survey>`) and unsubscribing (`/s/u/<token>`). Pages are made on the server and work
 * without script; with it they send with fetch. Every answer goes through the survey intake, which
 * acknowledges only what it has committed.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { SurveyVia } from '../../../core/schema.js';
import { checkAnswers } from '../../../core/surveys/answers.js';
import {
  BUILT_IN_LANGUAGES,
  mainQuestion,
  pickLanguage,
  type SurveyDefinition,
  textIn,
} from '../../../core/surveys/definition.js';
import {
  issueChallenge,
  publicInvitationId,
  verifyLinkToken,
  verifyUnsubscribeToken,
} from '../../../core/surveys/tokens.js';
import { surveySecret } from '../../../services/surveys/config.js';
import type { AnswerValue, LinkRefusal, SurveyView } from '../../../services/surveys/contract.js';
import { openInvitation } from '../../../services/surveys/invitations.js';
import { getSurvey } from '../../../services/surveys/store.js';
import { unsubscribe } from '../../../services/surveys/unsubscribes.js';
import type { Env } from '../../auth.js';
import type { ServerContext } from '../../context.js';
import { OpeningRecorder, SurveyCache } from './cache.js';
import type { Html } from './html.js';
import { ClientRateLimit, checkHuman, limitKey, SpentChallenges, signStamp } from './protection.js';
import {
  type AnswerError,
  type Chrome,
  direction,
  HONEYPOT_FIELD,
  messageContent,
  page,
  scalePoints,
  surveyForm,
  thanksContent,
  unsubscribeContent,
} from './render.js';
import { acceptedLanguages, fill, type PageTexts, pageTexts } from './texts.js';
import { WIDGET_SCRIPT } from './widget.js';

/** The survey pages' paths, each with why anyone may open it (see OUTSIDE_API). */
export const SURVEY_PAGES: Record<string, string> = {
  '/s/widget.js': 'public: the help-centre widget script, the same for everyone; no data',
  '/s/w/:surveyId':
    'public: an active self-service or custom survey as the widget shows it, and its answers (rate-limited, proof of work)',
  '/s/l/:surveyId': "public: a survey's logo, shown on its public pages",
  '/s/u/:token': 'public: unsubscribing the address a signed unsubscribe token names (mail links, RFC 8058)',
  '/s/p/:surveyId/:source':
    'public: a survey through one of its public link sources (rate-limited, honeypot, proof of work)',
  '/s/p/:surveyId/:source/thanks': 'public: the thanks page of a public link; no data',
  '/s/q/:surveyId/:location':
    'public: a survey through the QR code of one of its locations (rate-limited, honeypot, proof of work)',
  '/s/q/:surveyId/:location/thanks': 'public: the thanks page of a QR code; no data',
  '/s/:token': 'public: the personal survey page a signed, expiring link token opens, and its answers',
  '/s/:token/thanks': 'public: the thanks page of a personal link, for a valid token only',
};

/**
 * A path as the request log keeps it: a personal link's or an unsubscribe link's token opens
 * someone's answers or unsubscribes them, so it is left out like a password would be.
 */
export function withoutLinkToken(path: string): string {
  return path.replace(
    /^\/s\/(u\/)?(?!widget\.js$|[pqwl]\/)[^/]+/,
    (_, u: string | undefined) => `/s/${u ?? ''}<token>`,
  );
}

/** Answers one personal link may post per minute; more are refused with 429. */
export const PERSONAL_LINK_POSTS_PER_MINUTE = 10;

/** Bodies of the survey pages: answers, a comment of a few thousand characters, fit many times over. */
export const SURVEY_BODY_LIMIT = 64 * 1024;

type PublicVia = Extract<SurveyVia, 'public' | 'qr' | 'widget'>;

function pageHeaders(nonce: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' https:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    // Links carry tokens and answers are personal: nothing is kept by caches or sent on.
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex',
  };
}

const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function wantsJson(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('application/json');
}

function chromeOf(
  survey: Pick<SurveyView, 'id'>,
  version: number,
  definition: SurveyDefinition,
  language: string,
): Chrome {
  const logo = definition.branding.logoUrl;
  return {
    language,
    nonce: randomBytes(16).toString('base64'),
    colour: definition.branding.colour,
    logoSrc: logo?.startsWith('https://')
      ? logo
      : logo?.startsWith('data:image/')
        ? `/s/l/${encodeURIComponent(survey.id)}?v=${version}`
        : null,
    senderName: definition.branding.senderName ?? null,
  };
}

/** A page in the default look, for when no survey is known (a refused link, unsubscribing). */
function plainChrome(language: string): Chrome {
  return {
    language,
    nonce: randomBytes(16).toString('base64'),
    colour: '#1f5fbf',
    logoSrc: null,
    senderName: null,
  };
}

/** The built-in language the visitor asks for (?lang, then Accept-Language), else English. */
function visitorLanguage(c: Context, asked?: string | null): string {
  const wanted = [asked ?? c.req.query('lang') ?? '', ...acceptedLanguages(c.req.header('accept-language'))];
  for (const want of wanted) {
    const match =
      BUILT_IN_LANGUAGES.find((l) => l.toLowerCase() === want.toLowerCase()) ??
      BUILT_IN_LANGUAGES.find((l) => l.split('-')[0] === want.split('-')[0]?.toLowerCase());
    if (match) return match;
  }
  return 'en';
}

function sendPage(c: Context, chrome: Chrome, title: string, content: Html, status: number, script = false) {
  return c.body(page(chrome, title, content, script), status as 200, pageHeaders(chrome.nonce));
}

function sendMessage(
  c: Context,
  chrome: Chrome,
  status: number,
  title: string,
  body: string,
  link: { href: string; text: string } | null = null,
) {
  if (wantsJson(c)) return c.json({ ok: false, summary: `${title}. ${body}` }, status as 400);
  return sendPage(c, chrome, title, messageContent(title, body, link), status);
}

function refusal(c: Context, reason: LinkRefusal | 'unknown_survey' | 'inactive_survey', chrome: Chrome) {
  const t = pageTexts(chrome.language);
  switch (reason) {
    case 'expired':
    case 'closed':
    case 'inactive':
    case 'inactive_survey':
      return sendMessage(c, chrome, 410, t.closedTitle, t.closedBody);
    default:
      return sendMessage(c, chrome, 404, t.invalidTitle, t.invalidBody);
  }
}

/** The answers a form sent, by question: numbers for scales, option ids, text; blanks as null. */
function formAnswers(definition: SurveyDefinition, form: URLSearchParams): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of definition.questions) {
    const values = form.getAll(`q_${q.id}`);
    if (q.type === 'multiple') answers[q.id] = values.length > 0 ? values : null;
    else answers[q.id] = values[0] === undefined || values[0].trim() === '' ? null : values[0];
  }
  return answers;
}

/** The answers as checked, or each refused question with why, in the page's words. */
function checked(
  definition: SurveyDefinition,
  answers: Record<string, unknown>,
): { answers: Record<string, AnswerValue> } | { errors: Record<string, AnswerError> } {
  const result = checkAnswers(definition, answers, true);
  if (result.ok) return { answers: result.data };
  const errors: Record<string, AnswerError> = {};
  for (const issue of result.error) {
    const value = answers[issue.questionId];
    errors[issue.questionId] = value === null || value === undefined ? 'needsAnswer' : 'notValid';
  }
  return { errors };
}

function errorsJson(errors: Record<string, AnswerError>, t: PageTexts): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([id, error]) => [id, t[error]]));
}

function dateIn(language: string, iso: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** The page's URL without its query and fragment: the page, not what a visitor searched for on it. */
function pageOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return `${parsed.origin}${parsed.pathname}`.slice(0, 2000);
  } catch {
    return null;
  }
}

const WidgetAnswer = z.object({
  answers: z.record(z.string().max(40), z.unknown()),
  pageUrl: z.string().max(4000),
  language: z.string().max(35).optional(),
  challenge: z.string().max(300),
  nonce: z.string().max(64),
  website: z.string().max(1000).optional(),
});

export function publicSurveyRouter(ctx: ServerContext) {
  const { engine } = ctx;
  const limit = new ClientRateLimit();
  /** Posts to one personal link: a person edits a few times a minute, a script hammering a leaked link more. */
  const linkLimit = new ClientRateLimit(PERSONAL_LINK_POSTS_PER_MINUTE);
  const spent = new SpentChallenges();
  const surveys = new SurveyCache(engine);
  const openings = new OpeningRecorder(engine);

  const intake = () => ctx.deps.surveys?.intake ?? null;

  /** An active survey offered through this public way, or why not. */
  async function publicSurvey(
    surveyId: string,
    via: PublicVia,
    place: string | null,
  ): Promise<SurveyView | 'unknown_survey' | 'inactive_survey'> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(surveyId)) return 'unknown_survey';
    const survey = await surveys.survey(surveyId);
    if (!survey) return 'unknown_survey';
    const offered =
      via === 'public'
        ? survey.settings.publicSources.includes(place ?? '')
        : via === 'qr'
          ? survey.settings.locations.includes(place ?? '')
          : survey.settings.widget;
    if (!offered) return 'unknown_survey';
    return survey.status === 'active' ? survey : 'inactive_survey';
  }

  async function protection(now: Date) {
    const secret = await surveySecret(engine);
    return { ...issueChallenge(secret, now), stamp: signStamp(secret, now) };
  }

  /**
   * A personal link as far as its token and the caches tell: its invitation, survey and version,
   * refused when forged, expired or its survey is not active. An invitation erased since the link
   * was made is not noticed here; the processor refuses its answer.
   */
  async function linkInvitation(
    token: string,
    now: Date,
  ): Promise<
    | {
        ok: true;
        data: { invitationId: string; survey: SurveyView; version: number; definition: SurveyDefinition };
      }
    | { ok: false; error: LinkRefusal }
  > {
    const verified = verifyLinkToken(await surveySecret(engine), token, now);
    if (!verified.ok) return verified;
    const { invitationId, surveyId, version } = verified.data;
    const survey = await surveys.survey(surveyId);
    if (survey === null) return { ok: false, error: 'unknown' };
    if (survey.status !== 'active') return { ok: false, error: 'inactive' };
    const shown = version === survey.version ? survey : await surveys.version(surveyId, version);
    if (shown === null) return { ok: false, error: 'unknown' };
    return { ok: true, data: { invitationId, survey, version, definition: shown.definition } };
  }

  function tooMany(c: Context, language: string, now: Date) {
    const t = pageTexts(language);
    c.header('Retry-After', String(limit.retryAfter(now)));
    return sendMessage(c, plainChrome(language), 429, t.tooManyTitle, t.tooManyBody);
  }

  function unavailable(c: Context, language: string) {
    const t = pageTexts(language);
    c.header('Retry-After', '30');
    return sendMessage(c, plainChrome(language), 503, t.sendFailed, '');
  }

  // ─── public links and QR codes ─────────────────────────────────────────────

  function placeRoutes(via: 'public' | 'qr', prefix: 'p' | 'q', param: 'source' | 'location') {
    const path = `/s/${prefix}/:surveyId/:${param}`;
    const thanksPath = (surveyId: string, place: string, language: string) =>
      `/s/${prefix}/${encodeURIComponent(surveyId)}/${encodeURIComponent(place)}/thanks?lang=${encodeURIComponent(language)}`;

    async function showForm(
      c: Context,
      survey: SurveyView,
      language: string,
      answers: Record<string, AnswerValue | unknown>,
      errors: Record<string, AnswerError>,
      status: number,
    ) {
      const now = ctx.now();
      const place = c.req.param(param) ?? '';
      const content = surveyForm({
        definition: survey.definition,
        language,
        action: `/s/${prefix}/${encodeURIComponent(survey.id)}/${encodeURIComponent(place)}`,
        answers: answers as Record<string, AnswerValue>,
        errors,
        omit: [],
        notes: [],
        protection: await protection(now),
      });
      const title = textIn(survey.definition.title, language, survey.definition.defaultLanguage);
      return sendPage(
        c,
        chromeOf(survey, survey.version, survey.definition, language),
        title,
        content,
        status,
        true,
      );
    }

    router.get(path, async (c) => {
      const place = c.req.param(param) ?? '';
      const survey = await publicSurvey(c.req.param('surveyId') ?? '', via, place);
      if (typeof survey === 'string') return refusal(c, survey, plainChrome(visitorLanguage(c)));
      const language = pickLanguage(survey.definition, [
        c.req.query('lang') ?? '',
        ...acceptedLanguages(c.req.header('accept-language')),
      ]);
      return showForm(c, survey, language, {}, {}, 200);
    });

    router.post(path, async (c) => {
      const now = ctx.now();
      const form = new URLSearchParams(await c.req.text());
      if (!limit.take(limitKey(ctx.ip(c)), now)) return tooMany(c, visitorLanguage(c, form.get('lang')), now);
      const place = c.req.param(param) ?? '';
      const survey = await publicSurvey(c.req.param('surveyId') ?? '', via, place);
      if (typeof survey === 'string')
        return refusal(c, survey, plainChrome(visitorLanguage(c, form.get('lang'))));
      const { definition } = survey;
      const language = pickLanguage(definition, [form.get('lang') ?? '']);
      const t = pageTexts(language);
      const thanks = () =>
        wantsJson(c)
          ? c.json({
              ok: true,
              title: t.thanksTitle,
              thanks: textIn(definition.thanks, language, definition.defaultLanguage),
            })
          : c.redirect(thanksPath(survey.id, place, language), 303);
      // A bot that filled the field it cannot see is told it succeeded, and nothing is kept.
      if ((form.get(HONEYPOT_FIELD) ?? '') !== '') return thanks();
      const secret = await surveySecret(engine);
      const sent = {
        challenge: form.get('challenge') ?? '',
        nonce: form.get('nonce') ?? '',
        stamp: form.get('stamp') ?? '',
      };
      const human = checkHuman(secret, sent, now, spent);
      if (!human.ok) {
        if (wantsJson(c)) {
          const fresh = await protection(now);
          return c.json({ ok: false, summary: `${t.retryTitle}. ${t.retryBody}`, ...fresh }, 400);
        }
        return sendMessage(
          c,
          chromeOf(survey, survey.version, definition, language),
          400,
          t.retryTitle,
          t.retryBody,
          {
            href: `/s/${prefix}/${encodeURIComponent(survey.id)}/${encodeURIComponent(place)}?lang=${encodeURIComponent(language)}`,
            text: t.retryButton,
          },
        );
      }
      const given = formAnswers(definition, form);
      const outcome = checked(definition, given);
      if ('errors' in outcome) {
        if (wantsJson(c)) {
          return c.json(
            {
              ok: false,
              errors: errorsJson(outcome.errors, t),
              summary: t.errorSummary,
              // The proof this answer brought is spent: the next try needs another.
              ...(await protection(now)),
            },
            400,
          );
        }
        return showForm(c, survey, language, given, outcome.errors, 400);
      }
      const answerIntake = intake();
      if (!answerIntake) return unavailable(c, language);
      const invitationId = publicInvitationId(secret, {
        surveyId: survey.id,
        via,
        sourceLabel: via === 'public' ? place : null,
        location: via === 'qr' ? place : null,
        pageUrl: null,
        // One rendered form is one answer: its proof (a challenge, or the signed stamp without
        // script) is single-use and its own, so two customers on one shop's Wi-Fi with the same
        // phone never overwrite each other's answers.
        formKey: sent.nonce === '' ? sent.stamp : sent.challenge,
        now,
      });
      await answerIntake.submit({
        invitationId,
        surveyId: survey.id,
        version: survey.version,
        language,
        answers: outcome.answers,
        complete: true,
        newInvitation: {
          invitationId,
          surveyId: survey.id,
          via,
          sourceLabel: via === 'public' ? place : null,
          location: via === 'qr' ? place : null,
          language,
          // Nobody sent it: it is made by the answer, and counts as answered, never as sent.
          sentAt: null,
        },
      });
      return thanks();
    });

    router.get(`${path}/thanks`, async (c) => {
      const surveyId = c.req.param('surveyId') ?? '';
      const survey = /^[A-Za-z0-9_-]{1,80}$/.test(surveyId) ? await getSurvey(engine, surveyId) : null;
      if (!survey) return refusal(c, 'unknown', plainChrome(visitorLanguage(c)));
      const language = pickLanguage(survey.definition, [c.req.query('lang') ?? '']);
      return sendPage(
        c,
        chromeOf(survey, survey.version, survey.definition, language),
        pageTexts(language).thanksTitle,
        thanksContent(survey.definition, language),
        200,
      );
    });
  }

  const router = new Hono<Env>();
  const limitBody = bodyLimit({
    maxSize: SURVEY_BODY_LIMIT,
    onError: (c) => c.text(`the request body is larger than ${SURVEY_BODY_LIMIT / 1024} KiB\n`, 413),
  });
  router.use('/s/*', (c, next) => (c.req.method === 'POST' ? limitBody(c, next) : next()));

  // ─── the widget ─────────────────────────────────────────────────────────────

  router.get('/s/widget.js', (c) =>
    c.body(WIDGET_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=600',
      ...CORS,
    }),
  );

  router.options('/s/w/:surveyId', (c) => c.body(null, 204, CORS));

  router.get('/s/w/:surveyId', async (c) => {
    const survey = await publicSurvey(c.req.param('surveyId'), 'widget', null);
    if (typeof survey === 'string')
      return c.json({ ok: false, summary: 'no such survey' }, survey === 'unknown_survey' ? 404 : 410, CORS);
    const { definition } = survey;
    const language = pickLanguage(definition, [
      c.req.query('lang') ?? '',
      ...acceptedLanguages(c.req.header('accept-language')),
    ]);
    const fallback = definition.defaultLanguage;
    const t = pageTexts(language);
    const { challenge, difficulty } = issueChallenge(await surveySecret(engine), ctx.now());
    return c.json(
      {
        surveyId: survey.id,
        version: survey.version,
        language,
        dir: direction(language),
        colour: chromeOf(survey, survey.version, definition, language).colour,
        title: textIn(definition.title, language, fallback),
        intro: textIn(definition.intro, language, fallback) || null,
        thanks: textIn(definition.thanks, language, fallback),
        texts: {
          submit: t.submit,
          sending: t.sending,
          sendFailed: t.sendFailed,
          required: t.required,
          optional: t.optional,
          chooseAll: t.chooseAll,
          thanksTitle: t.thanksTitle,
          honeypot: t.honeypot,
        },
        questions: definition.questions.map((q) => ({
          id: q.id,
          type: q.type,
          required: q.required,
          text: textIn(q.text, language, fallback),
          ...(q.type === 'rating' || q.type === 'nps'
            ? (({ points, ends }) => ({
                points: points.map((p) => ({ value: p.value, shown: p.shown, name: p.name, icon: p.icon })),
                ends,
              }))(scalePoints(q, language, fallback))
            : {}),
          ...(q.type === 'single' || q.type === 'multiple'
            ? { options: q.options.map((o) => ({ id: o.id, text: textIn(o.text, language, fallback) })) }
            : {}),
        })),
        challenge,
        difficulty,
      },
      200,
      { ...CORS, 'Cache-Control': 'no-store' },
    );
  });

  router.post('/s/w/:surveyId', async (c) => {
    const now = ctx.now();
    const json = (body: unknown, status: number) => c.json(body, status as 200, CORS);
    if (!limit.take(limitKey(ctx.ip(c)), now)) {
      c.header('Retry-After', String(limit.retryAfter(now)));
      return json({ ok: false, summary: pageTexts('en').tooManyBody }, 429);
    }
    let parsed: z.infer<typeof WidgetAnswer>;
    try {
      const body = WidgetAnswer.safeParse(JSON.parse(await c.req.text()));
      if (!body.success) return json({ ok: false, summary: 'the body is not an answer of the widget' }, 400);
      parsed = body.data;
    } catch {
      return json({ ok: false, summary: 'the body is not JSON' }, 400);
    }
    const survey = await publicSurvey(c.req.param('surveyId'), 'widget', null);
    if (typeof survey === 'string')
      return json({ ok: false, summary: 'no such survey' }, survey === 'unknown_survey' ? 404 : 410);
    const { definition } = survey;
    const language = pickLanguage(definition, [parsed.language ?? '']);
    const t = pageTexts(language);
    const thanks = textIn(definition.thanks, language, definition.defaultLanguage);
    if ((parsed.website ?? '') !== '') return json({ ok: true, thanks }, 200);
    const secret = await surveySecret(engine);
    const human = checkHuman(
      secret,
      { challenge: parsed.challenge, nonce: parsed.nonce, stamp: '' },
      now,
      spent,
      false,
    );
    if (!human.ok) return json({ ok: false, summary: t.sendFailed, ...issueChallenge(secret, now) }, 400);
    const pageUrl = pageOf(parsed.pageUrl);
    if (pageUrl === null) return json({ ok: false, summary: 'pageUrl: an http or https address' }, 400);
    const outcome = checked(definition, parsed.answers);
    if ('errors' in outcome)
      return json(
        {
          ok: false,
          errors: errorsJson(outcome.errors, t),
          summary: t.errorSummary,
          // The proof this answer brought is spent: the next try needs another.
          ...issueChallenge(secret, now),
        },
        400,
      );
    const answerIntake = intake();
    if (!answerIntake) return json({ ok: false, summary: t.sendFailed }, 503);
    const invitationId = publicInvitationId(secret, {
      surveyId: survey.id,
      via: 'widget',
      sourceLabel: null,
      location: null,
      pageUrl,
      formKey: parsed.challenge,
      now,
    });
    await answerIntake.submit({
      invitationId,
      surveyId: survey.id,
      version: survey.version,
      language,
      answers: outcome.answers,
      complete: true,
      newInvitation: { invitationId, surveyId: survey.id, via: 'widget', pageUrl, language, sentAt: null },
    });
    return json({ ok: true, thanks }, 200);
  });

  // ─── logos, unsubscribing ───────────────────────────────────────────────────

  router.get('/s/l/:surveyId', async (c) => {
    const surveyId = c.req.param('surveyId');
    const version = Number(c.req.query('v'));
    const survey = /^[A-Za-z0-9_-]{1,80}$/.test(surveyId)
      ? await getSurvey(engine, surveyId, Number.isInteger(version) && version > 0 ? version : undefined)
      : null;
    const logo = /^data:(image\/(?:png|jpeg|gif|webp|svg\+xml));base64,([A-Za-z0-9+/=]+)$/.exec(
      survey?.definition.branding.logoUrl ?? '',
    );
    if (!logo?.[1] || !logo[2]) return c.text('Not Found\n', 404);
    return c.body(Buffer.from(logo[2], 'base64'), 200, {
      'Content-Type': logo[1],
      'Cache-Control': 'public, max-age=86400',
      // An SVG opened on its own runs nothing here.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
  });

  for (const method of ['get', 'post'] as const) {
    router[method]('/s/u/:token', async (c) => {
      const body = method === 'post' ? new URLSearchParams(await c.req.text()) : null;
      const language = visitorLanguage(c, body?.get('lang'));
      const t = pageTexts(language);
      const chrome = plainChrome(language);
      const verified = verifyUnsubscribeToken(await surveySecret(engine), c.req.param('token'));
      if (!verified.ok) return refusal(c, 'forged', chrome);
      if (method === 'get')
        return sendPage(
          c,
          chrome,
          t.unsubscribeTitle,
          unsubscribeContent(verified.data.email, language, c.req.path),
          200,
        );
      // A mail program's one-click unsubscribe (RFC 8058) posts List-Unsubscribe=One-Click.
      const oneClick = body?.get('List-Unsubscribe') === 'One-Click';
      await unsubscribe(engine, verified.data.email, oneClick ? 'one-click' : 'page', ctx.now());
      return sendMessage(c, chrome, 200, t.unsubscribedTitle, t.unsubscribedBody);
    });
  }

  // ─── public links and QR codes, then personal links (the catch-all /s/:token last) ───

  placeRoutes('public', 'p', 'source');
  placeRoutes('qr', 'q', 'location');

  router.get('/s/:token', async (c) => {
    const now = ctx.now();
    const opened = await openInvitation(engine, c.req.param('token'), now, { recordOpened: false });
    if (!opened.ok) return refusal(c, opened.error, plainChrome(visitorLanguage(c)));
    const invitation = opened.data;
    openings.record(invitation.invitationId, now);
    const { definition } = invitation;
    const language = pickLanguage(definition, [
      c.req.query('lang') ?? '',
      invitation.language ?? '',
      ...acceptedLanguages(c.req.header('accept-language')),
    ]);
    const t = pageTexts(language);
    let answers = invitation.answers;
    const notes: string[] = [];
    const omit: string[] = [];
    const main = mainQuestion(definition);
    const score = c.req.query('score');
    if (score !== undefined && main) {
      const one = checkAnswers(definition, { [main.id]: score }, false);
      const given = one.ok ? one.data[main.id] : undefined;
      const answerIntake = intake();
      if (given !== undefined && answerIntake) {
        // The score joins what was answered before; the rest is asked on this page.
        answers = { ...invitation.answers, [main.id]: given };
        await answerIntake.submit({
          invitationId: invitation.invitationId,
          surveyId: invitation.survey.id,
          version: invitation.version,
          language,
          answers,
          complete: invitation.complete,
        });
        notes.push(t.scoreRecorded);
        omit.push(main.id);
      }
    }
    if (notes.length === 0 && Object.keys(invitation.answers).length > 0 && invitation.expiresAt)
      notes.push(fill(t.editNote, { date: dateIn(language, invitation.expiresAt) }));
    const content = surveyForm({
      definition,
      language,
      action: c.req.path,
      answers,
      errors: {},
      omit,
      notes,
      protection: null,
    });
    return sendPage(
      c,
      chromeOf(invitation.survey, invitation.version, definition, language),
      textIn(definition.title, language, definition.defaultLanguage),
      content,
      200,
      true,
    );
  });

  router.post('/s/:token', async (c) => {
    const now = ctx.now();
    const form = new URLSearchParams(await c.req.text());
    // The answer path reads nothing from the database: the signed token names the invitation,
    // survey and version, the caches know the questions and whether the survey is active, and
    // the intake's group commit is the only write.
    const opened = await linkInvitation(c.req.param('token'), now);
    if (!opened.ok) return refusal(c, opened.error, plainChrome(visitorLanguage(c, form.get('lang'))));
    const invitation = opened.data;
    if (!linkLimit.take(invitation.invitationId, now))
      return tooMany(c, visitorLanguage(c, form.get('lang')), now);
    const { definition } = invitation;
    const language = pickLanguage(definition, [form.get('lang') ?? '']);
    const t = pageTexts(language);
    // The questions this page did not ask (the one-click score) come back as hidden fields.
    const omit = form.getAll('omit').filter((id) => definition.questions.some((q) => q.id === id));
    const given = formAnswers(definition, form);
    for (const id of omit) {
      const kept = form.getAll(`kept_${id}`);
      const multiple = definition.questions.some((q) => q.id === id && q.type === 'multiple');
      given[id] = multiple ? (kept.length > 0 ? kept : null) : (kept[0] ?? null);
    }
    const outcome = checked(definition, given);
    if ('errors' in outcome) {
      if (wantsJson(c))
        return c.json({ ok: false, errors: errorsJson(outcome.errors, t), summary: t.errorSummary }, 400);
      const content = surveyForm({
        definition,
        language,
        action: c.req.path,
        answers: given as Record<string, AnswerValue>,
        errors: outcome.errors,
        omit,
        notes: [],
        protection: null,
      });
      return sendPage(
        c,
        chromeOf(invitation.survey, invitation.version, definition, language),
        textIn(definition.title, language, definition.defaultLanguage),
        content,
        400,
        true,
      );
    }
    const answerIntake = intake();
    if (!answerIntake) return unavailable(c, language);
    await answerIntake.submit({
      invitationId: invitation.invitationId,
      surveyId: invitation.survey.id,
      version: invitation.version,
      language,
      answers: outcome.answers,
      complete: true,
    });
    if (wantsJson(c))
      return c.json({
        ok: true,
        title: t.thanksTitle,
        thanks: textIn(definition.thanks, language, definition.defaultLanguage),
      });
    return c.redirect(`${c.req.path}/thanks?lang=${encodeURIComponent(language)}`, 303);
  });

  router.get('/s/:token/thanks', async (c) => {
    const opened = await linkInvitation(c.req.param('token'), ctx.now());
    if (!opened.ok) return refusal(c, opened.error, plainChrome(visitorLanguage(c)));
    const { definition } = opened.data;
    const language = pickLanguage(definition, [c.req.query('lang') ?? '']);
    return sendPage(
      c,
      chromeOf(opened.data.survey, opened.data.version, definition, language),
      pageTexts(language).thanksTitle,
      thanksContent(definition, language),
      200,
    );
  });

  return router;
}
