/**
 * What customers say, on the command line: `words analyse` and `words train` (the pipeline and the
 * tone models), `words topics`, `words tone`, `words attributes`, `words themes`, `words messages`
 * and `words settings`. Each works on the database file as its owner (every text), or, while a
 * server holds it, through that server's /api/words with the token's role. Texts are shown and
 * exported with e-mail addresses, phone numbers and order numbers masked.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../core/engine.js';
import type { Result } from '../../core/result.js';
import { analyseTexts } from '../../services/words/analyse.js';
import { attributeProfile, listAttributes, replaceAttributes } from '../../services/words/attributes.js';
import {
  type AnalysisRun,
  type AttributeProfileRow,
  type BrandAttribute,
  type DistinctiveTerm,
  TEXT_KINDS,
  type TermFilters,
  type TextKind,
  type TextLanguage,
  type Theme,
  TONES,
  type Tone,
  type ToneModelView,
  type TopicFocus,
  WORDS_LANGUAGES,
  type WordsMessage,
  type WordsProblem,
  type WordsSettings,
} from '../../services/words/contract.js';
import { EVERY_TEXT, TREND_GRAINS, type TrendGrain } from '../../services/words/filters.js';
import { exportMessagesCsv, listMessages } from '../../services/words/messages.js';
import { listToneModels, trainToneModels } from '../../services/words/models.js';
import { getWordsSettings, putWordsSettings } from '../../services/words/settings.js';
import { createTheme, deleteTheme, listThemes, mergeThemes } from '../../services/words/themes.js';
import { type ToneSummary, toneSummary } from '../../services/words/tone.js';
import { distinctiveTerms, topicFocusFrom } from '../../services/words/topics.js';
import { CliError } from '../database.js';
import { checkRangeOrder, dateArgument, timeZoneArgument } from '../kpi-arguments.js';
import { list, positiveInteger } from '../options.js';
import { note, out } from '../output.js';
import { onServerOrFile, type ServerApi, serverOptions, targetOf, type Where } from '../server-api.js';

type Format = 'table' | 'json';

interface Common extends Where {
  format: Format;
  json?: boolean;
}

interface RangeOptions extends Common {
  from: string;
  to: string;
  timezone: string;
  channel?: string[];
  team?: string[];
  agent?: string[];
  topic?: string[];
  language?: TextLanguage[];
  kind?: TextKind[];
}

function run<T>(options: Where, remote: (api: ServerApi) => Promise<T>, local: (db: Engine) => Promise<T>) {
  return onServerOrFile(targetOf(options, 'api/words/'), remote, local);
}

function problemText(problem: WordsProblem, where = ''): string {
  const prefix = where ? `${where}: ` : '';
  switch (problem.kind) {
    case 'invalid':
      return problem.issues.map((i) => `${prefix}${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ');
    case 'not_found':
      return `${prefix}${problem.what} not found`;
    case 'conflict':
      return `${prefix}${problem.message}`;
  }
}

function unwrap<T>(result: Result<T, WordsProblem>, where?: string): T {
  if (!result.ok) throw new CliError(problemText(result.error, where));
  return result.data;
}

// ─── options ────────────────────────────────────────────────────────────────

function oneOf<T extends string>(known: readonly T[], what: string) {
  return (value: string): T[] => {
    const values = list(value);
    const unknown = values.filter((v) => !(known as readonly string[]).includes(v));
    if (values.length === 0 || unknown.length > 0)
      throw new InvalidArgumentError(
        `${unknown.length ? `unknown ${what} ${unknown.join(', ')}; ` : ''}expected ${known.join(', ')}, comma-separated`,
      );
    return values as T[];
  };
}

/** `--focus all`, `channel:chat`, `score:low`: the group set against the rest, read as the API reads it. */
function focusArgument(value: string): TopicFocus {
  const focus = topicFocusFrom(value);
  if (!focus.ok) throw new InvalidArgumentError(problemText(focus.error).replace(/^focus: /, ''));
  return focus.data;
}

const focusText = (focus: TopicFocus) => (focus.by === 'all' ? 'all' : `${focus.by}:${focus.value}`);

function minConfidence(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0.5 || n > 0.95)
    throw new InvalidArgumentError('expected a probability from 0.5 to 0.95, e.g. 0.6');
  return n;
}

function formatOption() {
  return new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
}

const formatOf = (options: Common): Format => (options.json ? 'json' : options.format);

