import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../core/engine.js';
import { LanguageTag } from '../../core/surveys/definition.js';
import {
  type AnswerView,
  INVITATION_STATES,
  type InvitationState,
  type InvitationTotals,
  type InvitationView,
  listAnswers,
  listInvitations,
} from '../../services/surveys/answers-view.js';
import { getSurveyConfig, type SurveyConfig, setSurveyConfig } from '../../services/surveys/config.js';
import type { SurveyProblem, SurveySummary, SurveyView } from '../../services/surveys/contract.js';
import { eraseCustomer } from '../../services/surveys/erase.js';
import { personalLink } from '../../services/surveys/invitations.js';
import { POSTER_SIZES, type PosterSize, surveyPoster } from '../../services/surveys/poster.js';
import { locationPageUrl, qrPng, qrSvg } from '../../services/surveys/qr.js';
import { createSurvey, getSurvey, listSurveys } from '../../services/surveys/store.js';
import { type WaveReportRow, waveReport } from '../../services/surveys/waves.js';
import { CliError, shownDatabase, withDatabase } from '../database.js';
import { positiveInteger } from '../options.js';
import { note, out } from '../output.js';
import { type ServerApi, serverOptions, targetOf, type Where } from '../server-api.js';

const path = (id: string) => encodeURIComponent(id);

function problemText(error: SurveyProblem): string {
  switch (error.kind) {
    case 'invalid':
      return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    case 'not_found':
      return `no ${error.what} (servicemeter surveys list shows the surveys)`;
    case 'conflict':
      return error.reason;
    default: {
      const unreachable: never = error;
      throw new Error(`unknown survey problem ${JSON.stringify(unreachable)}`);
    }
  }
}

async function surveyOnFile(db: Engine, id: string): Promise<SurveyView> {
  const survey = await getSurvey(db, id);
  if (!survey) throw new CliError(`no survey ${id} (servicemeter surveys list shows the surveys)`);
  return survey;
}

/** On the file, where customers reach the pages: --public-url, else the survey settings' address. */
async function publicBaseOnFile(db: Engine, given: string | undefined): Promise<string> {
  const base = given ?? (await getSurveyConfig(db)).publicBaseUrl;
  if (!base)
    throw new CliError(
      'where do customers reach the survey pages? give --public-url https://… (or set the public address in the survey settings: PUT /api/surveys/config publicBaseUrl)',
    );
  return base.replace(/\/+$/, '');
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an address such as https://meter.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidArgumentError('expected an http:// or https:// address');
  if (url.search !== '' || url.hash !== '')
    throw new InvalidArgumentError('expected an address without ? or #: the server’s address only');
  return url.href.replace(/\/+$/, '');
}

function contactKey(value: string): { source: string; externalId: string } {
  const bar = value.indexOf('|');
  if (bar <= 0 || bar === value.length - 1)
    throw new InvalidArgumentError('expected a contact key: source|external_id, e.g. zendesk|4711');
  return { source: value.slice(0, bar), externalId: value.slice(bar + 1) };
}

function languageTag(value: string): string {
  if (!LanguageTag.safeParse(value).success)
    throw new InvalidArgumentError('expected a language tag such as en, nl or zh-CN');
  return value;
}

const LOCATION = /^[a-z0-9][a-z0-9-]{0,39}$/;
function location(value: string): string {
  if (!LOCATION.test(value))
    throw new InvalidArgumentError('expected a location of the survey: lower-case letters, digits and -');
  return value;
}

