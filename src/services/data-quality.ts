import { basename } from 'node:path';
import { quoteLiteral } from '../core/dialect.js';
import type { Engine } from '../core/engine.js';
import type { DataQualityCode, SourceWarning } from '../ingest/sources/format.js';

/**
 * What the facts rebuild found it could not use: a time outside the accepted range (the contact or
 * survey row is left out of the facts) or a duration that would be negative (left out of its
 * indicators). Stored beside the import's notices, under the file name `REBUILD_NOTICE_FILE`.
 */
export const REBUILD_QUALITY_CODES = ['out_of_range_time', 'negative_duration'] as const;
export type RebuildQualityCode = (typeof REBUILD_QUALITY_CODES)[number];
export type QualityNoticeCode = DataQualityCode | RebuildQualityCode;

/** The `file` of the notices the rebuild writes; each rebuild replaces them all. */
export const REBUILD_NOTICE_FILE = '(rebuild)';

/** A plausibility problem of one import (or one rebuild), on one UTC day of contact creation. */
export interface DataQualityNotice {
  source: string;
  file: string;
  code: QualityNoticeCode;
  message: string;
  /** `yyyy-MM-dd`, UTC. */
  day: string;
  contacts: number;
  examples: string[];
  importedAt: string;
}

const COLUMNS = ['source', 'file', 'code', 'message', 'day', 'contacts', 'examples', 'imported_at'];

/**
 * Stores the plausibility warnings of an import of `files` as data-quality notices, one per file,
 * problem and day, replacing whatever an earlier import of the same files from the same source left
 * on the days its contacts were created (`contacts`, when known): importing them again (with the
 * mapping mended, say) leaves only what is true now, while another month's file of the same name
 * keeps its own. Called inside the import's transaction, so notices and rows are written together
 * or not at all.
 */
export async function storeQualityNotices(
  engine: Engine,
  source: string,
  files: readonly string[],
  warnings: readonly SourceWarning[],
  contacts: { from: string | null; to: string | null } = { from: null, to: null },
): Promise<void> {
  // Formats name a file by its path or by its name; both are cleared.
  const names = new Set([...files, ...files.map((f) => basename(f)), ...warnings.map((w) => w.file)]);
  const days =
    contacts.from !== null && contacts.to !== null
      ? ` AND day >= CAST(${quoteLiteral(contacts.from.slice(0, 10))} AS DATE) AND day <= CAST(${quoteLiteral(contacts.to.slice(0, 10))} AS DATE)`
      : '';
  if (names.size > 0) {
    await engine.run(
      `DELETE FROM data_quality_notices WHERE source = ${quoteLiteral(source)} AND file IN (${[...names].map(quoteLiteral).join(', ')})${days}`,
    );
  }
  const importedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const rows = warnings.flatMap((w) =>
    w.quality
      ? Object.entries(w.quality.days).map(([day, contacts]) => [
          source,
          w.file,
          w.quality?.code,
          w.message,
          day,
          contacts,
          JSON.stringify(w.examples),
          importedAt,
        ])
      : [],
  );
  await engine.insertRows('data_quality_notices', COLUMNS, rows);
}

/** Every stored data-quality notice, by day, source, file and problem. */
export async function listQualityNotices(engine: Engine): Promise<DataQualityNotice[]> {
  const rows = await engine.all(
    `SELECT source, file, code, message, CAST(day AS VARCHAR) AS day, contacts, examples, CAST(imported_at AS VARCHAR) AS imported_at
     FROM data_quality_notices ORDER BY day, source, file, code`,
  );
  return rows.map((r) => ({
    source: String(r.source),
    file: String(r.file),
    code: String(r.code) as QualityNoticeCode,
    message: String(r.message),
    day: String(r.day).slice(0, 10),
    contacts: Number(r.contacts),
    examples: JSON.parse(String(r.examples ?? '[]')) as string[],
    importedAt: String(r.imported_at),
  }));
}

/** One rebuild notice: `contacts` rows of `source` on `day` had the problem `message` describes. */
export interface RebuildNotice {
  source: string;
  code: RebuildQualityCode;
  message: string;
  /** `yyyy-MM-dd`, UTC. */
  day: string;
  contacts: number;
  examples: string[];
}

/** Replaces the notices of the previous rebuild with these; inside the rebuild's transaction. */
export async function storeRebuildNotices(engine: Engine, notices: readonly RebuildNotice[]): Promise<void> {
  await engine.run(`DELETE FROM data_quality_notices WHERE file = ${quoteLiteral(REBUILD_NOTICE_FILE)}`);
  const rebuiltAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await engine.insertRows(
    'data_quality_notices',
    COLUMNS,
    notices.map((n) => [
      n.source,
      REBUILD_NOTICE_FILE,
      n.code,
      n.message,
      n.day,
      n.contacts,
      JSON.stringify(n.examples),
      rebuiltAt,
    ]),
  );
}
