import { useApi } from '../../api.js';
import { useAppData, useCan } from '../../app-data.js';
import { Pager } from '../../components/Pager.js';
import { formatInstant, formatPercent, formatScore } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { messagesCsvHref, type Theme, type WordsMessage, wordsApi } from './api.js';
import { highlightSegments, type MessageFilter } from './view.js';
import { Answer, EmptyWords, type WordsContext } from './Words.js';

const PAGE_SIZE = 50;

export function MessagesTab({ context }: { context: WordsContext }) {
  const { t } = useI18n();
  const can = useCan();
  const filter = context.view.messages;
  const page = context.view.page;
  const key = JSON.stringify({ q: context.query, filter, page });
  const messages = useApi(key, (signal) =>
    wordsApi.messages(context.query, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE, signal),
  );
  return (
    <div data-testid="words-messages">
      <Narrowed context={context} filter={filter} />
      <p className="hint">{t('words.messages.masked')}</p>
      {can.exportData ? (
        <a
          className="button secondary"
          href={messagesCsvHref(context.query, filter)}
          data-testid="words-csv"
          download
        >
          {t('words.messages.csv')}
        </a>
      ) : null}
      <Answer result={messages}>
        {(data) =>
          data.total === 0 ? (
            Object.keys(filter).length ? (
              <p className="muted">{t('words.messages.none')}</p>
            ) : (
              <EmptyWords />
            )
          ) : (
            <>
              <ul className="words-messages" data-testid="words-messages-list">
                {data.messages.map((message) => (
                  <MessageItem key={message.itemKey} message={message} />
                ))}
              </ul>
              <Pager
                page={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                label={t('words.messages.pager')}
                onPage={(next) => context.update((p) => p.set('page', String(next)))}
              />
            </>
          )
        }
      </Answer>
    </div>
  );
}

/** What the list is narrowed to, in words, with the way back to all messages. */
function Narrowed({ context, filter }: { context: WordsContext; filter: MessageFilter }) {
  const { t } = useI18n();
  const themes = useApi(filter.theme ? 'words-themes' : null, (signal) =>
    wordsApi.topics(context.query, 'all', signal),
  );
  const attributes = useApi(filter.attribute ? 'words-attributes' : null, (signal) =>
    wordsApi.attributes(signal),
  );
  const themeName = (id: string) =>
    themes.state === 'ok' ? (themes.data.themes.find((x: Theme) => x.id === id)?.name ?? id) : id;
  const attributeName = (id: string) =>
    attributes.state === 'ok' ? (attributes.data.attributes.find((x) => x.id === id)?.name ?? id) : id;
  const parts: string[] = [];
  if (filter.term) parts.push(t('words.narrow.term', { value: filter.term }));
  if (filter.theme) parts.push(t('words.narrow.theme', { value: themeName(filter.theme) }));
  if (filter.attribute) parts.push(t('words.narrow.attribute', { value: attributeName(filter.attribute) }));
  if (filter.tone) parts.push(t('words.narrow.tone', { value: t(`words.tone.${filter.tone}`) }));
  if (parts.length === 0) return null;
  return (
    <p className="words-narrowed" data-testid="words-narrowed">
      {t('words.messages.narrowed', { what: parts.join(', ') })}{' '}
      <button
        type="button"
        className="link"
        onClick={() =>
          context.update((p) => {
            for (const k of ['term', 'theme', 'attribute', 'tone', 'page']) p.delete(k);
          })
        }
      >
        {t('words.messages.clear')}
      </button>
    </p>
  );
}

/** One text: the server's masked text with its highlights marked as elements, never as markup. */
function MessageItem({ message }: { message: WordsMessage }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const labels = useLabels();
  return (
    <li
      className="words-message"
      data-testid="words-message"
      data-tone={message.tone}
      data-agent={message.agentId ?? ''}
    >
      <div className="words-message-meta">
        <span>{formatInstant(locale, message.occurredAt, status.timezone)}</span>
        <span>{t(`words.kindName.${message.kind}`)}</span>
        {message.channel ? <span>{labels.value('channel', message.channel)}</span> : null}
        <span lang={message.language === 'zh' ? 'zh-CN' : undefined}>
          {t(`words.lang.${message.language}`)}
        </span>
        <span className={`badge words-tone-badge words-tone-${message.tone}`} data-testid="words-tone-badge">
          {t(`words.tone.${message.tone}`)}
        </span>
        {message.sentimentScore !== null ? (
          <span title={t('words.column.score')}>{formatScore(locale, message.sentimentScore)}</span>
        ) : null}
        {message.surveyScore !== null ? (
          <span>
            {t('words.column.surveyScore')} {formatPercent(locale, message.surveyScore, 0)}
          </span>
        ) : null}
        {message.agentId ? <span>{labels.agent(message.agentId)}</span> : null}
      </div>
      <p className="words-message-text" lang={message.language === 'zh' ? 'zh-CN' : message.language}>
        {highlightSegments(message.text, message.highlights).map((segment, index) =>
          segment.marked ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are cut from one fixed text, in order.
            <mark key={index}>{segment.text}</mark>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are cut from one fixed text, in order.
            <span key={index}>{segment.text}</span>
          ),
        )}
      </p>
    </li>
  );
}
