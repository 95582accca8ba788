import type { Context } from 'hono';
import { err, ok, type Result } from '../../core/result.js';
import { surveyTemplate } from '../../core/surveys/templates.js';
import { createJob, JOB_KINDS, type JobView, listJobs, requestRun } from '../../services/jobs/index.js';
import { listAnswers, listInvitations, type ViewError } from '../../services/surveys/answers-view.js';
import { getSurveyConfig, setSurveyConfig } from '../../services/surveys/config.js';
import type { SurveyProblem, SurveyView } from '../../services/surveys/contract.js';
import { eraseCustomer } from '../../services/surveys/erase.js';
import { personalLink } from '../../services/surveys/invitations.js';
import { surveyPoster } from '../../services/surveys/poster.js';
import { locationPageUrl, qrPng, qrSvg } from '../../services/surveys/qr.js';
import {
  createSurvey,
  getSurvey,
  listSurveys,
  listVersions,
  updateSurvey,
} from '../../services/surveys/store.js';
import { waveReport } from '../../services/surveys/waves.js';
import { fromTrustedProxy, signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import * as r from './routes.js';

/** The job kind that sends a relationship survey's wave (src/services/jobs/kinds/survey-wave.ts). */
export const WAVE_JOB_KIND = 'survey-wave';

function invalidSurvey(c: Context, found: readonly { path: string; message: string }[]) {
  const issues = found.map((i) => `${i.path}: ${i.message}`);
  return problem(c, 400, issues[0] ?? 'invalid survey', { issues });
}

export function surveyProblem(c: Context, error: SurveyProblem) {
  switch (error.kind) {
    case 'invalid':
      return invalidSurvey(c, error.issues);
    case 'not_found':
      return problem(c, 404, `no ${error.what}`);
    case 'conflict':
      return problem(c, 409, error.reason);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown survey problem ${JSON.stringify(unreachable)}`);
    }
  }
}

const viewProblem = (c: Context, error: ViewError) =>
  problem(c, 400, `${error.field}: ${error.reason}`, { issues: [`${error.field}: ${error.reason}`] });

const missing = (c: Context, id: string) => problem(c, 404, `no survey ${id}`);

/** A survey as the API shows it: the same fields as the service's view. */
const shown = (survey: SurveyView) => survey;

/** The job that sends a survey's waves: the one already made for it, else a new one run only on demand. */
async function waveJob(
  ctx: ServerContext,
  survey: SurveyView,
): Promise<{ job: JobView } | { refused: string }> {
  const existing = (await listJobs(ctx.engine, JOB_KINDS)).find(
    (job) => job.kind === WAVE_JOB_KIND && job.params.surveyId === survey.id,
  );
  if (existing) return { job: existing };
  const created = await createJob(
    ctx.engine,
    JOB_KINDS,
    { kind: WAVE_JOB_KIND, name: `wave of ${survey.name}`.slice(0, 100), params: { surveyId: survey.id } },
    ctx.now(),
  );
  if (!created.ok)
    return {
      refused:
        created.error.kind === 'invalid'
          ? `this server cannot send waves: ${created.error.issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}`
          : `the wave job could not be made (${created.error.kind})`,
    };
  return { job: created.data };
}

export function surveysRouter(ctx: ServerContext) {
  const { engine, audit, now, proxies, scopeOf } = ctx;

  /**
   * Where customers reach the survey pages: the survey settings' public address, else `--public-url`,
   * else the server's address as the caller reached it (through a trusted proxy's forwarded host).
   */
  const publicBase = async (c: Context): Promise<string> => {
    const configured = (await getSurveyConfig(engine)).publicBaseUrl;
    if (configured) return configured.replace(/\/+$/, '');
    if (ctx.deps.publicUrl) return ctx.deps.publicUrl.replace(/\/+$/, '');
    // A forwarded host is believed only from a trusted proxy: anyone else could set it and have
    // a manager hand out links to their own site.
    const forwardedHost = fromTrustedProxy(c, proxies) ? c.req.header('x-forwarded-host') : undefined;
    if (forwardedHost) return `${c.req.header('x-forwarded-proto') ?? 'https'}://${forwardedHost}`;
    return new URL(c.req.url).origin;
  };

  /** The survey and its location page's address, when the survey has that location. */
  const located = async (
    c: Context,
    id: string,
    location: string,
  ): Promise<Result<{ survey: SurveyView; url: string }, { known: string[] } | null>> => {
    const survey = await getSurvey(engine, id);
    if (!survey) return err(null);
    if (!survey.settings.locations.includes(location)) return err({ known: survey.settings.locations });
    return ok({ survey, url: locationPageUrl(await publicBase(c), survey.id, location) });
  };
  const notLocated = (c: Context, id: string, location: string, known: { known: string[] } | null) =>
    known === null
      ? missing(c, id)
      : problem(c, 400, `location: '${location}' is not a location of survey ${id}`, {
          issues: [
            `location: not one of the survey's locations (${known.known.join(', ') || 'none yet: add them to its settings'})`,
          ],
        });

  return featureRouter()
    .openapi(r.listSurveys, async (c) => {
      const surveys = await listSurveys(engine);
      // The whole team's counts, less an agent's own answers, would tell a colleague's: an agent
      // reads survey figures from the KPI API, which keeps to their scope.
      if ((await scopeOf(signedIn(c).user)) === null) return c.json({ surveys }, 200);
      return c.json(
        {
          surveys: surveys.map((s) => ({
            ...s,
            sent: null,
            answered: null,
            responseRate: null,
            lastAnswerAt: null,
          })),
        },
        200,
      );
    })

    .openapi(r.createSurvey, async (c) => {
      const user = signedIn(c).user;
      const input = c.req.valid('json');
      const definition = input.type !== undefined ? surveyTemplate(input.type) : input.definition;
      const created = await createSurvey(
        engine,
        {
          name: input.name,
          definition,
          ...(input.settings !== undefined ? { settings: input.settings } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
        },
        user.id,
        now(),
      );
      if (!created.ok) {
        const error = created.error;
        if (error.kind === 'conflict') return problem(c, 409, error.reason);
        if (error.kind === 'invalid') return invalidSurvey(c, error.issues);
        throw new Error(`creating a survey found no ${error.what}`);
      }
      await audit(c, user, 'survey.create', {
        target: created.data.id,
        detail: { name: created.data.name, type: created.data.type, template: input.type !== undefined },
      });
      return c.json(shown(created.data), 201);
    })

    .openapi(r.listSurveyAnswers, async (c) => {
      const user = signedIn(c).user;
      const scope = await scopeOf(user);
      const query = c.req.valid('query');
      if (scope && query.agent !== undefined && query.agent !== scope.agentId)
        return problem(c, 403, 'agents see only the answers credited to them');
      const page = await listAnswers(
        engine,
        {
          ...(query.survey !== undefined ? { survey: query.survey } : {}),
          ...(query.question !== undefined ? { question: query.question } : {}),
          ...(query.agent !== undefined ? { agent: query.agent } : {}),
          ...(query.from !== undefined ? { from: query.from } : {}),
          ...(query.to !== undefined ? { to: query.to } : {}),
          ...(query.score_min !== undefined ? { scoreMin: query.score_min } : {}),
          ...(query.score_max !== undefined ? { scoreMax: query.score_max } : {}),
          ...(query.q !== undefined ? { text: query.q } : {}),
          ...(query.channel !== undefined ? { channel: query.channel } : {}),
          ...(query.via !== undefined ? { via: query.via } : {}),
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
          limit: query.limit,
        },
        { agentId: scope?.agentId ?? null, withEmail: user.role === 'admin' },
      );
      if (!page.ok) return viewProblem(c, page.error);
      return c.json({ answers: page.data.items, nextCursor: page.data.nextCursor }, 200);
    })

    .openapi(r.getSurveyConfig, async (c) => c.json(await getSurveyConfig(engine), 200))

    .openapi(r.putSurveyConfig, async (c) => {
      const patch = c.req.valid('json');
      const changed = await setSurveyConfig(engine, patch);
      await audit(c, signedIn(c).user, 'survey.config', { detail: { changed: Object.keys(patch) } });
      return c.json(changed, 200);
    })

    .openapi(r.eraseSurveyCustomer, async (c) => {
      const request = c.req.valid('json');
      const keepAnonymised = request.keepAnonymised ?? (await getSurveyConfig(engine)).keepAnonymised;
      const erased = await eraseCustomer(
        engine,
        {
          ...(request.email !== undefined ? { email: request.email } : {}),
          ...(request.customerId !== undefined ? { customerId: request.customerId } : {}),
        },
        { keepAnonymised },
        now(),
      );
      ctx.kpiResults.forget();
      // The audit log keeps that an erasure happened, never whose: the address is what was erased.
      await audit(c, signedIn(c).user, 'survey.erase', {
        detail: {
          by: [
            request.email !== undefined ? 'email' : null,
            request.customerId !== undefined ? 'customerId' : null,
          ].filter((by) => by !== null),
          keepAnonymised,
          ...erased,
        },
      });
      return c.json(erased, 200);
    })

    .openapi(r.getSurvey, async (c) => {
      const { id } = c.req.valid('param');
      const survey = await getSurvey(engine, id);
      return survey ? c.json(shown(survey), 200) : missing(c, id);
    })

    .openapi(r.updateSurvey, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const updated = await updateSurvey(engine, id, patch, user.id, now());
      if (!updated.ok) return surveyProblem(c, updated.error);
      // The filter values kept for every page name surveys: a new name must reach them now.
      if (patch.name !== undefined) ctx.kpiResults.forget();
      await audit(c, user, 'survey.update', {
        target: id,
        detail: { changed: Object.keys(patch), version: updated.data.version },
      });
      return c.json(shown(updated.data), 200);
    })

    .openapi(r.listSurveyVersions, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await getSurvey(engine, id))) return missing(c, id);
      return c.json({ versions: await listVersions(engine, id) }, 200);
    })

    .openapi(r.getSurveyVersion, async (c) => {
      const { id, version } = c.req.valid('param');
      const survey = await getSurvey(engine, id, version);
      return survey ? c.json(shown(survey), 200) : problem(c, 404, `no version ${version} of survey ${id}`);
    })

    .openapi(r.createSurveyLink, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const request = c.req.valid('json');
      const contact =
        request.contact ?? (request.contactKey !== undefined ? contactOfKey(request.contactKey) : null);
      const link = await personalLink(
        engine,
        id,
        contact,
        {
          ...(request.customerId !== undefined ? { customerId: request.customerId } : {}),
          ...(request.language !== undefined ? { language: request.language } : {}),
          ...(request.email !== undefined ? { email: request.email } : {}),
        },
        now(),
      );
      if (!link.ok) return surveyProblem(c, link.error);
      await audit(c, user, 'survey.link', {
        target: id,
        detail: {
          invitation: link.data.invitationId,
          contact: contact ? `${contact.source}|${contact.externalId}` : null,
        },
      });
      return c.json(
        {
          invitationId: link.data.invitationId,
          url: `${await publicBase(c)}${link.data.path}`,
          token: link.data.token,
          expiresAt: link.data.expiresAt,
        },
        201,
      );
    })

    .openapi(r.getSurveyQr, async (c) => {
      const { id } = c.req.valid('param');
      const { location, format } = c.req.valid('query');
      const found = await located(c, id, location);
      if (!found.ok) return notLocated(c, id, location, found.error);
      const { url } = found.data;
      const fileName = `survey-${id}-${location}.${format}`;
      if (format === 'png')
        return c.body(new Uint8Array(await qrPng(url)), 200, {
          'Content-Type': 'image/png',
          'Content-Disposition': `inline; filename="${fileName}"`,
        });
      return c.body(qrSvg(url), 200, {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Content-Disposition': `inline; filename="${fileName}"`,
      });
    })

    .openapi(r.getSurveyPoster, async (c) => {
      const { id } = c.req.valid('param');
      const { location, size } = c.req.valid('query');
      const found = await located(c, id, location);
      if (!found.ok) return notLocated(c, id, location, found.error);
      const { survey, url } = found.data;
      const pdf = await surveyPoster({
        definition: survey.definition,
        name: survey.name,
        location,
        url,
        size,
      });
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="survey-${id}-${location}-${size}.pdf"`,
      });
    })

    .openapi(r.getSurveyWidget, async (c) => {
      const { id } = c.req.valid('param');
      const survey = await getSurvey(engine, id);
      if (!survey) return missing(c, id);
      const scriptUrl = `${await publicBase(c)}/s/widget.js`;
      return c.json({ snippet: widgetSnippet(scriptUrl, survey.id), scriptUrl }, 200);
    })

    .openapi(r.listSurveyInvitations, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      if (!(await getSurvey(engine, id))) return missing(c, id);
      const page = await listInvitations(
        engine,
        id,
        {
          limit: query.limit,
          ...(query.state !== undefined ? { state: query.state } : {}),
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        },
        { withEmail: user.role === 'admin' },
      );
      if (!page.ok) return viewProblem(c, page.error);
      return c.json(
        { invitations: page.data.items, totals: page.data.totals, nextCursor: page.data.nextCursor },
        200,
      );
    })

    .openapi(r.runSurveyWave, async (c) => {
      const { id } = c.req.valid('param');
      const survey = await getSurvey(engine, id);
      if (!survey) return missing(c, id);
      if (survey.type !== 'relationship')
        return problem(
          c,
          409,
          `survey ${id} is a ${survey.type} survey; waves are sent of relationship surveys`,
        );
      const found = await waveJob(ctx, survey);
      if ('refused' in found) return problem(c, 409, found.refused);
      const requested = await requestRun(engine, JOB_KINDS, found.job.id, now());
      if (!requested.ok)
        return requested.error.kind === 'running'
          ? problem(c, 409, `the wave of survey ${id} is being sent (since ${requested.error.since})`)
          : missing(c, id);
      await audit(c, signedIn(c).user, 'survey.wave', { target: id, detail: { job: found.job.id } });
      void ctx.deps.jobs?.wake();
      return c.json({ jobId: requested.data.id, runRequestedAt: requested.data.runRequestedAt }, 202);
    })

    .openapi(r.listSurveyWaves, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await getSurvey(engine, id))) return missing(c, id);
      return c.json({ waves: await waveReport(engine, id) }, 200);
    });
}

/** `source|external_id`: the source is everything before the first bar, as contact keys are made. */
export function contactOfKey(key: string): { source: string; externalId: string } {
  const bar = key.indexOf('|');
  return { source: key.slice(0, bar), externalId: key.slice(bar + 1) };
}

/** The one tag a help centre pastes: the script reads its survey from the tag and sets no cookie. */
export function widgetSnippet(scriptUrl: string, surveyId: string): string {
  const attribute = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<script src="${attribute(scriptUrl)}" data-survey="${attribute(surveyId)}" async></script>`;
}