function formatOption() {
  return new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function surveysTable(surveys: readonly SurveySummary[]): string {
  return table(
    [
      'id',
      'name',
      'type',
      'status',
      'version',
      'languages',
      'sent',
      'answered',
      'response rate',
      'last answer',
    ],
    surveys.map((s) => [
      s.id,
      s.name,
      s.type,
      s.status,
      String(s.version),
      s.languages.join(','),
      String(s.sent),
      String(s.answered),
      s.responseRate === null ? '–' : `${(s.responseRate * 100).toFixed(1)} %`,
      s.lastAnswerAt ?? '–',
    ]),
  );
}

/** A survey file: a definition alone, or `{ name, definition, settings?, status?, id? }`. */
interface SurveyFile {
  name: string;
  definition: unknown;
  settings?: unknown;
  status?: SurveyView['status'];
  id?: string;
  /** The file held a definition alone: its fields' paths start at the definition. */
  bare: boolean;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}

async function readSurveyFile(file: string, name: string | undefined): Promise<SurveyFile> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new CliError(
      `${file}: not JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(
      `${file}: expected a survey definition or { "name", "definition", "settings" } as a JSON object`,
    );
  const object = value as Record<string, unknown>;
  if ('definition' in object) {
    const fileName = typeof object.name === 'string' ? object.name : undefined;
    const chosen = name ?? fileName;
    if (chosen === undefined) throw new CliError(`${file}: name: missing (or give --name)`);
    const status = object.status;
    return {
      name: chosen,
      definition: object.definition,
      ...(object.settings !== undefined ? { settings: object.settings } : {}),
      ...(typeof status === 'string' ? { status: status as SurveyView['status'] } : {}),
      ...(typeof object.id === 'string' ? { id: object.id } : {}),
      bare: false,
    };
  }
  const title = object.title as Record<string, unknown> | undefined;
  const titled = title?.[String(object.defaultLanguage)];
  return {
    name:
      name ?? (typeof titled === 'string' && titled.trim() !== '' ? titled : basename(file, extname(file))),
    definition: object,
    bare: true,
  };
}

/** A refusal of a survey file, naming the file and each field as it is written in the file. */
function fileProblem(file: string, read: SurveyFile, issues: string): CliError {
  const located = read.bare
    ? issues.replace(/(^|; )definition\./g, '$1').replace(/(^|; )definition:/g, '$1(the definition):')
    : issues;
  return new CliError(`${file}: ${located}`);
}

const ANSWER_COLUMNS: (keyof AnswerView)[] = [
  'respondedAt',
  'surveyId',
  'surveyVersion',
  'questionId',
  'invitationId',
  'kind',
  'dimension',
  'score',
  'scaleMin',
  'scaleMax',
  'choices',
  'comment',
  'language',
  'contactKey',
  'agentId',
  'channel',
  'via',
  'sourceLabel',
  'location',
  'customerId',
  'email',
  'key',
];

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join('|') : String(value);
  // A cell starting with = + - @ is a formula to a spreadsheet; the customer's words must stay words.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

type AnswerPage = { answers: AnswerView[]; nextCursor: string | null };

/** Every answer, newest first, a page at a time. */
async function* everyAnswer(
  page: (cursor: string | undefined) => Promise<AnswerPage>,
): AsyncGenerator<AnswerView> {
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    yield* next.answers;
    cursor = next.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

function remoteAnswers(api: ServerApi, surveyId: string | undefined) {
  return (cursor: string | undefined): Promise<AnswerPage> => {
    const query = new URLSearchParams({ limit: '500' });
    if (surveyId !== undefined) query.set('survey', surveyId);
    if (cursor !== undefined) query.set('cursor', cursor);
    return api.json('GET', `api/surveys/answers?${query}`);
  };
}

function fileAnswers(db: Engine, surveyId: string | undefined) {
  return async (cursor: string | undefined): Promise<AnswerPage> => {
    const listed = await listAnswers(
      db,
      { limit: 500, ...(surveyId !== undefined ? { survey: surveyId } : {}), ...(cursor ? { cursor } : {}) },
      // On the file itself, as its owner: everyone's answers with their addresses.
      { agentId: null, withEmail: true },
    );
    if (!listed.ok) throw new CliError(`${listed.error.field}: ${listed.error.reason}`);
    return { answers: listed.data.items, nextCursor: listed.data.nextCursor };
  };
}

async function answersCsv(page: (cursor: string | undefined) => Promise<AnswerPage>): Promise<string[]> {
  const lines = [ANSWER_COLUMNS.join(',')];
  for await (const answer of everyAnswer(page))
    lines.push(ANSWER_COLUMNS.map((column) => csvCell(answer[column])).join(','));
  return lines;
}

/** The pages of a list, until `limit` items: the API gives at most 500 a page. */
async function collect<P extends { nextCursor: string | null }, T>(
  page: (cursor: string | undefined, limit: number) => Promise<P>,
  limit: number,
  itemsOf: (page: P) => T[],
): Promise<{ items: T[]; first: P; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let first: P | undefined;
  let more = false;
  do {
    const next = await page(cursor, Math.min(500, limit - items.length));
    first ??= next;
    items.push(...itemsOf(next));
    cursor = next.nextCursor ?? undefined;
    more = cursor !== undefined;
  } while (cursor !== undefined && items.length < limit);
  return { items, first: first as P, more };
}

type InvitationPage = { invitations: InvitationView[]; totals: InvitationTotals; nextCursor: string | null };

const INVITATION_TOTALS = ['all', ...INVITATION_STATES] as const;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** Free text on one table line: line breaks as spaces, cut at `max` characters. */
function oneLine(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function answerScore(answer: AnswerView): string {
  if (answer.score !== null) return `${answer.score} of ${answer.scaleMin}–${answer.scaleMax}`;
  return answer.choices.join(', ') || '–';
}

function retentionDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new InvalidArgumentError('expected a whole number of days from 1 to 36500');
  return days;
}

function calendarDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-31');
  return value;
}

function configLines(config: SurveyConfig): string {
  return table(
    ['setting', 'value'],
    [
      [
        'retention',
        config.retentionDays === null
          ? 'answers kept until erased on request'
          : `answers erased after ${config.retentionDays} days`,
      ],
      [
        'erasure',
        config.keepAnonymised
          ? 'keeps the answers anonymised (scores without who gave them)'
          : 'removes the answers',
      ],
      ['public address', config.publicBaseUrl ?? "the server's own address"],
      ['branding colour', config.defaultBranding.colour ?? '–'],
    ],
  );
}

async function written(file: string | undefined, content: string | Uint8Array, what: string): Promise<void> {
  if (file === undefined) {
    process.stdout.write(content);
    return;
  }
  await writeFile(file, content);
  note(`${file}: ${what}`);
}

export function surveysCommand(program: Command): void {
  const surveys = program
    .command('surveys')
    .description(
      'Manage surveys: list, add and export them, make personal links, QR codes and posters, read answers, invitations and waves, change the settings, erase a customer',
    )
    .addHelpText(
      'after',
      `
Surveys are asked after contacts by e-mail, through personal links, public links, QR codes, the
help-centre widget and relationship waves; the dashboard's Surveys page edits them. Every command
works on the database file, or, while a server holds it, through that server (with an API token of
an admin or manager: --token or SERVICEMETER_TOKEN).

Examples:
  servicemeter surveys list
  servicemeter surveys add post-contact.json
  servicemeter surveys link ab12cd --contact 'zendesk|4711' --language nl
  servicemeter surveys qr ab12cd --location front-desk --out front-desk.svg
  servicemeter surveys poster ab12cd --location front-desk --size A6 --out front-desk.pdf
  servicemeter surveys answers ab12cd --search slow
  servicemeter surveys invitations ab12cd --state bounced
  servicemeter surveys waves ab12cd --run
  servicemeter surveys config --retention-days 730`,
    );

  serverOptions(
    surveys
      .command('list')
      .description(
        'The surveys, id first: type, status, version, languages, invitations sent, answers, response rate',
      )
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  servicemeter surveys list\n  servicemeter surveys list --format json',
    )
    .action(async (options: Where & { format: 'table' | 'json' }) => {
      const target = targetOf(options);
      const list =
        target.kind === 'server'
          ? (await target.api.json<{ surveys: SurveySummary[] }>('GET', 'api/surveys')).surveys
          : await withDatabase(target.db, (db) => listSurveys(db));
      if (options.format === 'json') out(JSON.stringify(list, null, 2));
      else if (list.length === 0)
        note('no surveys yet: add one with servicemeter surveys add <file>, or on the dashboard');
      else out(surveysTable(list));
    });

  serverOptions(
    surveys
      .command('add')
      .description('Add a survey from a JSON file: a definition, or { "name", "definition", "settings" }')
      .argument('<file>', 'the JSON file (servicemeter surveys export <id> writes one)')
      .option('--name <name>', "the survey's name (default: the file's name, else the title)")
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
A definition has type, defaultLanguage, languages, title, thanks and questions (surveys export
writes one to start from);
settings hold the distribution (postContact, wave, linkDays, publicSources, locations). A refused
file is named with the field at fault, e.g. "survey.json: questions.0.scale.max: …".

Examples:
  servicemeter surveys export ab12cd --out survey.json && servicemeter surveys add survey.json --name "Copy"`,
    )
    .action(async (file: string, options: Where & { name?: string; format: 'table' | 'json' }) => {
      const read = await readSurveyFile(file, options.name);
      const target = targetOf(options);
      let survey: SurveyView;
      if (target.kind === 'server') {
        const response = await target.api
          .json<SurveyView>('POST', 'api/surveys', {
            name: read.name,
            definition: read.definition,
            ...(read.settings !== undefined ? { settings: read.settings } : {}),
            ...(read.status !== undefined ? { status: read.status } : {}),
          })
          .catch((error: unknown) => {
            if (error instanceof CliError) throw fileProblem(file, read, error.message);
            throw error;
          });
        survey = response;
      } else {
        const created = await withDatabase(target.db, (db) =>
          createSurvey(
            db,
            {
              name: read.name,
              definition: read.definition,
              ...(read.settings !== undefined ? { settings: read.settings } : {}),
              ...(read.status !== undefined ? { status: read.status } : {}),
              ...(read.id !== undefined ? { id: read.id } : {}),
            },
            null,
            new Date(),
          ),
        );
        if (!created.ok) throw fileProblem(file, read, problemText(created.error));
        survey = created.data;
      }
      if (options.format === 'json') out(JSON.stringify(survey, null, 2));
      else
        out(
          `added survey ${survey.id} (${survey.name}): ${survey.type}, ${survey.status}, version ${survey.version}, languages ${survey.definition.languages.join(', ')}`,
        );
    });

  serverOptions(
    surveys
      .command('export')
      .description('Write surveys as JSON (that surveys add reads back), or their answers as CSV')
      .argument('[id]', 'one survey (default: every survey)')
      .option('--out <file>', 'the file to write (default: standard output)')
      .option(
        '--answers',
        'the answers with their comments as CSV, newest first, instead of the definitions',
      ),
  )
    .addHelpText(
      'after',
      `
One survey is written as { "id", "name", "status", "definition", "settings" }, which surveys add reads;
every survey as a JSON array of those. With --answers: one line per answer, with its survey, version,
question, score, choices, comment, contact key, credited agent, channel, way in, location and time.

Examples:
  servicemeter surveys export ab12cd --out survey.json
  servicemeter surveys export --answers --out answers.csv`,
    )
    .action(async (id: string | undefined, options: Where & { out?: string; answers?: boolean }) => {
      const target = targetOf(options);
      if (options.answers) {
        const lines =
          target.kind === 'server'
            ? await (async () => {
                if (id !== undefined) await target.api.json('GET', `api/surveys/${path(id)}`);
                return answersCsv(remoteAnswers(target.api, id));
              })()
            : await withDatabase(target.db, async (db) => {
                if (id !== undefined) await surveyOnFile(db, id);
                return answersCsv(fileAnswers(db, id));
              });
        await written(options.out, `${lines.join('\r\n')}\r\n`, `${lines.length - 1} answers`);
        return;
      }
      const exported = (s: SurveyView) => ({
        id: s.id,
        name: s.name,
        status: s.status,
        definition: s.definition,
        settings: s.settings,
      });
      let value: unknown;
      if (target.kind === 'server') {
        if (id !== undefined)
          value = exported(await target.api.json<SurveyView>('GET', `api/surveys/${path(id)}`));
        else {
          const { surveys: list } = await target.api.json<{ surveys: SurveySummary[] }>('GET', 'api/surveys');
          const all: unknown[] = [];
          for (const s of list)
            all.push(exported(await target.api.json<SurveyView>('GET', `api/surveys/${path(s.id)}`)));
          value = all;
        }
      } else {
        value = await withDatabase(target.db, async (db) => {
          if (id !== undefined) return exported(await surveyOnFile(db, id));
          const all: unknown[] = [];
          for (const s of await listSurveys(db)) all.push(exported(await surveyOnFile(db, s.id)));
          return all;
        });
      }
      await written(
        options.out,
        `${JSON.stringify(value, null, 2)}\n`,
        Array.isArray(value) ? `${value.length} surveys` : `survey ${id}`,
      );
    });

  serverOptions(
    surveys
      .command('link')
      .description(
        'Print a personal link: signed, for one contact or customer, answered once and edited until it expires',
      )
      .argument('<survey>', 'the survey id (servicemeter surveys list)')
      .option('--contact <key>', 'the contact it is about: source|external_id', contactKey)
      .option('--customer <id>', 'the customer it is for (default: the contact’s)')
      .option(
        '--language <code>',
        'the language of the page, e.g. nl or zh-CN (default: the contact’s, else the survey’s)',
        languageTag,
      )
      .option('--email <address>', 'the address it goes to (default: the contact’s)')
      .option(
        '--public-url <url>',
        'where customers reach the server (on the file; a server uses its own)',
        publicUrl,
      ),
  )
    .addHelpText(
      'after',
      `
The link counts as an invitation handed out now; it expires after the survey's linkDays. Send it
with the mailing tool the team already uses.

Examples:
  servicemeter surveys link ab12cd --contact 'zendesk|4711' --language nl --public-url https://meter.example.com
  servicemeter surveys link ab12cd --customer c-1002 --email ann@example.com`,
    )
    .action(
      async (
        surveyId: string,
        options: Where & {
          contact?: { source: string; externalId: string };
          customer?: string;
          language?: string;
          email?: string;
          publicUrl?: string;
        },
      ) => {
        if (!options.contact && options.customer === undefined)
          throw new CliError('give --contact <source|external_id> or --customer <id>: who the link is for');
        const target = targetOf(options);
        const details = {
          ...(options.customer !== undefined ? { customerId: options.customer } : {}),
          ...(options.language !== undefined ? { language: options.language } : {}),
          ...(options.email !== undefined ? { email: options.email } : {}),
        };
        let link: { url: string; expiresAt: string };
        if (target.kind === 'server') {
          link = await target.api.json('POST', `api/surveys/${path(surveyId)}/links`, {
            ...(options.contact ? { contact: options.contact } : {}),
            ...details,
          });
        } else {
          link = await withDatabase(target.db, async (db) => {
            await surveyOnFile(db, surveyId);
            const base = await publicBaseOnFile(db, options.publicUrl);
            const made = await personalLink(db, surveyId, options.contact ?? null, details, new Date());
            if (!made.ok) throw new CliError(problemText(made.error));
            return { url: `${base}${made.data.path}`, expiresAt: made.data.expiresAt };
          });
        }
        out(link.url);
        note(`expires ${link.expiresAt}`);
      },
    );

  serverOptions(
    surveys
      .command('erase')
      .description(
        "Erase a customer's addresses and survey answers on request (or keep the answers anonymised)",
      )
      .option('--email <address>', 'the customer’s e-mail address')
      .option('--customer <id>', 'the customer id')
      .option(
        '--keep-anonymised',
        'keep the answers without who gave them (default: the survey settings’ choice)',
      )
      .option('--no-keep-anonymised', 'remove the answers too'),
  )
    .addHelpText(
      'after',
      `
The address goes from invitations and contacts; an unsubscribed address stays unsubscribed as a hash
only. The facts are rebuilt for what changed.

Examples:
  servicemeter surveys erase --email ann@example.com
  servicemeter surveys erase --customer c-1002 --no-keep-anonymised`,
    )
    .action(async (options: Where & { email?: string; customer?: string; keepAnonymised?: boolean }) => {
      if (options.email === undefined && options.customer === undefined)
        throw new CliError('give --email <address> or --customer <id>: whose data to erase');
      const email = options.email?.trim().toLowerCase();
      const target = targetOf(options);
      const who = {
        ...(email !== undefined ? { email } : {}),
        ...(options.customer !== undefined ? { customerId: options.customer } : {}),
      };
      const erased =
        target.kind === 'server'
          ? await target.api.json<{ invitations: number; answers: number; contacts: number }>(
              'POST',
              'api/surveys/erase',
              {
                ...who,
                ...(options.keepAnonymised !== undefined ? { keepAnonymised: options.keepAnonymised } : {}),
              },
            )
          : await withDatabase(target.db, async (db) => {
              const keepAnonymised = options.keepAnonymised ?? (await getSurveyConfig(db)).keepAnonymised;
              return eraseCustomer(db, who, { keepAnonymised }, new Date());
            });
      out(
        `erased: the address from ${erased.invitations} invitations and ${erased.contacts} contacts; ${erased.answers} answers ${options.keepAnonymised === false ? 'removed' : 'removed or anonymised'}`,
      );
    });

  serverOptions(
    surveys
      .command('qr')
      .description("Write the QR code of a location's survey page as SVG or PNG")
      .argument('<survey>', 'the survey id')
      .requiredOption('--location <slug>', "one of the survey's locations (its settings)", location)
      .requiredOption('--out <file>', 'the file to write, .svg or .png')
      .option(
        '--public-url <url>',
        'where customers reach the server (on the file; a server uses its own)',
        publicUrl,
      ),
  )
    .addHelpText(
      'after',
      '\nThe code holds <public url>/s/q/<survey>/<location>; answers given there carry the location.\n\nExamples:\n  servicemeter surveys qr ab12cd --location front-desk --out front-desk.svg\n  servicemeter surveys qr ab12cd --location front-desk --out front-desk.png',
    )
    .action(
      async (surveyId: string, options: Where & { location: string; out: string; publicUrl?: string }) => {
        const format = extname(options.out).toLowerCase();
        if (format !== '.svg' && format !== '.png')
          throw new CliError(`--out ${options.out}: give a file ending in .svg or .png`);
        const target = targetOf(options);
        const image =
          target.kind === 'server'
            ? await target.api.bytes(
                `api/surveys/${path(surveyId)}/qr?${new URLSearchParams({ location: options.location, format: format.slice(1) })}`,
              )
            : await withDatabase(target.db, async (db) => {
                const url = await locationOnFile(db, surveyId, options.location, options.publicUrl);
                return format === '.png' ? qrPng(url) : Buffer.from(qrSvg(url));
              });
        await writeFile(options.out, image);
        out(`${options.out}: QR code of survey ${surveyId} at ${options.location}`);
      },
    );

  serverOptions(
    surveys
      .command('poster')
      .description(
        'Write a printable PDF poster for a location: the title, the QR code, the location, the address',
      )
      .argument('<survey>', 'the survey id')
      .requiredOption('--location <slug>', "one of the survey's locations (its settings)", location)
      .addOption(new Option('--size <size>', 'paper size').choices(Object.keys(POSTER_SIZES)).default('A4'))
      .requiredOption('--out <file>', 'the PDF file to write')
      .option(
        '--public-url <url>',
        'where customers reach the server (on the file; a server uses its own)',
        publicUrl,
      ),
  )
    .addHelpText(
      'after',
      `
The title is the survey's in its default language; PDF's standard fonts write Latin script only,
so a title in another script (Chinese, Ukrainian) is replaced by the English title, else by "Tell us
how we did".

Examples:
  servicemeter surveys poster ab12cd --location front-desk --out front-desk.pdf
  servicemeter surveys poster ab12cd --location front-desk --size A6 --out front-desk-a6.pdf`,
    )
    .action(
      async (
        surveyId: string,
        options: Where & { location: string; size: PosterSize; out: string; publicUrl?: string },
      ) => {
        const target = targetOf(options);
        const pdf =
          target.kind === 'server'
            ? await target.api.bytes(
                `api/surveys/${path(surveyId)}/poster?${new URLSearchParams({ location: options.location, size: options.size })}`,
              )
            : await withDatabase(target.db, async (db) => {
                const url = await locationOnFile(db, surveyId, options.location, options.publicUrl);
                const survey = await surveyOnFile(db, surveyId);
                return surveyPoster({
                  definition: survey.definition,
                  name: survey.name,
                  location: options.location,
                  url,
                  size: options.size,
                });
              });
        await writeFile(options.out, pdf);
        out(`${options.out}: ${options.size} poster of survey ${surveyId} at ${options.location}`);
      },
    );
  serverOptions(
    surveys
      .command('config')
      .description(
        'Show the survey settings of the whole team, or change the ones given: retention, erasure, public address',
      )
      .addOption(
        new Option('--retention-days <n>', 'erase answers older than this many days (1–36500)')
          .argParser(retentionDays)
          .conflicts('keepForever'),
      )
      .option('--keep-forever', 'keep answers until they are erased on request')
      .addOption(
        new Option(
          '--keep-anonymised',
          'erasure and retention keep the scores without who gave them',
        ).conflicts('deleteAnswers'),
      )
      .option('--delete-answers', 'erasure and retention remove the answers')
      .option('--public-url <url>', 'where customers reach the survey pages (links, QR codes)', publicUrl)
      .option('--no-public-url', "links point at the server's own address again")
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Without options the settings are shown. Retention is applied by the server's retention job; the
erasure choice is also the default of servicemeter surveys erase.

Examples:
  servicemeter surveys config
  servicemeter surveys config --retention-days 730 --keep-anonymised
  servicemeter surveys config --public-url https://meter.example.com
  servicemeter surveys config --keep-forever --no-public-url --format json`,
    )
    .action(
      async (
        options: Where & {
          retentionDays?: number;
          keepForever?: boolean;
          keepAnonymised?: boolean;
          deleteAnswers?: boolean;
          publicUrl?: string | false;
          format: 'table' | 'json';
        },
      ) => {
        const patch: Partial<Pick<SurveyConfig, 'retentionDays' | 'keepAnonymised' | 'publicBaseUrl'>> = {
          ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
          ...(options.keepForever ? { retentionDays: null } : {}),
          ...(options.keepAnonymised ? { keepAnonymised: true } : {}),
          ...(options.deleteAnswers ? { keepAnonymised: false } : {}),
          ...(options.publicUrl !== undefined
            ? { publicBaseUrl: options.publicUrl === false ? null : options.publicUrl }
            : {}),
        };
        const changing = Object.keys(patch).length > 0;
        const target = targetOf(options);
        const config =
          target.kind === 'server'
            ? changing
              ? await target.api.json<SurveyConfig>('PUT', 'api/surveys/config', patch)
              : await target.api.json<SurveyConfig>('GET', 'api/surveys/config')
            : await withDatabase(target.db, (db) =>
                changing ? setSurveyConfig(db, patch) : getSurveyConfig(db),
              );
        if (options.format === 'json') out(JSON.stringify(config, null, 2));
        else out(configLines(config));
        if (changing) note(`changed: ${Object.keys(patch).join(', ')}`);
      },
    );

  serverOptions(
    surveys
      .command('invitations')
      .description("A survey's invitations, newest first, with what became of each, and the totals per state")
      .argument('<survey>', 'the survey id (servicemeter surveys list)')
      .addOption(
        new Option('--state <state>', 'only the invitations that reached this state').choices(
          INVITATION_STATES,
        ),
      )
      .option('--limit <n>', 'at most this many invitations', positiveInteger, 50)
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
The totals count each invitation in every state it reached (an answered e-mail was also sent,
delivered and opened); the list shows the furthest state of each. Addresses are shown on the file
and to admins through a server.

Examples:
  servicemeter surveys invitations ab12cd
  servicemeter surveys invitations ab12cd --state bounced --limit 500 --format json`,
    )
    .action(
      async (
        surveyId: string,
        options: Where & { state?: InvitationState; limit: number; format: 'table' | 'json' },
      ) => {
        const target = targetOf(options);
        const listed =
          target.kind === 'server'
            ? await collect(
                (cursor, limit) => {
                  const query = new URLSearchParams({ limit: String(limit) });
                  if (options.state !== undefined) query.set('state', options.state);
                  if (cursor !== undefined) query.set('cursor', cursor);
                  return target.api.json<InvitationPage>(
                    'GET',
                    `api/surveys/${path(surveyId)}/invitations?${query}`,
                  );
                },
                options.limit,
                (p) => p.invitations,
              )
            : await withDatabase(target.db, async (db) => {
                await surveyOnFile(db, surveyId);
                return collect(
                  async (cursor, limit): Promise<InvitationPage> => {
                    const found = await listInvitations(
                      db,
                      surveyId,
                      {
                        limit,
                        ...(options.state !== undefined ? { state: options.state } : {}),
                        ...(cursor !== undefined ? { cursor } : {}),
                      },
                      // On the file itself, as its owner: with the addresses.
                      { withEmail: true },
                    );
                    if (!found.ok) throw new CliError(`${found.error.field}: ${found.error.reason}`);
                    return {
                      invitations: found.data.items,
                      totals: found.data.totals,
                      nextCursor: found.data.nextCursor,
                    };
                  },
                  options.limit,
                  (p) => p.invitations,
                );
              });
        const { items, first } = listed;
        if (options.format === 'json') {
          out(JSON.stringify({ totals: first.totals, invitations: items }, null, 2));
          return;
        }
        out(INVITATION_TOTALS.map((state) => `${state} ${first.totals[state]}`).join(' · '));
        if (items.length === 0) {
          note(
            options.state === undefined
              ? `survey ${surveyId} has no invitations yet`
              : `no invitations of survey ${surveyId} were ${options.state}`,
          );
          return;
        }
        out(
          `\n${table(
            ['id', 'state', 'via', 'sent', 'contact', 'customer', 'email', 'language', 'where', 'wave'],
            items.map((i) => [
              i.id,
              i.failure !== null && i.state === 'bounced' ? `bounced: ${oneLine(i.failure, 40)}` : i.state,
              i.via,
              i.sentAt ?? '–',
              i.contactKey ?? '–',
              i.customerId ?? '–',
              i.email ?? '–',
              i.language ?? '–',
              [i.sourceLabel, i.location].filter((w) => w !== null).join(' ') || '–',
              i.waveId ?? '–',
            ]),
          )}`,
        );
        if (listed.more) note(`more invitations than --limit ${options.limit}: raise --limit to see them`);
      },
    );

  serverOptions(
    surveys
      .command('waves')
      .description(
        "A relationship survey's waves: audience, sample, sent, delivered, bounced, answered, response rate; --run sends one now",
      )
      .argument('<survey>', 'the survey id (servicemeter surveys list)')
      .option('--run', "send the survey's wave now, through the server's job runner")
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Waves go to all customers or a random sample of them (the survey's wave settings), from the contacts
or an uploaded list, each quarter or year with one reminder. --run needs the running server: its job
runner sends the mails.

Examples:
  servicemeter surveys waves ab12cd
  servicemeter surveys waves ab12cd --run`,
    )
    .action(async (surveyId: string, options: Where & { run?: boolean; format: 'table' | 'json' }) => {
      const target = targetOf(options);
      if (options.run && target.kind === 'file')
        throw new CliError(
          `surveys waves --run: waves are mailed by a running server's job runner; start it with a mail server (SERVICEMETER_SMTP_URL=… servicemeter serve --db ${shownDatabase(target.db)} --mail-from …) and run this again`,
        );
      let survey: SurveyView;
      let waves: WaveReportRow[];
      if (target.kind === 'server') {
        survey = await target.api.json<SurveyView>('GET', `api/surveys/${path(surveyId)}`);
        if (options.run) {
          const run = await target.api.json<{ jobId: string }>(
            'POST',
            `api/surveys/${path(surveyId)}/waves/run`,
          );
          note(
            `asked the server to send the wave of survey ${surveyId} now (job ${run.jobId}): servicemeter surveys waves ${surveyId} shows it once it has started`,
          );
        }
        waves = (
          await target.api.json<{ waves: WaveReportRow[] }>('GET', `api/surveys/${path(surveyId)}/waves`)
        ).waves;
      } else {
        [survey, waves] = await withDatabase(target.db, async (db) => {
          const found = await surveyOnFile(db, surveyId);
          return [found, await waveReport(db, surveyId)] as const;
        });
      }
      if (options.format === 'json') {
        out(JSON.stringify(waves, null, 2));
        return;
      }
      if (waves.length === 0) {
        note(
          survey.type === 'relationship'
            ? `survey ${surveyId} has had no waves yet${options.run ? '' : ': servicemeter surveys waves --run sends one through the server'}`
            : `survey ${surveyId} is a ${survey.type} survey; waves are sent of relationship surveys`,
        );
        return;
      }
      out(
        table(
          [
            'wave',
            'started',
            'audience',
            'sample',
            'customers',
            'invited',
            'sent',
            'delivered',
            'bounced',
            'answered',
            'response rate',
          ],
          waves.map((w) => [
            w.waveId,
            w.startedAt ?? '–',
            w.audience,
            percent(w.sample),
            String(w.audienceSize),
            String(w.invited),
            String(w.sent),
            String(w.delivered),
            String(w.bounced),
            String(w.answered),
            w.responseRate === null ? '–' : percent(w.responseRate),
          ]),
        ),
      );
    });

  serverOptions(
    surveys
      .command('answers')
      .description('The answers with their comments, newest first: by survey, agent, days and words')
      .argument('[survey]', 'one survey (default: every survey)')
      .option('--agent <id>', 'only the answers credited to this agent')
      .option('--from <day>', 'first day of the answers, YYYY-MM-DD (UTC)', calendarDay)
      .option('--to <day>', 'last day of the answers, included, YYYY-MM-DD (UTC)', calendarDay)
      .option('--search <text>', 'only comments containing this text, whatever its case')
      .option('--limit <n>', 'at most this many answers', positiveInteger, 50)
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
One line per answer: the main question's score on the invitation's line, each other question on its
own. Through a server an agent's token sees only the answers credited to that agent. For every
answer with all its fields as CSV: servicemeter surveys export --answers.

Examples:
  servicemeter surveys answers ab12cd --from 2026-01-01 --to 2026-03-31
  servicemeter surveys answers --agent a-17 --search "slow"
  servicemeter surveys answers ab12cd --limit 500 --format json`,
    )
    .action(
      async (
        surveyId: string | undefined,
        options: Where & {
          agent?: string;
          from?: string;
          to?: string;
          search?: string;
          limit: number;
          format: 'table' | 'json';
        },
      ) => {
        if (options.from !== undefined && options.to !== undefined && options.from > options.to)
          throw new CliError(`--from ${options.from} is after --to ${options.to}`);
        const target = targetOf(options);
        const filter = {
          ...(surveyId !== undefined ? { survey: surveyId } : {}),
          ...(options.agent !== undefined ? { agent: options.agent } : {}),
          ...(options.from !== undefined ? { from: options.from } : {}),
          ...(options.to !== undefined ? { to: options.to } : {}),
          ...(options.search !== undefined ? { text: options.search } : {}),
        };
        const listed =
          target.kind === 'server'
            ? await (async () => {
                if (surveyId !== undefined) await target.api.json('GET', `api/surveys/${path(surveyId)}`);
                return collect(
                  (cursor, limit) => {
                    const query = new URLSearchParams({ limit: String(limit) });
                    for (const [name, value] of Object.entries(filter))
                      query.set(name === 'text' ? 'q' : name, value);
                    if (cursor !== undefined) query.set('cursor', cursor);
                    return target.api.json<AnswerPage>('GET', `api/surveys/answers?${query}`);
                  },
                  options.limit,
                  (p) => p.answers,
                );
              })()
            : await withDatabase(target.db, async (db) => {
                if (surveyId !== undefined) await surveyOnFile(db, surveyId);
                return collect(
                  async (cursor, limit) => {
                    const found = await listAnswers(
                      db,
                      { ...filter, limit, ...(cursor !== undefined ? { cursor } : {}) },
                      // On the file itself, as its owner: everyone's answers with their addresses.
                      { agentId: null, withEmail: true },
                    );
                    if (!found.ok) throw new CliError(`${found.error.field}: ${found.error.reason}`);
                    return { answers: found.data.items, nextCursor: found.data.nextCursor };
                  },
                  options.limit,
                  (p) => p.answers,
                );
              });
        if (options.format === 'json') {
          out(JSON.stringify(listed.items, null, 2));
          return;
        }
        if (listed.items.length === 0) {
          note('no answers found');
          return;
        }
        out(
          table(
            ['answered', 'survey', 'question', 'score', 'contact', 'agent', 'channel', 'via', 'comment'],
            listed.items.map((a) => [
              a.respondedAt,
              a.surveyId ?? '–',
              a.questionId ?? (a.dimension !== null ? `${a.kind} ${a.dimension}` : a.kind),
              answerScore(a),
              a.contactKey ?? '–',
              a.agentId ?? '–',
              a.channel ?? '–',
              [a.via, a.location ?? a.sourceLabel].filter((w) => w !== null).join(' ') || '–',
              a.comment === null ? '' : oneLine(a.comment, 200),
            ]),
          ),
        );
        if (listed.more) note(`more answers than --limit ${options.limit}: raise --limit to see them`);
      },
    );
}

/** The address of a location's page, on the file: the survey must have that location. */
async function locationOnFile(
  db: Engine,
  surveyId: string,
  where: string,
  given: string | undefined,
): Promise<string> {
  const survey = await surveyOnFile(db, surveyId);
  if (!survey.settings.locations.includes(where))
    throw new CliError(
      `--location ${where}: not a location of survey ${surveyId} (${survey.settings.locations.join(', ') || 'it has none yet: add them to its settings'})`,
    );
  return locationPageUrl(await publicBaseOnFile(db, given), survey.id, where);
}
