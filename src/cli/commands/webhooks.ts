import { Argument, type Command, InvalidArgumentError } from 'commander';
import { FRESHDESK_BODY_TEMPLATE, FRESHDESK_SECRET_HEADER } from '../../ingest/webhooks/freshdesk.js';
import { WEBHOOK_VENDORS, type WebhookVendorName } from '../../ingest/webhooks/vendor.js';
import {
  createWebhookSource,
  deleteWebhookSource,
  getWebhookSource,
  listWebhookSources,
  replaceWebhookSecret,
  VENDORS,
  type WebhookSource,
  type WebhookSourceError,
  webhookEventCounts,
} from '../../services/webhooks/sources.js';
import { CliError, requireDatabase, withDatabase } from '../database.js';
import { dbOption } from '../options.js';
import { note, out } from '../output.js';
import { readSecret } from '../secret.js';

const VENDOR_TITLES: Record<WebhookVendorName, string> = {
  zendesk: 'Zendesk',
  chatwoot: 'Chatwoot',
  intercom: 'Intercom',
  freshdesk: 'Freshdesk',
};

/** Where the vendor's webhook is set up and what it must send, for the one who pastes the URL there. */
const SETUP_STEPS: Record<WebhookVendorName, string> = {
  zendesk:
    'In Zendesk Admin Center → Apps and integrations → Webhooks → Create webhook, choose "Zendesk events" and the ticket events Ticket created, Status changed, Comment added and Agent assignment changed (zen:event-type:ticket.*); endpoint URL: the URL above, request method POST, request format JSON. Once created, open the webhook, reveal its signing secret and give it to servicemeter with `servicemeter webhooks secret <id> --secret -`.',
  chatwoot:
    'In Chatwoot, Settings → Integrations → Webhooks → Add new webhook: the URL above, with the events conversation_created, conversation_status_changed, conversation_updated and message_created. Copy the secret Chatwoot shows for the webhook and give it to servicemeter with `servicemeter webhooks secret <id> --secret -`.',
  intercom:
    "In the Intercom Developer Hub, open your app → Webhooks: the URL above as endpoint, with the topics conversation.user.created, conversation.user.replied, conversation.admin.replied, conversation.admin.assigned, conversation.admin.closed and conversation.admin.opened. Intercom signs with the app's client secret (Basic information → App credentials): give it to servicemeter with `servicemeter webhooks secret <id> --secret -`.",
  freshdesk: `In Freshdesk, Admin → Workflows → Automations: add a rule under "Ticket creation" and one under "Ticket updates" (any update), each with the action "Trigger webhook": request type POST, the URL above, a custom header ${FRESHDESK_SECRET_HEADER} with the secret, encoding JSON, content "Advanced", and this body:`,
};

/** `--public-url https://meter.example.com`: where vendors reach the server, to print the full URL. */
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

const urlPath = (source: { vendor: string; id: string }) => `/api/webhooks/${source.vendor}/${source.id}`;

/** `--secret -` reads it from standard input (typed without echo), keeping it out of the shell history. */
async function secretOption(value: string | undefined): Promise<string | undefined> {
  if (value !== '-') return value;
  const secret = await readSecret("the vendor's secret: ");
  if (secret === '') throw new CliError('--secret -: nothing was read from standard input');
  return secret;
}

function sourceError(error: WebhookSourceError): CliError {
  return new CliError(
    error.kind === 'not_found'
      ? `no webhook source ${error.id} (servicemeter webhooks list shows them)`
      : `--${error.field}: ${error.reason}`,
  );
}

function lastEvent(source: WebhookSource): string {
  if (source.lastEventAt === null) return 'no event yet';
  const outcome = source.lastOutcome ?? 'unknown';
  return `last event ${source.lastEventAt} ${outcome}${source.lastError ? ` (${source.lastError})` : ''}`;
}

export function webhooksCommand(program: Command): void {
  const webhooks = program
    .command('webhooks')
    .description('Set up the helpdesks that push their events to the running server')
    .addHelpText(
      'after',
      `
A source is an address, /api/webhooks/<vendor>/<id>, with the secret that proves a request came from
the vendor. Its events become rows as \`servicemeter import <vendor>\` would make them, while the
server runs (servicemeter serve). Set sources up here, with the server stopped, or on the dashboard's
Webhooks page.

Examples:
  servicemeter webhooks add freshdesk --public-url https://meter.example.com
  servicemeter webhooks add zendesk --source zendesk-eu
  servicemeter webhooks list
  servicemeter webhooks secret Xq2… --secret -`,
    );

  webhooks
    .command('list')
    .description('List the sources: URL path, the last event received and its outcome, event counts')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  servicemeter webhooks list --db team.duckdb')
    .action(async (options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        const [sources, counts] = await Promise.all([listWebhookSources(db), webhookEventCounts(db)]);
        if (sources.length === 0) {
          note('no webhook sources yet: add one with servicemeter webhooks add <vendor>');
          return;
        }
        for (const source of sources) {
          const count = counts.get(source.id) ?? { waiting: 0, failed: 0 };
          out(
            [
              source.id,
              source.vendor,
              `source ${source.source}`,
              urlPath(source),
              lastEvent(source),
              `${source.eventsAccepted} accepted, ${source.eventsRefused} refused, ${count.waiting} waiting, ${count.failed} failed`,
            ].join('\t'),
          );
        }
      });
    });

  webhooks
    .command('add')
    .description('Add a source and print its URL, the secret when servicemeter makes it, and the setup steps')
    .addArgument(new Argument('<vendor>', 'the helpdesk').choices(WEBHOOK_VENDORS))
    .option('--source <name>', 'the source of the rows its events become (default: the vendor’s name)')
    .option(
      '--secret <secret>',
      "the vendor's signing secret (Zendesk, Chatwoot, Intercom), or - to type it; Freshdesk's is made by servicemeter",
    )
    .option('--public-url <url>', 'where vendors reach the server, to print the full URL', publicUrl)
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
Zendesk, Chatwoot and Intercom make the secret: add the source, paste its URL into the vendor, then
give servicemeter the vendor's secret with \`servicemeter webhooks secret <id> --secret -\` (or at once
with --secret). Freshdesk signs nothing: servicemeter makes a secret, shown once, that Freshdesk sends
in the ${FRESHDESK_SECRET_HEADER} header.