/** A command on a period of texts, with the filters every words view takes. */
function rangeCommand(parent: Command, name: string, description: string): Command {
  return serverOptions(
    parent
      .command(name)
      .description(description)
      .requiredOption('--from <date>', 'start, inclusive (YYYY-MM-DD, in --timezone)', dateArgument)
      .requiredOption('--to <date>', 'end, exclusive (YYYY-MM-DD, in --timezone)', dateArgument)
      .option('--timezone <zone>', 'the days are local to this zone', timeZoneArgument, 'UTC')
      .option('--channel <names>', 'only these channels, comma-separated', list)
      .option('--team <ids>', 'only these teams, comma-separated', list)
      .option('--agent <ids>', 'only these agents, comma-separated', list)
      .option('--topic <names>', 'only these topics, comma-separated', list)
      .option(
        '--language <codes>',
        `only texts in these languages: ${[...WORDS_LANGUAGES, 'other'].join(', ')}`,
        oneOf<TextLanguage>([...WORDS_LANGUAGES, 'other'], 'language'),
      )
      .option(
        '--kind <kinds>',
        `only these kinds of text: ${TEXT_KINDS.join(', ')}`,
        oneOf<TextKind>(TEXT_KINDS, 'kind'),
      )
      .addOption(formatOption())
      .option('--json', 'the same as --format json'),
  );
}

function filtersOf(options: RangeOptions): TermFilters {
  checkRangeOrder(options.from, options.to);
  return {
    from: options.from,
    to: options.to,
    timezone: options.timezone,
    ...(options.channel?.length ? { channel: options.channel } : {}),
    ...(options.team?.length ? { team: options.team } : {}),
    ...(options.agent?.length ? { agent: options.agent } : {}),
    ...(options.topic?.length ? { topic: options.topic } : {}),
    ...(options.language?.length ? { language: options.language } : {}),
    ...(options.kind?.length ? { kind: options.kind } : {}),
  };
}

function queryOf(filters: TermFilters, more: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, timezone: filters.timezone });
  for (const key of ['channel', 'team', 'agent', 'topic', 'language', 'kind'] as const) {
    const values = filters[key];
    if (values?.length) query.set(key, values.join(','));
  }
  for (const [key, value] of Object.entries(more)) if (value !== undefined) query.set(key, value);
  return query.toString();
}

// ─── output ─────────────────────────────────────────────────────────────────

function table(headers: string[], rows: string[][], alignRight: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (alignRight.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;
const signed = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined
    ? '–'
    : `${value < 0 ? '−' : value > 0 ? '+' : ''}${Math.abs(value).toFixed(digits)}`;
function json(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

function modelsTable(models: readonly ToneModelView[]): string {
  if (models.length === 0)
    return 'No tone models yet: a language needs 40 labelled survey comments, 8 of them negative and 8 positive.';
  return table(
    ['language', 'trained', 'trained on', 'tested on', 'accuracy', 'lexicon only', 'unsure'],
    models.map((m) => [
      m.language,
      m.trainedAt.slice(0, 16).replace('T', ' '),
      String(m.trainN),
      String(m.testN),
      percent(m.accuracy),
      m.lexiconAccuracy === null ? 'no lexicon' : percent(m.lexiconAccuracy),
      percent(m.unsureShare),
    ]),
    [2, 3, 4, 5, 6],
  );
}

function runText(analysis: AnalysisRun): string {
  const languages = Object.entries(analysis.byLanguage)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a, n], [b, m]) => (m ?? 0) - (n ?? 0) || a.localeCompare(b));
  const lines = [
    `${analysis.analysed} texts read, ${analysis.removed} removed`,
    ...(languages.length
      ? [
          '',
          table(
            ['language', 'texts read'],
            languages.map(([language, n]) => [language, String(n)]),
            [1],
          ),
        ]
      : []),
    '',
    analysis.trained.length
      ? `tone models trained: ${analysis.trained.join(', ')}`
      : 'no tone model trained in this run',
  ];
  return lines.join('\n');
}

function topicsTable(terms: readonly DistinctiveTerm[], themes: readonly Theme[]): string {
  const themeName = new Map(themes.map((t) => [t.id, t.name]));
  return table(
    ['term', 'texts in focus', 'in rest', 'z', 'share negative', 'theme'],
    terms.map((t) => [
      t.label === t.term ? t.term : `${t.label} (${t.term})`,
      String(t.inFocus),
      String(t.inRest),
      t.z.toFixed(2),
      percent(t.negativeShare),
      t.themeId ? (themeName.get(t.themeId) ?? t.themeId) : '',
    ]),
    [1, 2, 3, 4],
  );
}

