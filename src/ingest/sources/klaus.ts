import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { QA_ROOT_CAUSES, type QaReviewKind } from '../../core/schema.js';
import { instantRangeProblem } from '../../core/time-range.js';
import { type Delimiter, RecordSyntaxError, readCsvRecords, textProblem } from '../records.js';
import type { ConvertContext, SourceFormat } from './format.js';
import { localTimeToMs } from './freshdesk.js';
import { utcTimestamp } from './writer.js';

/**
 * Exports of quality reviews made in another tool, one row per category rating: the review's
 * reviewee, reviewer, conversation, scorecard and time repeat on every row of it. They become
 * one qa_reviews row per review and one qa_ratings row per category. The layouts differ only in
 * column names and in how a rating's scale is written, so both formats read through
 * `convertReviewExport`; this file holds it and the Zendesk QA (Klaus) layout.
 * See docs/sources/klaus.md and docs/sources/maestroqa.md.
 */

/** What a review export row can tell; each layout names the columns that hold it. */
export type ReviewField =
  | 'reviewId'
  | 'conversationId'
  | 'revieweeId'
  | 'revieweeName'
  | 'revieweeEmail'
  | 'reviewerName'
  | 'reviewerEmail'
  | 'scorecard'
  | 'reviewedAt'
  | 'category'
  | 'categoryId'
  | 'group'
  | 'rating'
  | 'answer'
  | 'scale'
  | 'scaleMax'
  | 'weight'
  | 'critical'
  | 'comment'
  | 'reviewComment'
  | 'reviewScore'
  | 'rootCause'
  | 'kind';

/** A layout: the column names of each field (first found wins), compared without case, spaces or punctuation. */
export interface ReviewExportLayout {
  /** The product, for messages: "Zendesk QA (Klaus) review export". */
  label: string;
  columns: Partial<Record<ReviewField, readonly string[]>>;
  /** Fields without which a file is not this export. */
  required: readonly ReviewField[];
  /** The kind of review a `kind` cell says; by default its words (self review, calibration). */
  kindOf?: (text: string) => QaReviewKind;
  /** The review id of an export without one: built from fields that identify a review. */
  reviewKey?: (value: (field: ReviewField) => string) => string;
}

/** The options a mapping file (--map) may give; every one has a default. */
export const reviewExportOptions = z
  .object({
    /** `source` of the reviewed contacts: the helpdesk the conversations were imported from. */
    contactSource: z.string().min(1).default('zendesk'),
    /** Agent ids by the reviewee's id, e-mail or name in the export (compared without case). */
    agents: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** How dates written with slashes or dots are read: 31/12/2026 or 12/31/2026. */
    dates: z.enum(['day-month', 'month-day']).optional(),
    /** The scale of categories whose rows do not say it, by category name: "pass-fail", "1-3", "1-5", "0-10". */
    scales: z
      .record(
        z.string().min(1),
        z.string().regex(/^(pass[-_]fail|\d+-\d+)$/, 'pass-fail or a range like 1-5'),
      )
      .default({}),
  })
  .strict();
export type ReviewExportOptions = z.infer<typeof reviewExportOptions>;

/** A header or a value as the layouts compare it: lower case, letters and digits only. */
export function normalisedName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** An id made of a name, like scorecard category ids: "Product knowledge" → product_knowledge. */
export function slugOf(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'category'
  );
}

