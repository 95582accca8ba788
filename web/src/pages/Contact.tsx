import { call, client, useApi } from '../api.js';
import { useDashboardFilters } from '../app-data.js';
import { usePageTitle } from '../components/Layout.js';
import { ErrorState, Loading } from '../components/States.js';
import { formatDuration, formatInstant, formatScore } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { Link } from '../router.js';

const DURATION_FACT = /_s$/;
const INSTANT_FACT = /_at$/;

export function ContactPage({ contactKey }: { contactKey: string }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const tz = dash.filters.timezone;
  const result = useApi(contactKey, (signal) =>
    call(client.api.contacts[':key'].$get({ param: { key: contactKey } }, { init: { signal } })),
  );
  usePageTitle(t('contact.title', { id: contactKey }));
  const back = `/contacts${window.location.search}`;

  return (
    <>
      <div className="page-head">
        <h1>
          {result.state === 'ok' && result.data.contact.subject
            ? result.data.contact.subject
            : t('contact.title', { id: contactKey })}
        </h1>
        <Link to={back}>{t('contact.back')}</Link>
      </div>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? (
        <ErrorState
          error={result.error.status === 404 ? { title: t('contact.notFound') } : result.error}
          onRetry={result.error.status === 404 ? undefined : result.reload}
        />
      ) : null}
      {result.state === 'ok' ? (
        <div className="two-col">
          <section className="panel" aria-labelledby="contact-fields">
            <h2 id="contact-fields">{t('contact.fields')}</h2>
            <dl className="facts">
              <dt>{t('contact.id')}</dt>
              <dd>
                {result.data.contact.source} · {result.data.contact.externalId}
              </dd>
              <dt>{t('contact.created')}</dt>
              <dd>{formatInstant(locale, result.data.contact.createdAt, tz)}</dd>
              <dt>{labels.dimension('channel')}</dt>
              <dd>{labels.value('channel', result.data.contact.channel)}</dd>
              <dt>{t('contact.status')}</dt>
              <dd>{labels.value('status', result.data.contact.status)}</dd>
              <dt>{labels.dimension('priority')}</dt>
              <dd>{labels.value('priority', result.data.contact.priority)}</dd>
              <dt>{labels.dimension('team')}</dt>
              <dd>{labels.team(result.data.contact.teamId)}</dd>
              <dt>{t('contact.assignee')}</dt>
              <dd>{labels.agent(result.data.contact.assigneeId)}</dd>
              <dt>{labels.dimension('topic')}</dt>
              <dd>{result.data.contact.topic ?? t('value.none')}</dd>
              <dt>{t('contact.customer')}</dt>
              <dd>{result.data.contact.customerId ?? t('value.none')}</dd>
              <dt>{t('contact.tags')}</dt>
              <dd>
                {result.data.contact.tags.length > 0 ? result.data.contact.tags.join(', ') : t('value.none')}
              </dd>
            </dl>
            <h2>{t('contact.facts')}</h2>
            {result.data.facts ? (
              <details>
                <summary>{t('contact.showFacts')}</summary>
                <dl className="facts" data-testid="contact-facts">
                  {Object.entries(result.data.facts).map(([name, value]) => (
                    <div key={name} className="fact">
                      <dt>
                        <code>{name}</code>
                      </dt>
                      <dd>
                        {value === null
                          ? '—'
                          : typeof value === 'number' && DURATION_FACT.test(name)
                            ? `${formatDuration(locale, value)} (${value})`
                            : typeof value === 'string' && INSTANT_FACT.test(name)
                              ? formatInstant(locale, value, tz)
                              : typeof value === 'boolean'
                                ? t(value ? 'value.yes' : 'value.no')
                                : String(value)}
                      </dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : (
              <p className="hint">{t('contact.noFacts')}</p>
            )}
          </section>
          <section className="panel" aria-labelledby="contact-timeline">
            <h2 id="contact-timeline">{t('contact.timeline')}</h2>
            <ol className="timeline" data-testid="timeline">
              {result.data.events.map((e, i) => (
                <li key={e.externalId ?? i}>
                  <time dateTime={e.occurredAt}>{formatInstant(locale, e.occurredAt, tz)}</time>
                  <strong>{labels.value('event', e.kind)}</strong>
                  {e.agentId
                    ? ` · ${labels.agent(e.agentId)}`
                    : e.actor
                      ? ` · ${labels.value('actor', e.actor)}`
                      : ''}
                  {e.status ? ` → ${labels.value('status', e.status)}` : ''}
                  {e.escalationType ? ` (${labels.value('escalation_type', e.escalationType)})` : ''}
                  {e.queue ? ` · ${t('contact.queue')}: ${e.queue}` : ''}
                  {e.teamId ? ` · ${labels.team(e.teamId)}` : ''}
                  {e.public === false && e.kind !== 'internal_note' ? ` · ${t('contact.internal')}` : ''}
                </li>
              ))}
            </ol>
            {result.data.events.length === 0 ? <p className="hint">{t('contact.noEvents')}</p> : null}
            <h2>{t('contact.surveys')}</h2>
            {result.data.surveys.length === 0 ? <p className="hint">{t('contact.noSurveys')}</p> : null}
            <ul className="surveys">
              {result.data.surveys.map((s) => (
                <li key={s.key}>
                  <strong>{labels.value('survey_kind', s.kind)}</strong>
                  {s.dimension ? ` (${s.dimension})` : ''}:{' '}
                  {s.score != null
                    ? `${formatScore(locale, s.score)} / ${s.scaleMax ?? ''}`
                    : t('survey.notAnswered')}
                  {s.respondedAt ? ` · ${formatInstant(locale, s.respondedAt, tz)}` : ''}
                  {s.comment ? <blockquote>{s.comment}</blockquote> : null}
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </>
  );
}