Examples:
  servicemeter webhooks add freshdesk --public-url https://meter.example.com
  servicemeter webhooks add intercom --secret -`,
    )
    .action(
      async (
        vendorName: WebhookVendorName,
        options: { source?: string; secret?: string; publicUrl?: string; db: string },
      ) => {
        requireDatabase(options.db);
        const secret = await secretOption(options.secret);
        await withDatabase(options.db, async (db) => {
          const created = await createWebhookSource(db, {
            vendor: vendorName,
            ...(options.source !== undefined ? { source: options.source.trim() } : {}),
            ...(secret !== undefined ? { secret } : {}),
          });
          if (!created.ok) throw sourceError(created.error);
          const source = created.data;
          const vendor = VENDORS[vendorName];
          const title = VENDOR_TITLES[vendorName];
          out(`added ${title} webhook source ${source.id} (its rows get source ${source.source})`);
          out(`URL path: ${urlPath(source)}`);
          if (options.publicUrl) out(`URL: ${options.publicUrl}${urlPath(source)}`);
          else out('URL: the server’s public address followed by the path (give --public-url to print it)');
          if (secret !== undefined) out(`secret: ${title}’s, as given`);
          else if (vendor.secretFrom === 'servicemeter')
            out(`secret (shown only now, copy it now): ${source.secret}`);
          else
            out(
              `secret: none yet. ${title} makes it; until it is given, ${title}'s requests are refused:\n  servicemeter webhooks secret ${source.id} --secret -`,
            );
          out(`scheme: ${vendor.scheme}`);
          out('');
          out(`Setup in ${title}:`);
          out(SETUP_STEPS[vendorName].replaceAll('<id>', source.id));
          if (vendorName === 'freshdesk') out(FRESHDESK_BODY_TEMPLATE);
        });
      },
    );

  webhooks
    .command('secret')
    .description("Replace a source's secret: with the vendor's new one, or a new one servicemeter makes")
    .argument('<id>', 'the source (servicemeter webhooks list)')
    .option('--secret <secret>', "the vendor's secret, or - to type it; left out, servicemeter makes one")
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
Examples:
  servicemeter webhooks secret Xq2… --secret -      paste Zendesk's, Chatwoot's or Intercom's secret
  servicemeter webhooks secret Xq2…                 a new Freshdesk secret, shown once`,
    )
    .action(async (id: string, options: { secret?: string; db: string }) => {
      requireDatabase(options.db);
      const secret = await secretOption(options.secret);
      await withDatabase(options.db, async (db) => {
        const known = await getWebhookSource(db, id);
        if (known === null) throw sourceError({ kind: 'not_found', id });
        const title = VENDOR_TITLES[known.vendor];
        if (secret === undefined && VENDORS[known.vendor].secretFrom === 'vendor')
          throw new CliError(
            `${title} makes the secret: give it with --secret <secret>, or --secret - to type it`,
          );
        const replaced = await replaceWebhookSecret(db, id, secret);
        if (!replaced.ok) throw sourceError(replaced.error);
        if (secret !== undefined) out(`secret of ${title} webhook source ${id} replaced`);
        else {
          out(
            `new secret of ${title} webhook source ${id} (shown only now, copy it now): ${replaced.data.secret}`,
          );
          if (known.vendor === 'freshdesk')
            out(`replace the ${FRESHDESK_SECRET_HEADER} header of its automation rules with it`);
        }
      });
    });

  webhooks
    .command('remove')
    .description('Remove a source and the events it stored; the rows they became stay')
    .argument('<id>', 'the source (servicemeter webhooks list)')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  servicemeter webhooks remove Xq2…')
    .action(async (id: string, options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        const removed = await deleteWebhookSource(db, id);
        if (!removed.ok) throw sourceError(removed.error);
        out(
          `removed ${VENDOR_TITLES[removed.data.vendor]} webhook source ${id}; its requests are now refused, the rows its events became stay`,
        );
      });
    });
}