/** The delimiter of a header line: the one of comma, semicolon and tab it has most of. */
function delimiterOf(header: string): Delimiter {
  const count = (ch: string) => header.split(ch).length - 1;
  const candidates: Delimiter[] = [',', ';', '\t'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** The header line of a head of a file, without BOM. */
function headerLine(head: string): string {
  return (head.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '').trim();
}

/** The normalised column names of a header line. */
export function headerNames(head: string): string[] {
  const header = headerLine(head);
  return header.split(delimiterOf(header)).map((h) => normalisedName(h.replace(/^"|"$/g, '')));
}

/** Whether a header has a column for every field the layout requires. */
export function layoutMatches(layout: ReviewExportLayout, names: readonly string[]): boolean {
  const known = new Set(names);
  return layout.required.every((field) => (layout.columns[field] ?? []).some((c) => known.has(c)));
}

/** A review kind in words: "Self review", "Calibration"; anything else is a review. */
function kindOf(text: string): QaReviewKind {
  const word = normalisedName(text);
  if (word.startsWith('self')) return 'self';
  return word.startsWith('calibrat') ? 'calibration' : 'review';
}

const NOT_APPLICABLE = new Set(['', 'na', 'n/a', 'n.a.', '-', '—', 'notapplicable', 'none', 'null']);
const YES = new Set(['yes', 'y', 'true', '1', 'x', 'critical', 'autofail', 'pass', 'passed', 'ja', 'ok']);
const NO = new Set(['no', 'n', 'false', '0', '', 'nee', 'fail', 'failed']);

/** A pass/fail answer as a rating: 1 passed, 0 failed; undefined when the text is neither. */
function passFail(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (['yes', 'y', 'pass', 'passed', 'true', '👍', 'thumbs up', 'positive', 'met'].includes(t)) return 1;
  if (['no', 'n', 'fail', 'failed', 'false', '👎', 'thumbs down', 'negative', 'not met'].includes(t))
    return 0;
  return undefined;
}

/**
 * A number as spreadsheets write it: 4, 4.0, "4,5" (a decimal comma), " 85 % ". Null when the
 * text is none; the percentage is returned apart, for the caller to place on its scale.
 */
function numberOf(text: string): { value: number; percent: boolean } | null {
  let t = text.trim().replace(/\u00a0/g, '');
  const percent = t.endsWith('%');
  if (percent) t = t.slice(0, -1).trim();
  if (/^-?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return { value: Number(t), percent };
}

/**
 * An id as the source wrote it, undoing what spreadsheets do to numeric ids: "123.0" is 123; an
 * id shortened to 1.23457E+11 has lost digits and is refused.
 */
function idOf(text: string): { id: string } | { problem: string } {
  const t = text.trim();
  if (/^\d+\.0+$/.test(t)) return { id: t.replace(/\.0+$/, '') };
  if (/^\d(\.\d+)?e\+?\d+$/i.test(t))
    return {
      problem: `'${t}' is an id a spreadsheet wrote in scientific notation, which loses its last digits: export the file again without opening it in a spreadsheet, or format the column as text`,
    };
  return { id: t };
}

/** A rating scale written as words or a range: "Binary", "3-point", "1-5", "pass-fail". */
function scaleOf(text: string): { min: number; max: number } | null {
  const t = text.trim().toLowerCase();
  if (/^(binary|pass[ /-]?fail|yes[ /-]?no|thumbs|2[ -]?point|two[ -]?point)$/.test(t))
    return { min: 0, max: 1 };
  const points = /^(\d+)[ -]?(point|points|pt|star|stars)( scale)?$/.exec(t);
  if (points) {
    const max = Number(points[1]);
    return max >= 2 ? { min: max === 2 ? 0 : 1, max: max === 2 ? 1 : max } : null;
  }
  const range = /^(\d+)\s*(-|–|to|\.\.)\s*(\d+)$/.exec(t);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[3]);
    return max > min ? { min, max } : null;
  }
  return null;
}

/** Root-cause tags as reviewers write them, by their normalised text. */
const ROOT_CAUSE_WORDS: Record<string, (typeof QA_ROOT_CAUSES)[number]> = {
  knowledge: 'knowledge',
  knowledgegap: 'knowledge',
  productknowledge: 'knowledge',
  lackofknowledge: 'knowledge',
  process: 'process',
  processnotfollowed: 'process',
  procedure: 'process',
  tone: 'tone',
  empathy: 'tone',
  toneofvoice: 'tone',
  brandguide: 'brand_guide',
  brand: 'brand_guide',
  style: 'brand_guide',
  styleguide: 'brand_guide',
  tooling: 'tooling',
  tool: 'tooling',
  tools: 'tooling',
  system: 'tooling',
  bug: 'tooling',
};

interface ExportRow {
  file: string;
  line: number;
  raw: string;
  get: (field: ReviewField) => string;
  /** The column of a field as the file's header names it, for messages. */
  header: (field: ReviewField) => string;
}

interface PendingRating {
  categoryId: string;
  categoryName: string;
  group: string | null;
  rating: number | null;
  min: number;
  max: number;
  weight: number | null;
  critical: boolean;
  comment: string | null;
  rootCauses: string | null;
  line: number;
}

interface PendingReview {
  id: string;
  contactId: string;
  agentId: string;
  reviewerId: string;
  scorecard: string | null;
  reviewedAt: number;
  score: number | null;
  comment: string | null;
  kind: QaReviewKind;
  file: string;
  line: number;
  ratings: Map<string, PendingRating>;
}

/** Reads the mapping file of a review export, if one was given; null (and a rejection) when it is unusable. */
async function loadOptions(context: ConvertContext, format: string): Promise<ReviewExportOptions | null> {
  const file = context.mappingPath;
  if (file === null) return reviewExportOptions.parse({});
  const reject = (column: string, reason: string) => context.reject({ file, line: 1, column, reason }, '');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) {
    reject('(file)', 'cannot read the mapping file');
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    reject('(json)', `not JSON: ${(error as Error).message}`);
    return null;
  }
  const parsed = reviewExportOptions.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    reject(
      issue?.path.join('.') || '(mapping)',
      `${issue?.message ?? 'invalid'} (a ${format} mapping may set contactSource, agents, dates and scales)`,
    );
    return null;
  }
  return parsed.data;
}

