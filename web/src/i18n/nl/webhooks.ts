import type english from '../en/webhooks.js';

const messages: Record<keyof typeof english, string> = {
  'webhooks.title': 'Webhooks',
  'webhooks.intro':
    'Een helpdesk kan zijn gebeurtenissen hierheen sturen zodra ze plaatsvinden, zodat de cijfers actueel blijven zonder imports. Elke bron heeft een eigen adres en geheim; de gebeurtenissen worden dezelfde rijen als een import van de export van die helpdesk.',
  'webhooks.add': 'Bron toevoegen',
  'webhooks.vendor': 'Helpdesk',
  'webhooks.source': 'Naam van de bron (optioneel)',
  'webhooks.sourceHint':
    'De bron die de rijen krijgen. Laat leeg om de naam van de helpdesk te gebruiken, zoals de import van de export dat doet.',
  'webhooks.vendorSecret': 'Geheim van {vendor} (optioneel)',
  'webhooks.vendorSecretHint':
    '{vendor} maakt het geheim. Plak het nu als u het hebt, of later met “Geheim vervangen” zodra {vendor} het toont; tot dan worden de verzoeken geweigerd.',
  'webhooks.added': 'Bron {source} toegevoegd. Plak deze URL in {vendor}:',
  'webhooks.secretOnce': 'Kopieer het geheim nu: het wordt niet nog eens getoond.',
  'webhooks.secretLater':
    '{vendor} maakt het geheim: zodra {vendor} het toont, plakt u het hier met “Geheim vervangen”. Tot dan worden de verzoeken geweigerd.',
  'webhooks.secretGiven': 'Het geheim van {vendor} is opgeslagen.',
  'webhooks.copyUrl': 'URL kopiëren',
  'webhooks.copySecret': 'Geheim kopiëren',
  'webhooks.copyBody': 'Body kopiëren',
  'webhooks.copied': 'Gekopieerd.',
  'webhooks.copyFailed': 'Kopiëren lukte niet: selecteer de tekst en kopieer hem zelf.',
  'webhooks.refresh': 'Vernieuwen',
  'webhooks.none': 'Nog geen bronnen.',
  'webhooks.column.source': 'Bron',
  'webhooks.column.url': 'URL',
  'webhooks.column.lastEvent': 'Laatste verzoek',
  'webhooks.column.counts': 'Gebeurtenissen',
  'webhooks.noEvent': 'nog geen',
  'webhooks.outcome.accepted': 'aanvaard',
  'webhooks.outcome.refused': 'geweigerd',
  'webhooks.lastError': 'Reden: {error}',
  'webhooks.counts': '{accepted} aanvaard, {refused} geweigerd',
  'webhooks.waiting': '{count} wachten op import',
  'webhooks.failed': '{count} konden niet worden geïmporteerd',
  'webhooks.replaceSecret': 'Geheim vervangen',
  'webhooks.newSecret': 'Nieuw geheim maken',
  'webhooks.confirmNewSecret':
    'Een nieuw geheim maken voor {source}? De verzoeken worden geweigerd tot {vendor} het nieuwe meestuurt.',
  'webhooks.newSecretOnce': 'Nieuw geheim voor {source}. Kopieer het nu: het wordt niet nog eens getoond.',
  'webhooks.pasteSecret': 'Nieuw geheim van {vendor}',
  'webhooks.saveSecret': 'Geheim opslaan',
  'webhooks.secretReplaced': 'Geheim van {source} vervangen.',
  'webhooks.remove': 'Verwijderen',
  'webhooks.confirmRemove':
    'Bron {source} verwijderen? De verzoeken worden vanaf nu geweigerd; de gegevens die de gebeurtenissen brachten, blijven.',
  'webhooks.scheme': 'Hoe verzoeken worden gecontroleerd',
  'webhooks.scheme.zendesk':
    'Zendesk ondertekent elk verzoek met het ondertekeningsgeheim van de webhook (HMAC-SHA256 van een tijdstempel en de body). Een verzoek dat meer dan 5 minuten voor of na de klok van de server is ondertekend, wordt geweigerd, zodat een onderschept verzoek later niet opnieuw kan worden verstuurd.',
  'webhooks.scheme.chatwoot':
    'Chatwoot ondertekent elk verzoek met het geheim van de webhook (HMAC-SHA256 van een tijdstempel en de body). Een verzoek dat meer dan 5 minuten voor of na de klok van de server is ondertekend, wordt geweigerd, zodat een onderschept verzoek later niet opnieuw kan worden verstuurd.',
  'webhooks.scheme.intercom':
    'Intercom ondertekent elk verzoek met het client secret van uw app (HMAC-SHA1 van de body). Een melding die meer dan 5 minuten voor of na de klok van de server is gemaakt, wordt geweigerd, zodat een onderschept verzoek later niet opnieuw kan worden verstuurd.',
  'webhooks.scheme.freshdesk':
    'Freshdesk kan verzoeken niet ondertekenen en stuurt daarom het geheim dat servicemeter maakte mee in een eigen header. Een ticketwijziging van meer dan 15 minuten oud wordt geweigerd, zodat een onderschept verzoek later niet opnieuw kan worden verstuurd.',
  'webhooks.setupTitle': 'Elke helpdesk instellen',
  'webhooks.setup.zendesk':
    'Ga in Zendesk Admin Center naar Apps and integrations → Webhooks → Create webhook. Kies “Zendesk events” en de ticketgebeurtenissen Ticket created, Status changed, Comment added en Agent assignment changed. Endpoint-URL: de URL van de bron; methode POST; formaat JSON. Open de webhook nadat u hem hebt gemaakt, laat het ondertekeningsgeheim zien (Reveal secret) en plak het hier.',
  'webhooks.setup.chatwoot':
    'Ga in Chatwoot naar Settings → Integrations → Webhooks → Add new webhook. Vul de URL van de bron in en vink de gebeurtenissen conversation_created, conversation_status_changed, conversation_updated en message_created aan. Kopieer het geheim dat Chatwoot voor de webhook toont en plak het hier.',
  'webhooks.setup.intercom':
    'Open in de Intercom Developer Hub uw app → Webhooks. Vul de URL van de bron in als endpoint en kies de topics conversation.user.created, conversation.user.replied, conversation.admin.replied, conversation.admin.assigned, conversation.admin.closed en conversation.admin.opened. Intercom ondertekent met het client secret van de app (Basic information → App credentials): plak het hier.',
  'webhooks.setup.freshdesk':
    'Ga in Freshdesk naar Admin → Workflows → Automations. Voeg een regel toe onder “Ticket creation” en een onder “Ticket updates” (elke wijziging), elk met de actie “Trigger webhook”: request type POST, de URL van de bron, een custom header {header} met het geheim dat servicemeter maakte, encoding JSON, content “Advanced” en de body hieronder.',
  'webhooks.secretHeader': 'Custom header',
  'webhooks.bodyTemplate': 'Body van de actie “Trigger webhook”',
};

export default messages;
