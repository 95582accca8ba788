/** English messages of the webhooks page; the other languages mirror these keys. */
const messages = {
  'webhooks.title': 'Webhooks',
  'webhooks.intro':
    'A helpdesk can push its events here as they happen, so the figures stay current without imports. Each source has its own address and secret; its events become the same rows an import of that helpdesk’s export makes.',
  'webhooks.add': 'Add a source',
  'webhooks.vendor': 'Helpdesk',
  'webhooks.source': 'Source name (optional)',
  'webhooks.sourceHint':
    'The source its rows get. Leave it empty to use the helpdesk’s name, as the import of its export does.',
  'webhooks.vendorSecret': '{vendor}’s secret (optional)',
  'webhooks.vendorSecretHint':
    '{vendor} makes the secret. Paste it now if you have it, or later with “Replace secret” once {vendor} shows it; until then its requests are refused.',
  'webhooks.added': 'Source {source} added. Paste this URL into {vendor}:',
  'webhooks.secretOnce': 'Copy the secret now: it is not shown again.',
  'webhooks.secretLater':
    '{vendor} makes the secret: once {vendor} shows it, paste it here with “Replace secret”. Until then its requests are refused.',
  'webhooks.secretGiven': '{vendor}’s secret is stored.',
  'webhooks.copyUrl': 'Copy URL',
  'webhooks.copySecret': 'Copy secret',
  'webhooks.copyBody': 'Copy body',
  'webhooks.copied': 'Copied.',
  'webhooks.copyFailed': 'Could not copy: select the text and copy it yourself.',
  'webhooks.refresh': 'Refresh',
  'webhooks.none': 'No sources yet.',
  'webhooks.column.source': 'Source',
  'webhooks.column.url': 'URL',
  'webhooks.column.lastEvent': 'Last request',
  'webhooks.column.counts': 'Events',
  'webhooks.noEvent': 'none yet',
  'webhooks.outcome.accepted': 'accepted',
  'webhooks.outcome.refused': 'refused',
  'webhooks.lastError': 'Reason: {error}',
  'webhooks.counts': '{accepted} accepted, {refused} refused',
  'webhooks.waiting': '{count} waiting to be imported',
  'webhooks.failed': '{count} could not be imported',
  'webhooks.replaceSecret': 'Replace secret',
  'webhooks.newSecret': 'Make a new secret',
  'webhooks.confirmNewSecret':
    'Make a new secret for {source}? Its requests are refused until {vendor} sends the new one.',
  'webhooks.newSecretOnce': 'New secret for {source}. Copy it now: it is not shown again.',
  'webhooks.pasteSecret': 'New secret from {vendor}',
  'webhooks.saveSecret': 'Save secret',
  'webhooks.secretReplaced': 'Secret of {source} replaced.',
  'webhooks.remove': 'Remove',
  'webhooks.confirmRemove':
    'Remove source {source}? Its requests are refused from now on; the data its events brought stays.',
  'webhooks.scheme': 'How requests are checked',
  'webhooks.scheme.zendesk':
    'Zendesk signs every request with the webhook’s signing secret (HMAC-SHA256 of a time stamp and the body). A request signed more than 5 minutes before or after the server’s clock is refused, so a captured request cannot be sent again later.',
  'webhooks.scheme.chatwoot':
    'Chatwoot signs every request with the webhook’s secret (HMAC-SHA256 of a time stamp and the body). A request signed more than 5 minutes before or after the server’s clock is refused, so a captured request cannot be sent again later.',
  'webhooks.scheme.intercom':
    'Intercom signs every request with your app’s client secret (HMAC-SHA1 of the body). A notification created more than 5 minutes before or after the server’s clock is refused, so a captured request cannot be sent again later.',
  'webhooks.scheme.freshdesk':
    'Freshdesk cannot sign requests, so it sends the secret servicemeter made in a header of its own. A ticket update older than 15 minutes is refused, so a captured request cannot be sent again later.',
  'webhooks.setupTitle': 'Setting up each helpdesk',
  'webhooks.setup.zendesk':
    'In Zendesk Admin Center, go to Apps and integrations → Webhooks → Create webhook. Choose “Zendesk events” and the ticket events Ticket created, Status changed, Comment added and Agent assignment changed. Endpoint URL: the source’s URL; request method POST; request format JSON. After creating the webhook, open it, reveal its signing secret and paste it here.',
  'webhooks.setup.chatwoot':
    'In Chatwoot, go to Settings → Integrations → Webhooks → Add new webhook. Enter the source’s URL and tick the events conversation_created, conversation_status_changed, conversation_updated and message_created. Copy the secret Chatwoot shows for the webhook and paste it here.',
  'webhooks.setup.intercom':
    'In the Intercom Developer Hub, open your app → Webhooks. Enter the source’s URL as endpoint and choose the topics conversation.user.created, conversation.user.replied, conversation.admin.replied, conversation.admin.assigned, conversation.admin.closed and conversation.admin.opened. Intercom signs with the app’s client secret (Basic information → App credentials): paste it here.',
  'webhooks.setup.freshdesk':
    'In Freshdesk, go to Admin → Workflows → Automations. Add a rule under “Ticket creation” and one under “Ticket updates” (any update), each with the action “Trigger webhook”: request type POST, the source’s URL, a custom header {header} with the secret servicemeter made, encoding JSON, content “Advanced”, and the body below.',
  'webhooks.secretHeader': 'Custom header',
  'webhooks.bodyTemplate': 'Body of the “Trigger webhook” action',
};

export default messages;
