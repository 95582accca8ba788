/**
 * Telling people of an alert: an e-mail (text and HTML) to each address, and a POST to each webhook
 * in the shape the receiver reads — Slack's incoming webhooks ({ text, blocks }), a Microsoft Teams
 * workflow or connector (a message with an Adaptive Card attachment), or the event as plain JSON.
 * Every message links to the dashboard view that explains the alert. A channel that fails is an
 * outcome kept with the event, never a reason to stop telling the others.
 */
import type { OutgoingMail } from '../mail/mailer.js';
import type { AlertEvent, AlertRule, WebhookFormat } from './contract.js';

export interface DeliveryOutcome {
  channel: 'email' | WebhookFormat;
  to: string;
  ok: boolean;
  status: number | null;
  error: string | null;
}

export interface DeliveryDeps {
  mail: OutgoingMail | null;
  fetch?: typeof fetch;
  /** Where the dashboard is reached, to make the event's link absolute; else the mail's public URL. */
  publicUrl?: string | null;
}

/** What a delivery says: the event and the rule it came from. */
export type DeliveredEvent = Pick<
  AlertEvent,
  'id' | 'kind' | 'occurredAt' | 'value' | 'n' | 'message' | 'link'
>;
export type DeliveredRule = Pick<AlertRule, 'id' | 'name' | 'kind' | 'kpi' | 'deliver'>;

const WEBHOOK_TIMEOUT_MS = 10_000;

/** The link as an address a mail reader or chat can open: absolute when the server's address is known. */
export function absoluteLink(link: string, publicUrl: string | null | undefined): string {
  if (!publicUrl) return link;
  return `${publicUrl.replace(/\/+$/, '')}${link.startsWith('/') ? link : `/${link}`}`;
}

export function titleOf(
  event: Pick<AlertEvent, 'kind'>,
  rule: Pick<AlertRule, 'name'>,
  test = false,
): string {
  const prefix = test ? 'Test: ' : '';
  return event.kind === 'fired' ? `${prefix}Alert: ${rule.name}` : `${prefix}Recovered: ${rule.name}`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack escapes only these three in message text. */
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function emailMessage(event: DeliveredEvent, rule: DeliveredRule, url: string, test = false) {
  const title = titleOf(event, rule, test);
  const when = `${event.occurredAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`;
  const text = `${title}\n\n${event.message}\n\n${when}\nOpen the view that explains it: ${url}\n`;
  const colour = event.kind === 'fired' ? '#b42318' : '#067647';
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#101828">
<h2 style="color:${colour};margin:0 0 12px">${escapeHtml(title)}</h2>
<p style="margin:0 0 12px">${escapeHtml(event.message)}</p>
<p style="margin:0 0 12px;color:#475467">${escapeHtml(when)}</p>
<p><a href="${escapeHtml(url)}">Open the view that explains it</a></p>
</body></html>`;
  return { subject: title, text, html };
}

/** Slack's incoming-webhook message: `text` for notifications, `blocks` for the message itself. */
export function slackPayload(event: DeliveredEvent, rule: DeliveredRule, url: string, test = false) {
  const title = titleOf(event, rule, test);
  const absolute = /^https?:\/\//.test(url);
  const blocks: unknown[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeSlack(title)}*\n${escapeSlack(event.message)}${absolute ? '' : `\n${escapeSlack(url)}`}`,
      },
    },
  ];
  // A button needs an address Slack can open; a path alone stays in the text.
  if (absolute)
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the view' }, url }],
    });
  return { text: `${title}: ${event.message}`, blocks };
}

/** A Teams message carrying one Adaptive Card (schema 1.4), as Teams workflows and connectors take it. */
export function teamsPayload(event: DeliveredEvent, rule: DeliveredRule, url: string, test = false) {
  const title = titleOf(event, rule, test);
  const facts = [
    ...(event.value === null
      ? []
      : [{ title: 'Value', value: String(Math.round(event.value * 10_000) / 10_000) }]),
    ...(event.n === null ? [] : [{ title: 'n', value: String(event.n) }]),
    { title: 'When', value: event.occurredAt },
  ];
  const absolute = /^https?:\/\//.test(url);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: title,
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              color: event.kind === 'fired' ? 'Attention' : 'Good',
            },
            { type: 'TextBlock', text: event.message, wrap: true },
            { type: 'FactSet', facts },
            ...(absolute ? [] : [{ type: 'TextBlock', text: url, wrap: true, isSubtle: true }]),
          ],
          actions: absolute ? [{ type: 'Action.OpenUrl', title: 'Open the view', url }] : [],
        },
      },
    ],
  };
}

export function jsonPayload(event: DeliveredEvent, rule: DeliveredRule, url: string, test = false) {
  return {
    test,
    event: { ...event, url },
    rule: { id: rule.id, name: rule.name, kind: rule.kind, kpi: rule.kpi },
  };
}

const PAYLOADS = { slack: slackPayload, teams: teamsPayload, json: jsonPayload } as const;

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Sends the event to every channel of the rule; one outcome per address and webhook. */
export async function deliverEvent(
  event: DeliveredEvent,
  rule: DeliveredRule,
  deps: DeliveryDeps,
  options: { test?: boolean } = {},
): Promise<DeliveryOutcome[]> {
  const test = options.test ?? false;
  const url = absoluteLink(event.link, deps.publicUrl ?? deps.mail?.publicUrl ?? null);
  const outcomes: DeliveryOutcome[] = [];
  for (const address of rule.deliver.emails) {
    if (!deps.mail) {
      outcomes.push({
        channel: 'email',
        to: address,
        ok: false,
        status: null,
        error: 'no mail server is set (--smtp)',
      });
      continue;
    }
    const message = emailMessage(event, rule, url, test);
    try {
      const sent = await deps.mail.mailer.send({ from: deps.mail.from, to: address, ...message });
      outcomes.push({
        channel: 'email',
        to: address,
        ok: sent.status === 'accepted' && sent.accepted.length > 0,
        status: null,
        error: sent.status === 'accepted' ? null : `${sent.status}: ${sent.response}`,
      });
    } catch (error) {
      outcomes.push({ channel: 'email', to: address, ok: false, status: null, error: reasonOf(error) });
    }
  }
  const send = deps.fetch ?? fetch;
  for (const hook of rule.deliver.webhooks) {
    const payload = PAYLOADS[hook.format](event, rule, url, test);
    try {
      const response = await send(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      // The body is read so that the connection is freed; its text is kept only when it explains a failure.
      const answer = await response.text().catch(() => '');
      outcomes.push({
        channel: hook.format,
        to: hook.url,
        ok: response.ok,
        status: response.status,
        error: response.ok ? null : `HTTP ${response.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`,
      });
    } catch (error) {
      outcomes.push({ channel: hook.format, to: hook.url, ok: false, status: null, error: reasonOf(error) });
    }
  }
  return outcomes;
}