/** The mean score of the texts with a tone: each language's mean weighed by its texts with a tone. */
function meanScore(view: ToneSummary): number | null {
  let sum = 0;
  let n = 0;
  for (const l of view.byLanguage) {
    const toned = l.positive + l.neutral + l.negative;
    if (l.meanScore === null || toned === 0) continue;
    sum += l.meanScore * toned;
    n += toned;
  }
  return n === 0 ? null : sum / n;
}

function toneText(view: ToneSummary, byLanguage: boolean): string {
  const c = view.counts;
  const toned = c.positive + c.neutral + c.negative;
  const counts = table(
    ['tone', 'texts'],
    TONES.map((t) => [t, String(c[t])]),
    [1],
  );
  const summary = [
    `mean score ${signed(meanScore(view))} (−1 … +1), negative ${percent(toned ? c.negative / toned : null)} of the texts with a tone; unsure texts are left out of both`,
  ];
  const languages = byLanguage
    ? [
        '',
        table(
          ['language', 'texts', 'positive', 'neutral', 'negative', 'unsure', 'mean score', 'negative share'],
          view.byLanguage.map((l) => {
            const n = l.positive + l.neutral + l.negative;
            return [
              l.language,
              String(l.texts),
              String(l.positive),
              String(l.neutral),
              String(l.negative),
              String(l.unsure),
              signed(l.meanScore),
              percent(n ? l.negative / n : null),
            ];
          }),
          [1, 2, 3, 4, 5, 6, 7],
        ),
      ]
    : [];
  return [
    counts,
    '',
    ...summary,
    ...languages,
    '',
    'tone models (accuracy on held-back comments):',
    modelsTable(view.models),
  ].join('\n');
}

function wordsText(words: BrandAttribute['words']): string {
  return Object.entries(words)
    .filter(([, w]) => (w ?? []).length > 0)
    .map(([language, w]) => `${language}: ${(w ?? []).join(', ')}`)
    .join('; ');
}

function attributesTable(attributes: readonly BrandAttribute[]): string {
  if (attributes.length === 0)
    return 'No brand attributes yet: servicemeter words attributes import attributes.json';
  return table(
    ['id', 'name', 'stance', 'words'],
    attributes.map((a) => [a.id, a.name, a.stance, wordsText(a.words)]),
  );
}

function profileTable(view: { texts: number; rows: AttributeProfileRow[] }): string {
  const rows = table(
    ['attribute', 'stance', 'mentions', 'share', 'positive', 'neutral', 'negative', 'unsure', 'by channel'],
    view.rows.map((r) => [
      r.name,
      r.stance,
      String(r.mentions),
      percent(r.share),
      String(r.tone.positive),
      String(r.tone.neutral),
      String(r.tone.negative),
      String(r.tone.unsure),
      Object.entries(r.byChannel)
        .sort((a, b) => b[1] - a[1])
        .map(([channel, n]) => `${channel} ${n}`)
        .join(', '),
    ]),
    [2, 3, 4, 5, 6, 7],
  );
  return `${view.texts} texts read in the period\n\n${rows}`;
}

function themesTable(themes: readonly Theme[]): string {
  if (themes.length === 0) return 'No themes yet: servicemeter words themes add <name> --terms a,b';
  return table(
    ['id', 'name', 'terms', 'pinned', 'kind'],
    themes.map((t) => [
      t.id,
      t.name,
      t.terms.join(', '),
      t.pinned ? 'pinned' : '',
      t.suggested ? 'suggested' : 'saved',
    ]),
  );
}

/** The records of a CSV text: its line breaks outside quoted fields, a last line without one counted. */
function csvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) records++;
  }
  return records + (text.length > 0 && !text.endsWith('\n') ? 1 : 0);
}

/** The text with its highlighted ranges between ** **, as a reader of plain text sees emphasis. */
export function highlighted(message: Pick<WordsMessage, 'text' | 'highlights'>): string {
  let text = '';
  let at = 0;
  for (const range of [...message.highlights].sort((a, b) => a.start - b.start)) {
    if (range.start < at) continue;
    text += `${message.text.slice(at, range.start)}**${message.text.slice(range.start, range.end)}**`;
    at = range.end;
  }
  return text + message.text.slice(at);
}

function messagesText(view: { messages: WordsMessage[]; total: number }): string {
  if (view.messages.length === 0) return 'No texts match.';
  const blocks = view.messages.map((m) => {
    const head = [
      m.occurredAt.slice(0, 16).replace('T', ' '),
      m.kind,
      m.channel ?? '–',
      m.language,
      m.tone === 'unsure' ? 'unsure' : `${m.tone} ${signed(m.sentimentScore)}`,
      ...(m.agentId ? [`agent ${m.agentId}`] : []),
      ...(m.surveyScore !== null ? [`survey score ${Math.round(m.surveyScore * 100)} % of the scale`] : []),
    ].join(' · ');
    return `${head}\n  ${highlighted(m).replaceAll('\n', '\n  ')}`;
  });
  return [...blocks, '', `${view.messages.length} of ${view.total} texts (personal data masked)`].join('\n');
}

