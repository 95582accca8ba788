import type english from '../en/webhooks.js';

const messages: Record<keyof typeof english, string> = {
  'webhooks.title': 'Вебхуки',
  'webhooks.intro':
    'Хелпдеск може надсилати сюди свої події щойно вони стаються, тож показники лишаються актуальними без імпорту. Кожне джерело має власну адресу й секрет; його події стають тими самими рядками, що й під час імпорту експорту цього хелпдеску.',
  'webhooks.add': 'Додати джерело',
  'webhooks.vendor': 'Хелпдеск',
  'webhooks.source': 'Назва джерела (необовʼязково)',
  'webhooks.sourceHint':
    'Джерело, яке отримають рядки. Залиште порожнім, щоб використати назву хелпдеску, як це робить імпорт його експорту.',
  'webhooks.vendorSecret': 'Секрет {vendor} (необовʼязково)',
  'webhooks.vendorSecretHint':
    'Секрет створює {vendor}. Вставте його зараз, якщо він у вас є, або пізніше кнопкою «Замінити секрет», коли {vendor} його покаже; доти запити відхилятимуться.',
  'webhooks.added': 'Джерело {source} додано. Вставте цю URL-адресу в {vendor}:',
  'webhooks.secretOnce': 'Скопіюйте секрет зараз: його більше не буде показано.',
  'webhooks.secretLater':
    'Секрет створює {vendor}: щойно {vendor} його покаже, вставте його тут кнопкою «Замінити секрет». Доти запити відхилятимуться.',
  'webhooks.secretGiven': 'Секрет {vendor} збережено.',
  'webhooks.copyUrl': 'Копіювати URL',
  'webhooks.copySecret': 'Копіювати секрет',
  'webhooks.copyBody': 'Копіювати тіло запиту',
  'webhooks.copied': 'Скопійовано.',
  'webhooks.copyFailed': 'Не вдалося скопіювати: виділіть текст і скопіюйте його самостійно.',
  'webhooks.refresh': 'Оновити',
  'webhooks.none': 'Джерел ще немає.',
  'webhooks.column.source': 'Джерело',
  'webhooks.column.url': 'URL',
  'webhooks.column.lastEvent': 'Останній запит',
  'webhooks.column.counts': 'Події',
  'webhooks.noEvent': 'ще немає',
  'webhooks.outcome.accepted': 'прийнято',
  'webhooks.outcome.refused': 'відхилено',
  'webhooks.lastError': 'Причина: {error}',
  'webhooks.counts': 'прийнято: {accepted}, відхилено: {refused}',
  'webhooks.waiting': 'очікують імпорту: {count}',
  'webhooks.failed': 'не вдалося імпортувати: {count}',
  'webhooks.replaceSecret': 'Замінити секрет',
  'webhooks.newSecret': 'Створити новий секрет',
  'webhooks.confirmNewSecret':
    'Створити новий секрет для {source}? Запити відхилятимуться, доки {vendor} не надсилатиме новий.',
  'webhooks.newSecretOnce': 'Новий секрет для {source}. Скопіюйте його зараз: його більше не буде показано.',
  'webhooks.pasteSecret': 'Новий секрет від {vendor}',
  'webhooks.saveSecret': 'Зберегти секрет',
  'webhooks.secretReplaced': 'Секрет {source} замінено.',
  'webhooks.remove': 'Видалити',
  'webhooks.confirmRemove':
    'Видалити джерело {source}? Відтепер його запити відхилятимуться; дані, які принесли його події, залишаться.',
  'webhooks.scheme': 'Як перевіряються запити',
  'webhooks.scheme.zendesk':
    'Zendesk підписує кожен запит секретом підпису вебхука (HMAC-SHA256 від позначки часу й тіла запиту). Запит, підписаний більш ніж на 5 хвилин раніше чи пізніше за годинник сервера, відхиляється, тож перехоплений запит не можна надіслати згодом повторно.',
  'webhooks.scheme.chatwoot':
    'Chatwoot підписує кожен запит секретом вебхука (HMAC-SHA256 від позначки часу й тіла запиту). Запит, підписаний більш ніж на 5 хвилин раніше чи пізніше за годинник сервера, відхиляється, тож перехоплений запит не можна надіслати згодом повторно.',
  'webhooks.scheme.intercom':
    'Intercom підписує кожен запит client secret вашого застосунку (HMAC-SHA1 від тіла запиту). Сповіщення, створене більш ніж на 5 хвилин раніше чи пізніше за годинник сервера, відхиляється, тож перехоплений запит не можна надіслати згодом повторно.',
  'webhooks.scheme.freshdesk':
    'Freshdesk не вміє підписувати запити, тому надсилає секрет, створений servicemeter, в окремому заголовку. Зміна тікета, старша за 15 хвилин, відхиляється, тож перехоплений запит не можна надіслати згодом повторно.',
  'webhooks.setupTitle': 'Налаштування кожного хелпдеску',
  'webhooks.setup.zendesk':
    'У Zendesk Admin Center відкрийте Apps and integrations → Webhooks → Create webhook. Виберіть «Zendesk events» і події тікетів Ticket created, Status changed, Comment added та Agent assignment changed. Endpoint URL: URL-адреса джерела; метод POST; формат JSON. Створивши вебхук, відкрийте його, покажіть секрет підпису (Reveal secret) і вставте його тут.',
  'webhooks.setup.chatwoot':
    'У Chatwoot відкрийте Settings → Integrations → Webhooks → Add new webhook. Введіть URL-адресу джерела й позначте події conversation_created, conversation_status_changed, conversation_updated та message_created. Скопіюйте секрет, який Chatwoot показує для вебхука, і вставте його тут.',
  'webhooks.setup.intercom':
    'В Intercom Developer Hub відкрийте свій застосунок → Webhooks. Введіть URL-адресу джерела як endpoint і виберіть теми conversation.user.created, conversation.user.replied, conversation.admin.replied, conversation.admin.assigned, conversation.admin.closed та conversation.admin.opened. Intercom підписує client secret застосунку (Basic information → App credentials): вставте його тут.',
  'webhooks.setup.freshdesk':
    'У Freshdesk відкрийте Admin → Workflows → Automations. Додайте правило в «Ticket creation» і ще одне в «Ticket updates» (будь-яка зміна), кожне з дією «Trigger webhook»: request type POST, URL-адреса джерела, custom header {header} із секретом, який створив servicemeter, encoding JSON, content «Advanced» і тіло запиту нижче.',
  'webhooks.secretHeader': 'Custom header',
  'webhooks.bodyTemplate': 'Тіло запиту для дії «Trigger webhook»',
};

export default messages;
