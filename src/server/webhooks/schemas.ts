import { z } from '@hono/zod-openapi';
import { WEBHOOK_VENDORS } from '../../ingest/webhooks/vendor.js';

const instant = z.string().openapi({ example: '2026-03-02T08:00:00Z', description: 'UTC, ISO 8601' });

export const WebhookVendorName = z.enum(WEBHOOK_VENDORS).openapi('WebhookVendorName');

export const WebhookVendorInfo = z
  .object({
    name: WebhookVendorName,
    /** The signing scheme in a few words. */
    scheme: z.string(),
    /** Who makes the secret: the vendor (paste it here) or servicemeter (paste it there). */
    secretFrom: z.enum(['vendor', 'servicemeter']),
    /** Vendors without a signature: the header that carries the secret. */
    secretHeader: z.string().optional(),
    /** Vendors whose request body the user writes: the body to paste. */
    bodyTemplate: z.string().optional(),
  })
  .openapi('WebhookVendorInfo');

export const WebhookSource = z
  .object({
    id: z.string(),
    vendor: WebhookVendorName,
    /** The `source` of the rows its events become. */
    source: z.string(),
    /** The address to paste into the vendor's webhook settings, as this request reached the server. */
    url: z.string(),
    createdAt: instant,
    lastEventAt: instant.nullable(),
    lastOutcome: z.enum(['accepted', 'refused']).nullable(),
    /** Why the last request was refused. */
    lastError: z.string().nullable(),
    eventsAccepted: z.number().int(),
    eventsRefused: z.number().int(),
    /** Stored, not yet turned into rows. */
    eventsWaiting: z.number().int(),
    /** Refused by the import, with the reason in the events' `error`. */
    eventsFailed: z.number().int(),
  })
  .openapi('WebhookSource');

export const WebhookSetup = z
  .object({ vendors: z.array(WebhookVendorInfo), sources: z.array(WebhookSource) })
  .openapi('WebhookSetup');

export const WebhookSourceWithSecret = WebhookSource.extend({
  secret: z
    .string()
    .optional()
    .openapi({ description: 'Only when servicemeter made it: shown once, paste it into the vendor' }),
}).openapi('WebhookSourceWithSecret');

const secretText = z.string().min(8).max(500).openapi({ description: "The vendor's signing secret" });

export const WebhookSourceCreate = z
  .object({
    vendor: WebhookVendorName,
    source: z.string().trim().min(1).max(100).optional(),
    secret: secretText.optional(),
  })
  .openapi('WebhookSourceCreate');

export const WebhookSecretReplace = z
  .object({ secret: secretText.optional() })
  .openapi('WebhookSecretReplace');

export const WebhookReceived = z
  .object({
    /** Events stored now. */
    accepted: z.number().int(),
    /** Events stored before (a retry or a replay within the time window): acknowledged, not stored again. */
    repeated: z.number().int(),
  })
  .openapi('WebhookReceived');

export const WebhookReceiveParams = z.object({
  vendor: z.string().openapi({ param: { name: 'vendor', in: 'path' }, example: 'zendesk' }),
  sourceId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'sourceId', in: 'path' } }),
});
