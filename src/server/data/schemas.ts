/** Data-quality notices and repair reports. Shared pieces are in ../schemas.ts. */
import { z } from '@hono/zod-openapi';
import { DATA_QUALITY_CODES } from '../../ingest/sources/format.js';
import { REBUILD_QUALITY_CODES } from '../../services/data-quality.js';

/** See src/services/data-quality.ts and `servicemeter data-quality`. */
export const DataQualityList = z
  .object({
    notices: z.array(
      z.object({
        source: z.string(),
        file: z.string(),
        code: z
          .enum([...DATA_QUALITY_CODES, ...REBUILD_QUALITY_CODES])
          .describe(
            'an import’s plausibility problem, or what the facts rebuild left out (file `(rebuild)`): out_of_range_time, negative_duration',
          ),
        message: z.string().describe('the import (or rebuild) warning, in English'),
        day: z
          .string()
          .describe(
            'UTC day of the contacts’ creation, YYYY-MM-DD (the rebuild’s day when the creation itself is out of range)',
          ),
        contacts: z.number().int(),
        examples: z
          .array(z.string())
          .describe('the first few places in the file, e.g. `line 12 (call 1699.3)`'),
        importedAt: z.string(),
      }),
    ),
  })
  .openapi('DataQualityList');
export type DataQualityList = z.infer<typeof DataQualityList>;

/** See src/services/repair.ts and `servicemeter repair`. */
export const RepairReport = z
  .object({
    dryRun: z.boolean().describe('true for GET: nothing was changed'),
    findings: z.array(
      z.object({
        table: z.string(),
        column: z.string(),
        reason: z.string().openapi({ example: 'outside 1970-01-01 … 2200-12-31' }),
        rows: z.number().int().describe('rows found (put aside by POST), over every table in rowsByTable'),
        contacts: z
          .number()
          .int()
          .nullable()
          .describe(
            'contacts put aside whole (the contact, its events and survey answers); null when rows go one by one',
          ),
        rowsByTable: z
          .record(z.string(), z.number().int())
          .openapi({ example: { contacts: 1, contact_events: 2, survey_responses: 1 } }),
        examples: z.array(z.string()).describe('the first few rows (or contacts) by key and value'),
      }),
    ),
    rows: z.number().int().describe('rows found (put aside by POST), over all findings'),
    quarantined: z.number().int().describe('rows in the quarantine table now, earlier repairs included'),
    rebuilt: z
      .object({ contacts: z.number().int(), surveys: z.number().int() })
      .nullable()
      .describe('the facts rebuilt after the rows were put aside; null for GET'),
  })
  .openapi('RepairReport');
export type RepairReport = z.infer<typeof RepairReport>;