function settingsTable(settings: WordsSettings): string {
  return table(
    ['setting', 'value'],
    [
      ['sources', TEXT_KINDS.map((k) => `${k} ${settings.sources[k] ? 'on' : 'off'}`).join(', ')],
      [
        'dictionary',
        settings.dictionary.length
          ? `${settings.dictionary.length} terms: ${settings.dictionary.slice(0, 8).join(', ')}${settings.dictionary.length > 8 ? ', …' : ''}`
          : 'none',
      ],
      ['minConfidence', String(settings.minConfidence)],
    ],
  );
}

// ─── files ──────────────────────────────────────────────────────────────────

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  return `line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n')}`;
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
}

/**
 * The brand attributes of a file: `[ … ]` or `{ "attributes": [ … ] }` (what `attributes export`
 * writes). The shape of each entry is checked by the service, which names the entry and field.
 */
export async function readAttributes(file: string): Promise<unknown[]> {
  const text = await readText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new CliError(
      `${file}: not JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}: ${(error as Error).message}`,
    );
  }
  const attributes =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>).attributes
      : value;
  if (!Array.isArray(attributes))
    throw new CliError(
      `${file}: expected [ { "name", "stance", "words": { "en": [ … ] } } ] or { "attributes": [ … ] }`,
    );
  return attributes;
}

/** Replaces the brand attributes by a file's; a refusal names the file, the entry and the field. */
export async function importAttributes(
  db: Engine,
  file: string,
  given?: readonly unknown[],
): Promise<BrandAttribute[]> {
  return unwrap(await replaceAttributes(db, given ?? (await readAttributes(file)), new Date()), file);
}

/** The team's own terms: one a line; blank lines and lines starting with # are skipped. */
export async function readDictionary(file: string): Promise<{ terms: string[]; lines: number[] }> {
  const text = await readText(file);
  const terms: string[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const term = line.trim();
    if (term === '' || term.startsWith('#')) return;
    terms.push(term);
    lines.push(index + 1);
  });
  return { terms, lines };
}

// ─── the commands ───────────────────────────────────────────────────────────

const RANGE_HELP = `
The period is --from (included) to --to (excluded), in days local to --timezone. On the database
file every text is read; through a server (--server, or the one holding --db) the token's role
decides: an agent reads only the texts about their own contacts.`;

