import type { SourceFormat } from '../sources/format.js';

/** The helpdesks that can push their events to a running server. */
export const WEBHOOK_VENDORS = ['zendesk', 'chatwoot', 'intercom', 'freshdesk'] as const;
export type WebhookVendorName = (typeof WEBHOOK_VENDORS)[number];

/** A webhook request as it arrived: the body exactly as sent (signatures are over these bytes). */
export interface WebhookRequest {
  headers: Headers;
  body: Uint8Array;
  /** The full URL the vendor called, for schemes that sign it. */
  url: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** One event of a webhook request, before it is converted. */
export interface ReceivedEvent {
  /** The vendor's own id of the event: a repeat of it is accepted and ignored. */
  id: string;
  /** The vendor's name for what happened (a topic or event type), shown on the setup page. */
  kind: string;
  /** When the vendor says it happened (ISO 8601, UTC), or null. */
  occurredAt: string | null;
  /** The event as parsed JSON. */
  payload: unknown;
}

export interface WebhookVendor {
  name: WebhookVendorName;
  /** The file format whose `convert` turns the events into canonical rows: the same code as `import`. */
  format: SourceFormat;
  /**
   * Who makes the secret: the vendor (its admin panel shows a signing secret to paste into
   * servicemeter) or servicemeter (it shows one to paste into the vendor's webhook settings).
   */
  secretFrom: 'vendor' | 'servicemeter';
  /** The signing scheme in a few words, for the setup page and the docs. */
  scheme: string;
  /**
   * Checks the request's signature (or shared secret) and its freshness, so a captured request
   * replayed later is refused; `now` for the time window. Never throws.
   */
  verify(request: WebhookRequest, secret: string, now: Date): Verdict;
  /** The events a verified request carries, or why it cannot be read. Never throws. */
  events(request: WebhookRequest): { ok: true; events: ReceivedEvent[] } | { ok: false; reason: string };
  /**
   * Writes events (in the order received) as files that `format.convert` reads, into `dir`, and
   * returns their paths; events that carry nothing for the indicators give no file.
   */
  toFiles(events: readonly ReceivedEvent[], dir: string): Promise<string[]>;
}
