import type { Context } from 'hono';
import { err } from '../../core/result.js';
import type { UserView } from '../../services/users.js';
import { analyseTexts, lastAnalysedAt } from '../../services/words/analyse.js';
import { attributeProfile, listAttributes, replaceAttributes } from '../../services/words/attributes.js';
import type { TermFilters, WordsProblem } from '../../services/words/contract.js';
import {
  invalid,
  type TermFiltersInput,
  termFiltersFrom,
  trendGrainFrom,
  type WordsVisibility,
} from '../../services/words/filters.js';
import { exportMessagesCsv, listMessages } from '../../services/words/messages.js';
import { listToneModels, trainToneModels } from '../../services/words/models.js';
import { getWordsSettings, putWordsSettings } from '../../services/words/settings.js';
import {
  createTheme,
  deleteTheme,
  listThemes,
  mergeThemes,
  updateTheme,
} from '../../services/words/themes.js';
import { toneSummary } from '../../services/words/tone.js';
import { distinctiveTerms, termTrend, topicFocusFrom } from '../../services/words/topics.js';
import { signedIn } from '../auth.js';
import { csvFileName, featureRouter, type ServerContext } from '../context.js';
import { featureProblem, problem } from '../problem.js';
import { checkAgentFilter } from '../scope.js';
import * as r from './routes.js';

export function wordsProblem(c: Context, error: WordsProblem) {
  return featureProblem(c, error.kind === 'conflict' ? { kind: 'conflict', reason: error.message } : error);
}

/** A whole number from the query, or the fallback; the service checks its range. */
function count(text: string | undefined, field: string, fallback: number) {
  if (text === undefined || text === '') return { ok: true as const, data: fallback };
  return /^\d{1,6}$/.test(text.trim())
    ? { ok: true as const, data: Number(text) }
    : err(invalid(field, 'a whole number'));
}

