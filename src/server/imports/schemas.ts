/** The shapes of the imports feature: an import job, its progress and its result. */
import { z } from '@hono/zod-openapi';

export const ImportQuery = z.object({
  format: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'canonical, or a source format (e.g. zendesk); left out: told from the files' }),
  skipBadRows: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'import the good rows; the rejected ones go to GET /api/imports/{id}/rejects' }),
  rebuild: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'rebuild the facts afterwards (default true)' }),
  source: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'the source stored with every row of a source format' }),
  timezone: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'IANA time zone of source times without an offset' }),
  idleGapSeconds: z.coerce.number().int().positive().optional(),
  name: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: 'the file name of a body that is one file (or the X-File-Name header)' }),
});

const ImportProgress = z
  .object({
    phase: z.enum(['check', 'load', 'rebuild']),
    file: z.string(),
    bytesRead: z.number(),
    totalBytes: z.number(),
    rows: z.number(),
  })
  .openapi('ImportProgress');

const RowProblem = z.object({ file: z.string(), line: z.number(), column: z.string(), reason: z.string() });

const ImportedFile = z.object({
  file: z.string(),
  table: z.string(),
  rowsRead: z.number(),
  rowsImported: z.number(),
  rowsRejected: z.number(),
});

const ImportSummary = z
  .looseObject({
    files: z.array(ImportedFile),
    contactsFrom: z.string().nullable(),
    contactsTo: z.string().nullable(),
    rejectsPath: z.string().nullable(),
    rejected: z.number(),
    facts: z
      .looseObject({
        contacts: z.number(),
        surveys: z.number(),
        changedContacts: z.number().nullable(),
        seconds: z.number(),
      })
      .nullable(),
    warnings: z.array(
      z.looseObject({
        file: z.string(),
        message: z.string(),
        count: z.number(),
        examples: z.array(z.string()),
      }),
    ),
    format: z.string().optional().openapi({ description: 'source formats: the format' }),
    sourceFiles: z.array(z.string()).optional(),
  })
  .openapi('ImportSummary', { description: 'The summary `servicemeter import` prints, as data' });

export const ImportJob = z
  .object({
    id: z.string(),
    state: z.enum(['queued', 'running', 'succeeded', 'failed']),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    files: z.array(z.object({ name: z.string(), bytes: z.number() })),
    mapping: z.string().nullable(),
    format: z.string().nullable().openapi({ description: 'canonical, or the source format imported' }),
    skipBadRows: z.boolean(),
    waitingFor: z.number().openapi({ description: 'imports that run before this one' }),
    progress: ImportProgress.nullable(),
    result: ImportSummary.nullable(),
    error: z
      .object({
        message: z.string(),
        importError: z
          .looseObject({
            kind: z.string(),
            problems: z.array(RowProblem).optional(),
            total: z.number().optional(),
            file: z.string().optional(),
            reason: z.string().optional(),
          })
          .nullable(),
      })
      .nullable(),
    rejected: z.number().nullable(),
  })
  .openapi('ImportJob');

export const ImportJobList = z
  .object({
    imports: z.array(ImportJob),
    formats: z
      .array(
        z.object({
          name: z.string(),
          summary: z.string(),
          mapping: z.enum(['required', 'optional', 'none']),
        }),
      )
      .openapi({ description: 'the source formats the server takes, besides canonical files' }),
  })
  .openapi('ImportJobList');