export function wordsCommand(program: Command): void {
  const words = program
    .command('words')
    .description(
      'What customers say: topics, tone and brand attributes in survey comments, chats, e-mails and social messages',
    )
    .addHelpText(
      'after',
      `
Texts are read on this machine, in English, Dutch, Swedish, Ukrainian and Chinese (docs/words.md).

Examples:
  servicemeter words analyse
  servicemeter words topics --from 2026-03-01 --to 2026-04-01 --focus channel:chat
  servicemeter words tone --from 2026-03-01 --to 2026-04-01 --by-language
  servicemeter words attributes import attributes.json
  servicemeter words attributes profile --from 2026-03-01 --to 2026-04-01
  servicemeter words messages --from 2026-03-01 --to 2026-04-01 --term wachttijd --csv texts.csv
  servicemeter words settings --sources survey_comment,message --dictionary our-terms.txt`,
    );

  serverOptions(
    words
      .command('analyse')
      .description(
        'Read the texts not read yet (or changed), train the tone models when new labelled comments came in',
      )
      .option('--all', 'read every text again')
      .addOption(formatOption())
      .option('--json', 'the same as --format json')
      .addHelpText(
        'after',
        `
The analysis also runs after each import and every 10 minutes on a running server.

Examples:
  servicemeter words analyse
  servicemeter words analyse --all --json`,
      ),
  ).action(async (options: Common & { all?: boolean }) => {
    const { analysis, models } = await run(
      options,
      async (api) => {
        const analysis = await api.json<AnalysisRun>('POST', 'analyse', { all: options.all === true });
        const models = analysis.trained.length
          ? (await api.json<{ models: ToneModelView[] }>('GET', 'settings')).models
          : [];
        return { analysis, models };
      },
      async (db) => {
        const analysis = await analyseTexts(db, options.all ? 'all' : 'new', new Date());
        return { analysis, models: analysis.trained.length ? await listToneModels(db) : [] };
      },
    );
    if (formatOf(options) === 'json') return json({ ...analysis, models });
    out(runText(analysis));
    if (models.length) out(`\n${modelsTable(models)}`);
  });

  serverOptions(
    words
      .command('train')
      .description(
        'Train the tone model of each language on the labelled survey comments and test it on the held-back ones',
      )
      .addOption(formatOption())
      .option('--json', 'the same as --format json')
      .addHelpText(
        'after',
        `
A comment's survey score labels it: the top of the scale positive, the bottom negative, the middle
neutral (NPS 9–10, 0–6, 7–8). One comment in five is held back to test the model; accuracy is shown
next to the lexicon's alone on the same comments.

Examples:
  servicemeter words train`,
      ),
  ).action(async (options: Common) => {
    const models = await run(
      options,
      async (api) => (await api.json<{ models: ToneModelView[] }>('POST', 'models/train')).models,
      (db) => trainToneModels(db, new Date()),
    );
    if (formatOf(options) === 'json') return json(models);
    out(modelsTable(models));
  });

  rangeCommand(
    words,
    'topics',
    'The terms and phrases that stand out in a group of texts against the rest (weighted log-odds, z > 1.96)',
  )
    .addOption(
      new Option(
        '--focus <group>',
        'the group set against the rest: channel:<name>, team:<id>, agent:<id>, topic:<name>, language:<code>, kind:<kind>, tone:<tone>, score:low, score:high, or all (the period against the one as long before it)',
      )
        .argParser(focusArgument)
        .default({ by: 'all' }, 'all'),
    )
    .option('--limit <n>', 'at most this many terms', positiveInteger, 20)
    .addHelpText(
      'after',
      `${RANGE_HELP}

score:low is the survey comments with a score in the lower half of the scale, against the others.

Examples:
  servicemeter words topics --from 2026-03-01 --to 2026-04-01
  servicemeter words topics --from 2026-03-01 --to 2026-04-01 --focus score:low --limit 40
  servicemeter words topics --from 2026-03-01 --to 2026-04-01 --focus channel:social --json`,
    )
    .action(async (options: RangeOptions & { focus: TopicFocus; limit: number }) => {
      const filters = filtersOf(options);
      const view = await run(
        options,
        (api) =>
          api.json<{ texts: { focus: number; rest: number }; terms: DistinctiveTerm[]; themes: Theme[] }>(
            'GET',
            `topics?${queryOf(filters, { focus: focusText(options.focus), limit: String(options.limit) })}`,
          ),
        async (db) => {
          const found = await distinctiveTerms(
            db,
            filters,
            options.focus,
            { limit: options.limit },
            EVERY_TEXT,
          );
          const themes = await listThemes(db, { filters, visibility: EVERY_TEXT });
          return { ...found, themes };
        },
      );
      if (formatOf(options) === 'json') return json(view);
      out(`${view.texts.focus} texts in focus (${focusText(options.focus)}), ${view.texts.rest} in the rest`);
      if (view.terms.length === 0) return void out('No term stands out.');
      out(topicsTable(view.terms, view.themes));
    });

  rangeCommand(
    words,
    'tone',
    'Texts per tone, the mean score and the negative share; the tone models and their accuracy',
  )
    .option('--by-language', 'a row per language')
    .addOption(
      new Option('--grain <grain>', 'the trend per day, week or month (JSON)')
        .choices(TREND_GRAINS)
        .default('week'),
    )
    .addHelpText(
      'after',
      `${RANGE_HELP}

Examples:
  servicemeter words tone --from 2026-03-01 --to 2026-04-01
  servicemeter words tone --from 2026-01-01 --to 2026-04-01 --by-language --channel chat`,
    )
    .action(async (options: RangeOptions & { byLanguage?: boolean; grain: TrendGrain }) => {
      const filters = filtersOf(options);
      const view = await run(
        options,
        (api) => api.json<ToneSummary>('GET', `tone?${queryOf(filters, { grain: options.grain })}`),
        async (db) => unwrap(await toneSummary(db, filters, options.grain, EVERY_TEXT)),
      );
      if (formatOf(options) === 'json') return json(view);
      out(toneText(view, options.byLanguage === true));
    });

  const attributes = words
    .command('attributes')
    .description(
      'The brand attributes: the image the team wants and the one it fears, and how often customers express them',
    )
    .addHelpText(
      'after',
      `
A file of attributes is what export writes:
  { "attributes": [
      { "name": "fast", "stance": "intended", "words": { "en": ["fast", "quick"], "nl": ["snel"], "zh": ["快"] } },
      { "name": "slow", "stance": "feared", "words": { "en": ["slow", "waiting"], "nl": ["traag"] } } ] }

Examples:
  servicemeter words attributes list
  servicemeter words attributes import attributes.json
  servicemeter words attributes export --out attributes.json
  servicemeter words attributes profile --from 2026-03-01 --to 2026-04-01`,
    );

  serverOptions(
    attributes
      .command('list')
      .description('The brand attributes with their words per language')
      .addOption(formatOption())
      .option('--json', 'the same as --format json')
      .addHelpText('after', '\nExamples:\n  servicemeter words attributes list'),
  ).action(async (options: Common) => {
    const listed = await run(
      options,
      async (api) => (await api.json<{ attributes: BrandAttribute[] }>('GET', 'attributes')).attributes,
      (db) => listAttributes(db),
    );
    if (formatOf(options) === 'json') return json({ attributes: listed });
    out(attributesTable(listed));
  });

  serverOptions(
    attributes
      .command('import <file>')
      .description("Replace the brand attributes by a file's; every text's hits are counted again")
      .addHelpText('after', '\nExamples:\n  servicemeter words attributes import attributes.json'),
  ).action(async (file: string, options: Where) => {
    const given = await readAttributes(file);
    const saved = await run(
      options,
      async (api) =>
        (
          await api
            .json<{ attributes: BrandAttribute[] }>('PUT', 'attributes', { attributes: given })
            .catch((error: unknown) => {
              throw error instanceof CliError ? new CliError(`${file}: ${error.message}`) : error;
            })
        ).attributes,
      (db) => importAttributes(db, file, given),
    );
    out(`${saved.length} brand attributes saved: ${saved.map((a) => `${a.name} (${a.stance})`).join(', ')}`);
  });

  serverOptions(
    attributes
      .command('export')
      .description('The brand attributes as a file to edit and import again')
      .option('--out <file>', 'write to this file (default: standard output)')
      .addHelpText('after', '\nExamples:\n  servicemeter words attributes export --out attributes.json'),
  ).action(async (options: Where & { out?: string }) => {
    const listed = await run(
      options,
      async (api) => (await api.json<{ attributes: BrandAttribute[] }>('GET', 'attributes')).attributes,
      (db) => listAttributes(db),
    );
    const text = `${JSON.stringify({ attributes: listed }, null, 2)}\n`;
    if (!options.out) return void out(text);
    await writeFile(options.out, text);
    note(`${listed.length} brand attributes written to ${options.out}`);
  });

  rangeCommand(
    attributes,
    'profile',
    'How often the texts of the period express each attribute, in which tone and on which channel',
  )
    .addOption(
      new Option('--grain <grain>', 'the trend per day, week or month (JSON)')
        .choices(TREND_GRAINS)
        .default('week'),
    )
    .addHelpText(
      'after',
      `${RANGE_HELP}

Examples:
  servicemeter words attributes profile --from 2026-03-01 --to 2026-04-01
  servicemeter words attributes profile --from 2026-01-01 --to 2026-07-01 --grain month --json`,
    )
    .action(async (options: RangeOptions & { grain: TrendGrain }) => {
      const filters = filtersOf(options);
      const view = await run(
        options,
        (api) =>
          api.json<{ texts: number; rows: AttributeProfileRow[] }>(
            'GET',
            `attributes/profile?${queryOf(filters, { grain: options.grain })}`,
          ),
        async (db) => unwrap(await attributeProfile(db, filters, options.grain, EVERY_TEXT)),
      );
      if (formatOf(options) === 'json') return json(view);
      if (view.rows.length === 0)
        return void out('No brand attributes yet: servicemeter words attributes import attributes.json');
      out(profileTable(view));
    });

  const themes = words
    .command('themes')
    .description('Themes: terms grouped under a name, saved or suggested from terms that occur together')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter words themes list
  servicemeter words themes add Waiting --terms "wachttijd,wachtrij,lang wacht"
  servicemeter words themes merge <id> <id> --name "Delivery and returns"
  servicemeter words themes remove <id>`,
    );

  serverOptions(
    themes
      .command('list')
      .description('The saved themes and, for a period, those suggested from its terms')
      .option('--from <date>', 'suggest themes from the terms of this period (with --to)', dateArgument)
      .option('--to <date>', 'end of that period, exclusive', dateArgument)
      .option('--timezone <zone>', 'the days are local to this zone', timeZoneArgument, 'UTC')
      .addOption(formatOption())
      .option('--json', 'the same as --format json')
      .addHelpText(
        'after',
        '\nExamples:\n  servicemeter words themes list\n  servicemeter words themes list --from 2026-03-01 --to 2026-04-01',
      ),
  ).action(async (options: Common & { from?: string; to?: string; timezone: string }) => {
    if ((options.from === undefined) !== (options.to === undefined))
      throw new CliError(`${options.from ? '--to' : '--from'}: give --from and --to together, or neither`);
    const filters =
      options.from && options.to ? filtersOf({ ...options, from: options.from, to: options.to }) : null;
    const listed = await run(
      options,
      async (api) =>
        (await api.json<{ themes: Theme[] }>('GET', `themes${filters ? `?${queryOf(filters)}` : ''}`)).themes,
      (db) => listThemes(db, filters ? { filters, visibility: EVERY_TEXT } : undefined),
    );
    if (formatOf(options) === 'json') return json({ themes: listed });
    out(themesTable(listed));
  });

  serverOptions(
    themes
      .command('add <name>')
      .description('Save a theme: a name and its terms')
      .requiredOption('--terms <terms>', 'its terms and phrases, comma-separated, as topics lists them', list)
      .option('--pin', 'pin it: it stays on top of the page')
      .addHelpText(
        'after',
        '\nExamples:\n  servicemeter words themes add Waiting --terms "wachttijd,wachtrij,lang wacht"',
      ),
  ).action(async (name: string, options: Where & { terms: string[]; pin?: boolean }) => {
    const input = { name, terms: options.terms, ...(options.pin ? { pinned: true } : {}) };
    const theme = await run(
      options,
      (api) => api.json<Theme>('POST', 'themes', input),
      async (db) => unwrap(await createTheme(db, input, new Date())),
    );
    out(`theme ${theme.id} saved: ${theme.name} (${theme.terms.join(', ')})`);
  });

  serverOptions(
    themes
      .command('merge <ids...>')
      .description('Merge two or more themes into one, with all their terms')
      .requiredOption('--name <name>', 'the name of the merged theme')
      .addHelpText(
        'after',
        '\nExamples:\n  servicemeter words themes merge <id> <id> --name "Delivery and returns"',
      ),
  ).action(async (ids: string[], options: Where & { name: string }) => {
    if (ids.length < 2) throw new CliError('ids: give at least two themes to merge');
    const theme = await run(
      options,
      (api) => api.json<Theme>('POST', 'themes/merge', { ids, name: options.name }),
      async (db) => unwrap(await mergeThemes(db, { ids, name: options.name }, new Date())),
    );
    out(`theme ${theme.id} saved: ${theme.name} (${theme.terms.join(', ')})`);
  });

  serverOptions(
    themes
      .command('remove <id>')
      .description('Remove a saved theme (its terms stay)')
      .addHelpText('after', '\nExamples:\n  servicemeter words themes remove <id>'),
  ).action(async (id: string, options: Where) => {
    await run(
      options,
      async (api) => {
        await api.send('DELETE', `themes/${encodeURIComponent(id)}`);
      },
      async (db) => {
        unwrap(await deleteTheme(db, id));
      },
    );
    out(`theme ${id} removed`);
  });

  rangeCommand(words, 'messages', 'The texts behind a term, theme, attribute or tone, masked, newest first')
    .option('--term <term>', 'texts with this term or phrase (as topics lists it)')
    .option('--theme <id>', 'texts with a term of this theme')
    .option('--attribute <id>', 'texts that express this brand attribute')
    .option('--tone <tone>', `texts of this tone: ${TONES.join(', ')}`, (value: string) => {
      if (!(TONES as readonly string[]).includes(value))
        throw new InvalidArgumentError(`expected ${TONES.join(', ')}`);
      return value as Tone;
    })
    .option('--limit <n>', 'at most this many texts (up to 200)', positiveInteger, 20)
    .option('--offset <n>', 'skip this many first', (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
      return n;
    })
    .option('--csv <file>', 'write every matching text to this CSV file instead')
    .addHelpText(
      'after',
      `${RANGE_HELP}

The words asked for are shown between ** **; e-mail addresses, phone numbers and order numbers are
masked, in the CSV too.

Examples:
  servicemeter words messages --from 2026-03-01 --to 2026-04-01 --term wachttijd
  servicemeter words messages --from 2026-03-01 --to 2026-04-01 --attribute fast --tone negative
  servicemeter words messages --from 2026-03-01 --to 2026-04-01 --theme <id> --csv delivery.csv`,
    )
    .action(
      async (
        options: RangeOptions & {
          term?: string;
          theme?: string;
          attribute?: string;
          tone?: Tone;
          limit: number;
          offset?: number;
          csv?: string;
        },
      ) => {
        const filters = filtersOf(options);
        if (options.limit > 200) throw new CliError('--limit: at most 200 texts a page (--offset pages on)');
        const ask = {
          ...(options.term ? { term: options.term } : {}),
          ...(options.theme ? { theme: options.theme } : {}),
          ...(options.attribute ? { attribute: options.attribute } : {}),
          ...(options.tone ? { tone: options.tone } : {}),
        };
        if (options.csv) {
          const csvFile = options.csv;
          const text = await run(
            options,
            async (api) => (await api.bytes(`messages.csv?${queryOf(filters, ask)}`)).toString('utf8'),
            async (db) => unwrap(await exportMessagesCsv(db, { filters, ...ask }, EVERY_TEXT)),
          );
          await writeFile(csvFile, text);
          const rows = Math.max(0, csvRecords(text) - 1);
          return void note(`${rows} texts written to ${csvFile} (personal data masked)`);
        }
        const page = { limit: options.limit, offset: options.offset ?? 0 };
        const view = await run(
          options,
          (api) =>
            api.json<{ messages: WordsMessage[]; total: number }>(
              'GET',
              `messages?${queryOf(filters, { ...ask, limit: String(page.limit), offset: String(page.offset) })}`,
            ),
          async (db) => unwrap(await listMessages(db, { filters, ...ask, ...page }, EVERY_TEXT)),
        );
        if (formatOf(options) === 'json') return json(view);
        out(messagesText(view));
      },
    );

  serverOptions(
    words
      .command('settings')
      .description(
        'Which texts are read, the team’s own terms, and how sure a tone must be; without options, shows them',
      )
      .option(
        '--sources <kinds>',
        `the kinds of text to read, comma-separated (the others are switched off): ${TEXT_KINDS.join(', ')}`,
        oneOf<TextKind>(TEXT_KINDS, 'kind'),
      )
      .option(
        '--dictionary <file>',
        'the team’s own terms, one a line (kept whole in Chinese and as phrases); # starts a comment',
      )
      .option('--min-confidence <p>', 'a tone less likely than this is unsure (0.5–0.95)', minConfidence)
      .addOption(formatOption())
      .option('--json', 'the same as --format json')
      .addHelpText(
        'after',
        `
The next analysis applies a change: a kind switched off leaves it, a new dictionary or minimum
confidence reads every text again (after an import, every 10 minutes on a server, or words analyse).

Examples:
  servicemeter words settings
  servicemeter words settings --sources survey_comment,message
  servicemeter words settings --dictionary our-terms.txt --min-confidence 0.7`,
      ),
  ).action(
    async (options: Common & { sources?: TextKind[]; dictionary?: string; minConfidence?: number }) => {
      const dictionary = options.dictionary ? await readDictionary(options.dictionary) : null;
      const change: Partial<WordsSettings> = {
        ...(options.sources
          ? {
              sources: Object.fromEntries(
                TEXT_KINDS.map((k) => [k, options.sources?.includes(k) ?? false]),
              ) as WordsSettings['sources'],
            }
          : {}),
        ...(dictionary ? { dictionary: dictionary.terms } : {}),
        ...(options.minConfidence !== undefined ? { minConfidence: options.minConfidence } : {}),
      };
      const changing = Object.keys(change).length > 0;
      const settings = await run(
        options,
        async (api) =>
          changing
            ? (await api.json<{ settings: WordsSettings }>('PUT', 'settings', change)).settings
            : (await api.json<{ settings: WordsSettings }>('GET', 'settings')).settings,
        async (db) => {
          if (!changing) return getWordsSettings(db);
          const saved = await putWordsSettings(db, change, new Date());
          if (saved.ok || saved.error.kind !== 'invalid' || !dictionary) return unwrap(saved);
          // A term of the file is named by its line, as every file's mistake is.
          throw new CliError(
            saved.error.issues
              .map((issue) => {
                const index = /^dictionary\.(\d+)$/.exec(issue.path)?.[1];
                const line = index === undefined ? undefined : dictionary.lines[Number(index)];
                return line === undefined
                  ? `${issue.path}: ${issue.message}`
                  : `${options.dictionary} line ${line}: ${issue.message}`;
              })
              .join('; '),
          );
        },
      );
      if (formatOf(options) === 'json') return json(settings);
      out(settingsTable(settings));
      if (changing) note('saved; the next analysis applies it (servicemeter words analyse)');
    },
  );
}