export function wordsRouter(ctx: ServerContext) {
  const { engine, now, scopeOf, audit } = ctx;

  /**
   * The caller's filters and visibility: an agent reads only texts of their own contacts, and may
   * name no other agent in a filter.
   */
  const readingOf = async (
    c: Context,
    query: TermFiltersInput,
  ): Promise<
    | { ok: true; filters: TermFilters; visibility: WordsVisibility }
    | { ok: false; refused: 'forbidden'; reason: string }
    | { ok: false; refused: 'invalid'; error: WordsProblem }
  > => {
    const user: UserView = signedIn(c).user;
    const scope = await scopeOf(user);
    const filters = termFiltersFrom(query, now());
    if (!filters.ok) return { ok: false, refused: 'invalid', error: filters.error };
    const refused = checkAgentFilter(scope, filters.data.agent);
    if (refused) return { ok: false, refused: 'forbidden', reason: refused };
    return { ok: true, filters: filters.data, visibility: { agentId: scope?.agentId ?? null } };
  };
  const refusal = (
    c: Context,
    reading: { refused: 'forbidden'; reason: string } | { refused: 'invalid'; error: WordsProblem },
  ) => (reading.refused === 'forbidden' ? problem(c, 403, reading.reason) : wordsProblem(c, reading.error));

  const settingsView = async () => {
    const [texts] = await engine.all('SELECT COUNT(*) AS n FROM text_items');
    return {
      settings: await getWordsSettings(engine),
      models: await listToneModels(engine),
      texts: Number(texts?.n ?? 0),
      lastAnalysedAt: await lastAnalysedAt(engine),
    };
  };

  return featureRouter()
    .openapi(r.getWordsSettings, async (c) => c.json(await settingsView(), 200))

    .openapi(r.updateWordsSettings, async (c) => {
      const user = signedIn(c).user;
      const changes = c.req.valid('json');
      const updated = await putWordsSettings(engine, changes, now());
      if (!updated.ok) return wordsProblem(c, updated.error);
      await audit(c, user, 'words.settings', { detail: { changed: Object.keys(changes) } });
      return c.json({ settings: updated.data }, 200);
    })

    .openapi(r.analyseWords, async (c) => {
      const user = signedIn(c).user;
      const { all } = c.req.valid('json');
      const run = await analyseTexts(engine, all ? 'all' : 'new', now());
      // What the texts say feeds the indicators: kept KPI results are stale.
      ctx.kpiResults.forget();
      await audit(c, user, 'words.analyse', { detail: { all: all === true, analysed: run.analysed } });
      return c.json(run, 200);
    })

    .openapi(r.trainWordsModels, async (c) => {
      const user = signedIn(c).user;
      const models = await trainToneModels(engine, now());
      ctx.kpiResults.forget();
      await audit(c, user, 'words.models', { detail: { languages: models.map((m) => m.language) } });
      return c.json({ models }, 200);
    })

    .openapi(r.getWordsTopics, async (c) => {
      const query = c.req.valid('query');
      const reading = await readingOf(c, query);
      if (!reading.ok) return refusal(c, reading);
      const focus = topicFocusFrom(query.focus);
      if (!focus.ok) return wordsProblem(c, focus.error);
      const limit = count(query.limit, 'limit', 40);
      if (!limit.ok) return wordsProblem(c, limit.error);
      if (limit.data < 1 || limit.data > 200)
        return wordsProblem(c, invalid('limit', 'a whole number 1–200'));
      const topics = await distinctiveTerms(
        engine,
        reading.filters,
        focus.data,
        { limit: limit.data },
        reading.visibility,
      );
      const themes = await listThemes(engine, { filters: reading.filters, visibility: reading.visibility });
      return c.json({ ...topics, themes }, 200);
    })

    .openapi(r.getWordsTermTrend, async (c) => {
      const query = c.req.valid('query');
      const reading = await readingOf(c, query);
      if (!reading.ok) return refusal(c, reading);
      const grain = trendGrainFrom(query.grain);
      if (!grain.ok) return wordsProblem(c, grain.error);
      const points = await termTrend(
        engine,
        reading.filters,
        query.term.trim().toLowerCase(),
        grain.data,
        reading.visibility,
      );
      if (!points.ok) return wordsProblem(c, points.error);
      return c.json({ points: points.data }, 200);
    })

    .openapi(r.listWordsThemes, async (c) => {
      const reading = await readingOf(c, c.req.valid('query'));
      if (!reading.ok) return refusal(c, reading);
      const themes = await listThemes(engine, { filters: reading.filters, visibility: reading.visibility });
      return c.json({ themes }, 200);
    })

    .openapi(r.createWordsTheme, async (c) => {
      const user = signedIn(c).user;
      const created = await createTheme(engine, c.req.valid('json'), now());
      if (!created.ok) return wordsProblem(c, created.error);
      await audit(c, user, 'words.theme.create', {
        target: created.data.id,
        detail: { name: created.data.name },
      });
      return c.json(created.data, 201);
    })

    .openapi(r.mergeWordsThemes, async (c) => {
      const user = signedIn(c).user;
      const merged = await mergeThemes(engine, c.req.valid('json'), now());
      if (!merged.ok) return wordsProblem(c, merged.error);
      await audit(c, user, 'words.theme.merge', {
        target: merged.data.id,
        detail: { name: merged.data.name },
      });
      return c.json(merged.data, 200);
    })

    .openapi(r.updateWordsTheme, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const changed = await updateTheme(engine, id, c.req.valid('json'), now());
      if (!changed.ok) return wordsProblem(c, changed.error);
      await audit(c, user, 'words.theme.update', { target: id, detail: { name: changed.data.name } });
      return c.json(changed.data, 200);
    })

    .openapi(r.deleteWordsTheme, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const removed = await deleteTheme(engine, id);
      if (!removed.ok) return wordsProblem(c, removed.error);
      await audit(c, user, 'words.theme.delete', { target: id });
      return c.body(null, 204);
    })

    .openapi(r.getWordsTone, async (c) => {
      const query = c.req.valid('query');
      const reading = await readingOf(c, query);
      if (!reading.ok) return refusal(c, reading);
      const grain = trendGrainFrom(query.grain);
      if (!grain.ok) return wordsProblem(c, grain.error);
      const summary = await toneSummary(engine, reading.filters, grain.data, reading.visibility);
      if (!summary.ok) return wordsProblem(c, summary.error);
      return c.json(summary.data, 200);
    })

    .openapi(r.listWordsAttributes, async (c) => c.json({ attributes: await listAttributes(engine) }, 200))

    .openapi(r.replaceWordsAttributes, async (c) => {
      const user = signedIn(c).user;
      const saved = await replaceAttributes(engine, c.req.valid('json').attributes, now());
      if (!saved.ok) return wordsProblem(c, saved.error);
      ctx.kpiResults.forget();
      await audit(c, user, 'words.attributes', { detail: { attributes: saved.data.map((a) => a.id) } });
      return c.json({ attributes: saved.data }, 200);
    })

    .openapi(r.getWordsAttributeProfile, async (c) => {
      const query = c.req.valid('query');
      const reading = await readingOf(c, query);
      if (!reading.ok) return refusal(c, reading);
      const grain = trendGrainFrom(query.grain);
      if (!grain.ok) return wordsProblem(c, grain.error);
      const profile = await attributeProfile(engine, reading.filters, grain.data, reading.visibility);
      if (!profile.ok) return wordsProblem(c, profile.error);
      return c.json(profile.data, 200);
    })

    .openapi(r.listWordsMessages, async (c) => {
      const query = c.req.valid('query');
      const reading = await readingOf(c, query);
      if (!reading.ok) return refusal(c, reading);
      const limit = count(query.limit, 'limit', 50);
      if (!limit.ok) return wordsProblem(c, limit.error);
      const offset = count(query.offset, 'offset', 0);
      if (!offset.ok) return wordsProblem(c, offset.error);
      const listed = await listMessages(
        engine,
        {
          filters: reading.filters,
          ...pick(query),
          limit: limit.data,
          offset: offset.data,
        },
        reading.visibility,
      );
      if (!listed.ok) return wordsProblem(c, listed.error);
      return c.json(listed.data, 200);
    })

    .openapi(r.exportWordsMessages, async (c) => {
      const user = signedIn(c).user;
      const query = c.req.valid('query');
      const reading = await readingOf(c, query);
      if (!reading.ok) return refusal(c, reading);
      const exported = await exportMessagesCsv(
        engine,
        { filters: reading.filters, ...pick(query) },
        reading.visibility,
      );
      if (!exported.ok) return wordsProblem(c, exported.error);
      await audit(c, user, 'export.words', { detail: { filters: reading.filters, ...pick(query) } });
      return c.body(exported.data, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csvFileName('words', now())}"`,
      });
    });
}

/** The selection of messages asked for, without the empty ones. */
function pick(query: { term?: string; theme?: string; attribute?: string; tone?: string }) {
  return {
    ...(query.term ? { term: query.term } : {}),
    ...(query.theme ? { theme: query.theme } : {}),
    ...(query.attribute ? { attribute: query.attribute } : {}),
    ...(query.tone ? { tone: query.tone } : {}),
  };
}
