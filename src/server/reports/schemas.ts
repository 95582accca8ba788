import { z } from '@hono/zod-openapi';
import { REPORT_FREQUENCIES } from '../../services/reports/contract.js';
import { email, instant, Locale } from '../schemas.js';

export const ReportRecipientSchema = z
  .object({
    userId: z
      .string()
      .nullable()
      .openapi({ description: 'A user of the product, or null for an outside address' }),
    email: z.string().openapi({ example: 'lead@example.com' }),
    locale: Locale,
    timezone: z.string().openapi({ example: 'Europe/Amsterdam' }),
  })
  .openapi('ReportRecipient');

export const ReportSourceSchema = z
  .object({ kind: z.enum(['view', 'dashboard']), id: z.string().min(1) })
  .openapi('ReportSource');

export const ReportSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerId: z.string(),
    source: ReportSourceSchema,
    frequency: z.enum(REPORT_FREQUENCIES),
    sendTime: z
      .string()
      .openapi({ example: '08:00', description: 'Local time in each recipient’s time zone' }),
    weekday: z.number().int().nullable().openapi({ description: 'Weekly: ISO weekday 1 (Monday) – 7' }),
    monthDay: z.number().int().nullable().openapi({ description: 'Monthly: day of the month 1–28' }),
    attachPdf: z.boolean(),
    attachCsv: z.boolean(),
    paused: z.boolean(),
    recipients: z.array(ReportRecipientSchema),
    createdAt: instant,
    updatedAt: instant,
    lastSentAt: instant.nullable().openapi({ description: 'The last scheduled sending that went out' }),
  })
  .openapi('Report');

export const ReportList = z.object({ reports: z.array(ReportSchema) }).openapi('ReportList');

/**
 * A recipient as given: a user id (their account's e-mail unless another is given) or an outside
 * address; locale and time zone default to the user's, or en and UTC.
 */
export const ReportRecipientInput = z
  .object({
    userId: z.string().nullable().optional(),
    email: z.string().optional(),
    locale: z.string().optional(),
    timezone: z.string().optional(),
  })
  .openapi('ReportRecipientInput');

/** Only the shape is declared here: the service checks each value and names the field at fault. */
export const ReportCreate = z
  .object({
    name: z.string(),
    source: z.object({ kind: z.string(), id: z.string() }),
    frequency: z.string().openapi({ example: 'weekly', description: 'daily, weekly or monthly' }),
    sendTime: z.string().openapi({ example: '08:00' }),
    weekday: z.number().nullable().optional(),
    monthDay: z.number().nullable().optional(),
    attachPdf: z.boolean().optional(),
    attachCsv: z.boolean().optional(),
    paused: z.boolean().optional(),
    recipients: z.array(ReportRecipientInput),
  })
  .openapi('ReportCreate');

export const ReportUpdate = ReportCreate.partial().openapi('ReportUpdate', {
  description: 'The fields to change; recipients, when given, replace the list',
});

export const ReportRemoved = z.object({ id: z.string(), removed: z.literal(true) }).openapi('ReportRemoved');

export const ReportSendRequest = z
  .object({
    to: email
      .optional()
      .openapi({ description: 'Send only to this address (as an outside address), not the recipients' }),
    dryRun: z.boolean().optional().openapi({ description: 'Answer the PDF instead of mailing' }),
  })
  .openapi('ReportSendRequest');

export const ReportSendResult = z
  .object({
    sent: z.array(
      z.object({
        email: z.string(),
        messageId: z.string().nullable(),
        status: z.enum(['sent', 'failed', 'skipped']),
        error: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReportSendResult');

export const ReportDeliverySchema = z
  .object({
    recipient: z.string(),
    period: z.string().openapi({ example: '2026-W49' }),
    status: z.enum(['sending', 'sent', 'failed']),
    messageId: z.string().nullable(),
    claimedAt: instant.nullable(),
    sentAt: instant.nullable(),
    error: z.string().nullable(),
  })
  .openapi('ReportDelivery');

export const ReportDeliveryList = z
  .object({ deliveries: z.array(ReportDeliverySchema) })
  .openapi('ReportDeliveryList');
