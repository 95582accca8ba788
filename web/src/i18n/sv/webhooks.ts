import type english from '../en/webhooks.js';

const messages: Record<keyof typeof english, string> = {
  'webhooks.title': 'Webhooks',
  'webhooks.intro':
    'En helpdesk kan skicka sina händelser hit när de sker, så att siffrorna hålls aktuella utan importer. Varje källa har en egen adress och en egen hemlighet; händelserna blir samma rader som en import av helpdeskens export ger.',
  'webhooks.add': 'Lägg till en källa',
  'webhooks.vendor': 'Helpdesk',
  'webhooks.source': 'Källans namn (valfritt)',
  'webhooks.sourceHint':
    'Den källa raderna får. Lämna tomt för att använda helpdeskens namn, som importen av dess export gör.',
  'webhooks.vendorSecret': '{vendor}s hemlighet (valfritt)',
  'webhooks.vendorSecretHint':
    '{vendor} skapar hemligheten. Klistra in den nu om du har den, eller senare med ”Byt hemlighet” när {vendor} visar den; tills dess avvisas förfrågningarna.',
  'webhooks.added': 'Källan {source} har lagts till. Klistra in den här URL:en i {vendor}:',
  'webhooks.secretOnce': 'Kopiera hemligheten nu: den visas inte igen.',
  'webhooks.secretLater':
    '{vendor} skapar hemligheten: när {vendor} visar den klistrar du in den här med ”Byt hemlighet”. Tills dess avvisas förfrågningarna.',
  'webhooks.secretGiven': '{vendor}s hemlighet är sparad.',
  'webhooks.copyUrl': 'Kopiera URL',
  'webhooks.copySecret': 'Kopiera hemlighet',
  'webhooks.copyBody': 'Kopiera innehåll',
  'webhooks.copied': 'Kopierat.',
  'webhooks.copyFailed': 'Kunde inte kopiera: markera texten och kopiera den själv.',
  'webhooks.refresh': 'Uppdatera',
  'webhooks.none': 'Inga källor än.',
  'webhooks.column.source': 'Källa',
  'webhooks.column.url': 'URL',
  'webhooks.column.lastEvent': 'Senaste förfrågan',
  'webhooks.column.counts': 'Händelser',
  'webhooks.noEvent': 'ingen än',
  'webhooks.outcome.accepted': 'godtagen',
  'webhooks.outcome.refused': 'avvisad',
  'webhooks.lastError': 'Orsak: {error}',
  'webhooks.counts': '{accepted} godtagna, {refused} avvisade',
  'webhooks.waiting': '{count} väntar på import',
  'webhooks.failed': '{count} kunde inte importeras',
  'webhooks.replaceSecret': 'Byt hemlighet',
  'webhooks.newSecret': 'Skapa ny hemlighet',
  'webhooks.confirmNewSecret':
    'Skapa en ny hemlighet för {source}? Förfrågningarna avvisas tills {vendor} skickar den nya.',
  'webhooks.newSecretOnce': 'Ny hemlighet för {source}. Kopiera den nu: den visas inte igen.',
  'webhooks.pasteSecret': 'Ny hemlighet från {vendor}',
  'webhooks.saveSecret': 'Spara hemlighet',
  'webhooks.secretReplaced': 'Hemligheten för {source} har bytts.',
  'webhooks.remove': 'Ta bort',
  'webhooks.confirmRemove':
    'Ta bort källan {source}? Förfrågningarna avvisas från och med nu; de data som händelserna gav finns kvar.',
  'webhooks.scheme': 'Hur förfrågningar kontrolleras',
  'webhooks.scheme.zendesk':
    'Zendesk signerar varje förfrågan med webhookens signeringshemlighet (HMAC-SHA256 av en tidsstämpel och innehållet). En förfrågan signerad mer än 5 minuter före eller efter serverns klocka avvisas, så att en uppsnappad förfrågan inte kan skickas igen senare.',
  'webhooks.scheme.chatwoot':
    'Chatwoot signerar varje förfrågan med webhookens hemlighet (HMAC-SHA256 av en tidsstämpel och innehållet). En förfrågan signerad mer än 5 minuter före eller efter serverns klocka avvisas, så att en uppsnappad förfrågan inte kan skickas igen senare.',
  'webhooks.scheme.intercom':
    'Intercom signerar varje förfrågan med appens client secret (HMAC-SHA1 av innehållet). En avisering skapad mer än 5 minuter före eller efter serverns klocka avvisas, så att en uppsnappad förfrågan inte kan skickas igen senare.',
  'webhooks.scheme.freshdesk':
    'Freshdesk kan inte signera förfrågningar och skickar därför hemligheten som servicemeter skapade i en egen header. En ärendeändring som är äldre än 15 minuter avvisas, så att en uppsnappad förfrågan inte kan skickas igen senare.',
  'webhooks.setupTitle': 'Så ställer du in varje helpdesk',
  'webhooks.setup.zendesk':
    'Gå i Zendesk Admin Center till Apps and integrations → Webhooks → Create webhook. Välj ”Zendesk events” och ärendehändelserna Ticket created, Status changed, Comment added och Agent assignment changed. Endpoint-URL: källans URL; metod POST; format JSON. Öppna webhooken när den har skapats, visa dess signeringshemlighet (Reveal secret) och klistra in den här.',
  'webhooks.setup.chatwoot':
    'Gå i Chatwoot till Settings → Integrations → Webhooks → Add new webhook. Ange källans URL och markera händelserna conversation_created, conversation_status_changed, conversation_updated och message_created. Kopiera hemligheten som Chatwoot visar för webhooken och klistra in den här.',
  'webhooks.setup.intercom':
    'Öppna din app i Intercom Developer Hub → Webhooks. Ange källans URL som endpoint och välj ämnena conversation.user.created, conversation.user.replied, conversation.admin.replied, conversation.admin.assigned, conversation.admin.closed och conversation.admin.opened. Intercom signerar med appens client secret (Basic information → App credentials): klistra in den här.',
  'webhooks.setup.freshdesk':
    'Gå i Freshdesk till Admin → Workflows → Automations. Lägg till en regel under ”Ticket creation” och en under ”Ticket updates” (varje ändring), var och en med åtgärden ”Trigger webhook”: request type POST, källans URL, en custom header {header} med hemligheten som servicemeter skapade, encoding JSON, content ”Advanced” och innehållet nedan.',
  'webhooks.secretHeader': 'Custom header',
  'webhooks.bodyTemplate': 'Innehåll för åtgärden ”Trigger webhook”',
};

export default messages;