type DateOrder = 'day-month' | 'month-day';
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Converts review export files with `layout`. Rows are gathered per review first: a review's
 * rows may lie apart, and dates written day/month or month/day are read the same way across the
 * whole import, decided by the dates that can only be read one way.
 */
export async function convertReviewExport(
  paths: readonly string[],
  context: ConvertContext,
  layout: ReviewExportLayout,
  format: string,
): Promise<void> {
  const options = await loadOptions(context, format);
  if (options === null) return;
  const rows: ExportRow[] = [];
  for (const path of paths) await readRows(path);

  const dateOrder = decideDateOrder();
  if (dateOrder === 'conflict') return;
  const agents = new Map(Object.entries(options.agents).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const scales = new Map(Object.entries(options.scales).map(([k, v]) => [normalisedName(k), v]));
  const reviews = new Map<string, PendingReview>();
  for (const row of rows) convertRow(row);
  for (const review of reviews.values()) writeReview(review);
  await context.out.flush();

  async function readRows(path: string): Promise<void> {
    const fileName = basename(path);
    const totalBytes = (await stat(path)).size;
    const progress = { bytesRead: 0 };
    const handle = await open(path, 'r');
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    await handle.close();
    const delimiter = delimiterOf(headerLine(head.subarray(0, bytesRead).toString('utf8')));
    let positions: Map<ReviewField, number> | null = null;
    let header: (field: ReviewField) => string = (field) => field;
    try {
      for await (const batch of readCsvRecords(path, delimiter, progress)) {
        for (const record of batch) {
          const fields = record.fields ?? [];
          if (positions === null) {
            const names = fields.map(normalisedName);
            if (!layoutMatches(layout, names)) {
              const missing = layout.required.filter(
                (f) => !(layout.columns[f] ?? []).some((c) => names.includes(c)),
              );
              context.reject(
                {
                  file: path,
                  line: record.line,
                  column: '(header)',
                  reason: `not a ${layout.label}: no column for ${missing.map((f) => describeField(f)).join(', ')}`,
                },
                fields.join(delimiter),
              );
              return;
            }
            positions = new Map();
            for (const [field, columns] of Object.entries(layout.columns) as [ReviewField, string[]][]) {
              const index = columns.map((c) => names.indexOf(c)).find((i) => i >= 0);
              if (index !== undefined) positions.set(field, index);
            }
            const headers = fields.map((f) => f.trim());
            const at = positions;
            header = (field) => {
              const index = at.get(field);
              return index === undefined ? (layout.columns[field]?.[0] ?? field) : (headers[index] ?? field);
            };
            continue;
          }
          if (fields.every((f) => f.trim() === '')) continue;
          const at = positions;
          rows.push({
            file: path,
            line: record.line,
            raw: fields.join(delimiter),
            header,
            get: (field) => {
              const index = at.get(field);
              return index === undefined ? '' : (fields[index] ?? '').trim();
            },
          });
        }
        context.progress(path, progress.bytesRead, totalBytes);
      }
    } catch (error) {
      if (!(error instanceof RecordSyntaxError)) throw error;
      context.reject({ file: path, line: error.line, column: '(record)', reason: error.message }, '');
    }
    if (positions === null) context.warn(fileName, 'file is empty: nothing imported', fileName);
  }

  function describeField(field: ReviewField): string {
    return (layout.columns[field] ?? []).slice(0, 2).join(' / ');
  }

  /** The order of slashed dates, from those whose first or second part is above 12. */
  function decideDateOrder(): DateOrder | null | 'conflict' {
    if (options?.dates) return options.dates;
    let dayFirst: ExportRow | null = null;
    let monthFirst: ExportRow | null = null;
    for (const row of rows) {
      const match = SLASHED.exec(row.get('reviewedAt'));
      if (!match) continue;
      if (Number(match[1]) > 12) dayFirst ??= row;
      if (Number(match[2]) > 12) monthFirst ??= row;
    }
    if (dayFirst && monthFirst) {
      context.reject(
        {
          file: monthFirst.file,
          line: monthFirst.line,
          column: monthFirst.header('reviewedAt'),
          reason: `'${monthFirst.get('reviewedAt')}' is month/day while '${dayFirst.get('reviewedAt')}' on line ${dayFirst.line} is day/month: set "dates" in the mapping`,
        },
        monthFirst.raw,
      );
      return 'conflict';
    }
    return dayFirst ? 'day-month' : monthFirst ? 'month-day' : null;
  }

  function timeOf(text: string): number | string {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
      return Date.parse(text.replace(' ', 'T'));
    const local = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?$/.exec(text);
    if (local) {
      const ms = localTimeToMs(`${local[1]} ${local[2] ?? '00:00:00'}`, context.timezone);
      return ms ?? `'${text}' is not a date`;
    }
    const slashed = SLASHED.exec(text);
    if (slashed) {
      const [, a = '', b = '', year = '', hour = '0', minute = '0', second = '0'] = slashed;
      if (dateOrder === null && Number(a) !== Number(b))
        return `'${text}' may be day/month or month/day and no date in the file tells which: set "dates" in the mapping`;
      const [day, month] = dateOrder === 'month-day' ? [b, a] : [a, b];
      const two = (n: string) => n.padStart(2, '0');
      const ms = localTimeToMs(
        `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}`,
        context.timezone,
      );
      return ms ?? `'${text}' is not a date`;
    }
    if (/^\d{5}(\.\d+)?$/.test(text))
      return `'${text}' is a spreadsheet's day number, not a date: format the column as a date and save again`;
    return `'${text}' is not a date and time (YYYY-MM-DD HH:MM:SS, ISO 8601 or DD/MM/YYYY HH:MM)`;
  }

  function personOf(row: ExportRow, who: 'reviewee' | 'reviewer'): string | null {
    const id = who === 'reviewee' ? row.get('revieweeId') : '';
    const email = row.get(who === 'reviewee' ? 'revieweeEmail' : 'reviewerEmail');
    const name = row.get(who === 'reviewee' ? 'revieweeName' : 'reviewerName');
    for (const key of [id, email, name]) {
      const mapped = key === '' ? undefined : agents.get(key.toLowerCase());
      if (mapped !== undefined) return mapped;
    }
    if (id !== '') {
      const parsed = idOf(id);
      return 'id' in parsed ? parsed.id : null;
    }
    if (email !== '') return email.toLowerCase();
    return name === '' ? null : name;
  }

  /** Gathers a row into its review; false when the row is refused. */
  function convertRow(row: ExportRow): boolean {
    const reject = (field: ReviewField, reason: string): false => {
      context.reject({ file: row.file, line: row.line, column: row.header(field), reason }, row.raw);
      return false;
    };
    for (const field of Object.keys(layout.columns) as ReviewField[]) {
      const problem = textProblem(row.get(field));
      if (problem !== null) return reject(field, problem);
    }
    const conversation = idOf(row.get('conversationId'));
    if ('problem' in conversation) return reject('conversationId', conversation.problem);
    if (conversation.id === '')
      return reject('conversationId', 'a review needs the conversation (ticket) it is about');
    let reviewId: string;
    if (layout.columns.reviewId && row.get('reviewId') !== '') {
      const parsed = idOf(row.get('reviewId'));
      if ('problem' in parsed) return reject('reviewId', parsed.problem);
      reviewId = parsed.id;
    } else if (layout.reviewKey) {
      reviewId = layout.reviewKey((field) => {
        const value = row.get(field);
        if (field !== 'conversationId') return value.toLowerCase();
        return conversation.id;
      });
    } else return reject('reviewId', 'a rating needs the id of its review');
    const agentId = personOf(row, 'reviewee');
    if (agentId === null)
      return reject('revieweeName', 'a review needs the agent reviewed (reviewee name or e-mail)');
    const reviewerId = personOf(row, 'reviewer') ?? '';
    if (reviewerId === '') return reject('reviewerName', 'a review needs its reviewer (name or e-mail)');
    const when = timeOf(row.get('reviewedAt'));
    if (typeof when === 'string') return reject('reviewedAt', when);
    const outside = instantRangeProblem(when);
    if (outside !== null) return reject('reviewedAt', `'${row.get('reviewedAt')}' ${outside}`);

    let score: number | null = null;
    const scoreText = row.get('reviewScore');
    if (!NOT_APPLICABLE.has(scoreText.toLowerCase())) {
      const parsed = numberOf(scoreText);
      if (parsed === null)
        return reject('reviewScore', `review score '${scoreText}' is not a number or a percentage`);
      // 85 % and 85 are percentages, 0.85 a share; a score of exactly 1 is a full score.
      const share = parsed.percent || parsed.value > 1 ? parsed.value / 100 : parsed.value;
      if (share < 0 || share > 1)
        return reject('reviewScore', `review score '${scoreText}' is not between 0 and 100 %`);
      score = share;
    }
    const kind = (layout.kindOf ?? kindOf)(row.get('kind'));

    let review = reviews.get(reviewId);
    const scorecard = row.get('scorecard') || null;
    const comment = row.get('reviewComment') || null;
    if (review === undefined) {
      review = {
        id: reviewId,
        contactId: conversation.id,
        agentId,
        reviewerId,
        scorecard,
        reviewedAt: when,
        score,
        comment,
        kind,
        file: row.file,
        line: row.line,
        ratings: new Map(),
      };
    } else {
      const where = `review ${reviewId} on line ${review.line}${review.file === row.file ? '' : ` of ${basename(review.file)}`}`;
      const conflicts: [ReviewField, string, string][] = [
        ['conversationId', conversation.id, review.contactId],
        ['revieweeName', agentId, review.agentId],
        ['reviewerName', reviewerId, review.reviewerId],
        ['scorecard', scorecard ?? '', review.scorecard ?? ''],
      ];
      for (const [field, value, known] of conflicts) {
        if (value !== known) return reject(field, `'${value}' differs from '${known}' of the same ${where}`);
      }
      // Exports repeat review-level values on each row; a row without them takes the review's.
      if (review.score === null) review.score = score;
      else if (score !== null && Math.abs(score - review.score) > 1e-9)
        return reject('reviewScore', `review score ${scoreText} differs from the same ${where}`);
      review.comment ??= comment;
    }
    const rating = ratingOf(row, reject);
    if (rating === undefined) return false;
    if (!reviews.has(reviewId)) reviews.set(reviewId, review);
    if (rating === null) return true;
    const known = review.ratings.get(rating.categoryId);
    if (known) {
      const same = JSON.stringify({ ...known, line: 0 }) === JSON.stringify({ ...rating, line: 0 });
      if (!same)
        return reject(
          'category',
          `category '${rating.categoryName}' is rated twice in review ${reviewId}, differently on line ${known.line}`,
        );
      return true;
    }
    review.ratings.set(rating.categoryId, rating);
    return true;
  }

  /** The rating of a row; null for a row without a category (a review-level row), undefined when refused. */
  function ratingOf(
    row: ExportRow,
    reject: (field: ReviewField, reason: string) => void,
  ): PendingRating | null | undefined {
    const categoryName = row.get('category');
    if (categoryName === '') {
      if (row.get('rating') !== '' || row.get('answer') !== '') {
        reject('category', 'a rating needs the name of its category');
        return undefined;
      }
      return null;
    }
    const categoryIdText = row.get('categoryId');
    const parsedCategoryId = idOf(categoryIdText);
    if ('problem' in parsedCategoryId) {
      reject('categoryId', parsedCategoryId.problem);
      return undefined;
    }
    const categoryId = categoryIdText === '' ? slugOf(categoryName) : parsedCategoryId.id;
    // The scale: a scale column, a maximum of points (0 to the maximum), or the mapping's scales.
    let scale: { min: number; max: number } | null = null;
    const scaleText = row.get('scale');
    const maxText = row.get('scaleMax');
    const ratingText = row.get('rating');
    const answerText = row.get('answer');
    const notApplicable =
      NOT_APPLICABLE.has(ratingText.toLowerCase()) &&
      (answerText === '' || NOT_APPLICABLE.has(answerText.toLowerCase()));
    if (scaleText !== '') {
      scale = scaleOf(scaleText);
      if (scale === null) {
        reject(
          'scale',
          `rating scale '${scaleText}' is not one of binary, 3-point, 4-point, 5-point or a range like 1-5`,
        );
        return undefined;
      }
    } else if (maxText !== '') {
      const max = numberOf(maxText);
      if (max === null || max.percent || max.value < 0) {
        reject('scaleMax', `'${maxText}' is not a number of points`);
        return undefined;
      }
      if (max.value === 0) {
        // A question worth nothing carries no score to import (it only annotates the review).
        context.warn(
          basename(row.file),
          'question worth no points: not imported as a rating',
          `line ${row.line}`,
        );
        return null;
      }
      scale = { min: 0, max: max.value };
    } else {
      const given = scales.get(normalisedName(categoryName));
      if (given !== undefined) scale = given.startsWith('pass') ? { min: 0, max: 1 } : scaleOf(given);
      else if (notApplicable) scale = { min: 0, max: 1 };
    }
    if (scale === null) {
      reject(
        'rating',
        `the scale of category '${categoryName}' is unknown (no ${describeField('scale') || describeField('scaleMax')} column): set "scales" in the mapping, e.g. {"${categoryName}": "1-5"}`,
      );
      return undefined;
    }
    let rating: number | null = null;
    if (!notApplicable) {
      const text = NOT_APPLICABLE.has(ratingText.toLowerCase()) ? answerText : ratingText;
      const parsed = numberOf(text);
      const binary = scale.min === 0 && scale.max === 1 ? passFail(text) : undefined;
      if (binary !== undefined) rating = binary;
      else if (parsed === null) {
        reject('rating', `rating '${text}' is not a number, a percentage or N/A`);
        return undefined;
      } else
        rating = parsed.percent ? scale.min + (parsed.value / 100) * (scale.max - scale.min) : parsed.value;
      if (rating < scale.min || rating > scale.max) {
        reject(
          'rating',
          `rating '${text}' is outside the scale ${scale.min}–${scale.max} of '${categoryName}'`,
        );
        return undefined;
      }
    }
    let weight: number | null = null;
    const weightText = row.get('weight');
    if (weightText !== '') {
      const parsed = numberOf(weightText);
      if (parsed === null || parsed.value < 0) {
        reject('weight', `weight '${weightText}' is not a number ≥ 0`);
        return undefined;
      }
      weight = parsed.percent ? parsed.value / 100 : parsed.value;
    }
    const criticalText = row.get('critical').toLowerCase();
    const critical = YES.has(normalisedName(criticalText)) ? true : NO.has(criticalText) ? false : undefined;
    if (critical === undefined) {
      reject('critical', `'${row.get('critical')}' is not yes or no`);
      return undefined;
    }
    const causes: string[] = [];
    for (const part of row.get('rootCause').split(/[;|,\n]/)) {
      const word = normalisedName(part);
      if (word === '') continue;
      const cause = ROOT_CAUSE_WORDS[word];
      if (cause === undefined)
        context.warn(
          basename(row.file),
          `root cause not one of ${QA_ROOT_CAUSES.join(', ')}: left out`,
          `line ${row.line} ('${part.trim()}')`,
        );
      else if (!causes.includes(cause)) causes.push(cause);
    }
    return {
      categoryId,
      categoryName,
      group: row.get('group') || null,
      rating,
      min: scale.min,
      max: scale.max,
      weight,
      critical,
      comment: row.get('comment') || null,
      rootCauses: causes.length > 0 ? causes.join('|') : null,
      line: row.line,
    };
  }

  function writeReview(review: PendingReview): void {
    const { out, source } = context;
    out.write('qa_reviews', {
      source,
      external_id: review.id,
      contact_source: options?.contactSource ?? 'zendesk',
      contact_external_id: review.contactId,
      agent_id: review.agentId,
      reviewer_id: review.reviewerId,
      kind: review.kind,
      scorecard_id: review.scorecard,
      reviewed_at: utcTimestamp(review.reviewedAt),
      score: review.score,
      comment: review.comment,
    });
    for (const rating of review.ratings.values()) {
      out.write('qa_ratings', {
        source,
        review_external_id: review.id,
        category_id: rating.categoryId,
        category_name: rating.categoryName,
        group_id: rating.group,
        rating: rating.rating,
        scale_min: rating.min,
        scale_max: rating.max,
        weight: rating.weight,
        critical: rating.critical,
        comment: rating.comment,
        root_causes: rating.rootCauses,
      });
    }
  }
}

/**
 * The Zendesk QA (formerly Klaus) review export: Dashboard or Reviews → export as CSV, one row
 * per category rating of a review.
 */
export const KLAUS_LAYOUT: ReviewExportLayout = {
  label: 'Zendesk QA (Klaus) review export',
  columns: {
    reviewId: ['reviewid', 'reviewexternalid'],
    conversationId: [
      'helpdeskticketid',
      'conversationexternalid',
      'externalticketid',
      'ticketid',
      'conversationid',
    ],
    revieweeId: ['revieweeexternalid', 'revieweeid'],
    revieweeName: ['reviewee', 'revieweename'],
    revieweeEmail: ['revieweeemail'],
    reviewerName: ['reviewer', 'reviewername'],
    reviewerEmail: ['revieweremail'],
    scorecard: ['scorecard', 'scorecardname'],
    reviewedAt: [
      'reviewcreated',
      'reviewcreatedat',
      'reviewdate',
      'createdat',
      'created',
      'date',
      'reviewupdated',
    ],
    category: ['category', 'categoryname', 'ratingcategory', 'ratingcategoryname'],
    categoryId: ['categoryid', 'ratingcategoryid'],
    group: ['categorygroup', 'group', 'groupname'],
    rating: ['rating', 'categoryrating', 'ratingvalue'],
    scale: ['ratingscale', 'scale'],
    weight: ['categoryweight', 'weight'],
    critical: ['critical', 'criticalcategory', 'iscritical'],
    comment: ['categorycomment', 'ratingcomment'],
    reviewComment: ['comment', 'reviewcomment'],
    reviewScore: ['reviewscore', 'score', 'iqs', 'conversationscore'],
    rootCause: ['rootcause', 'rootcauses', 'causes'],
    kind: ['reviewtype', 'type'],
  },
  required: ['reviewId', 'conversationId', 'revieweeName', 'category', 'rating'],
};

export const klaus: SourceFormat = {
  name: 'klaus',
  summary:
    'Zendesk QA (Klaus) review export (CSV): reviews with their category ratings, comments and root causes',
  mapping: 'optional',

  detect({ head }) {
    return layoutMatches(KLAUS_LAYOUT, headerNames(head))
      ? 'Zendesk QA (Klaus) review export: quality reviews, one row per category rating (contacts from zendesk unless "contactSource" in --map)'
      : null;
  },

  async convert(paths, context) {
    await convertReviewExport(paths, context, KLAUS_LAYOUT, 'klaus');
  },
};
