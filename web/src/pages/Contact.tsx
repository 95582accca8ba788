import { type ContactDetail, call, client, useApi } from '../api.js';
import { useAppData, useDashboardFilters } from '../app-data.js';
import { usePageTitle } from '../components/Layout.js';
import { ErrorState, Loading } from '../components/States.js';
import { formatCount, formatDuration, formatInstant, formatScore } from '../format.js';
import { type I18n, useI18n } from '../i18n/index.js';
import { type Labels, useLabels } from '../labels.js';
import { Link } from '../router.js';
import { reviewScreenPath } from './qa/api.js';

const DURATION_FACT = /_s$/;
const INSTANT_FACT = /_at$/;

type Facts = NonNullable<ContactDetail['facts']>;

/**
 * The contact's facts in words, with units and the hours they are measured in: what a team lead
 * asks of one contact (how fast, resolved, reopened, escalated), not the column names.
 */
export function factSentences(
  facts: Facts,
  { t, locale }: Pick<I18n, 't' | 'locale'>,
  labels: Labels,
): string[] {
  const seconds = (name: string) => (typeof facts[name] === 'number' ? (facts[name] as number) : null);
  const yesNo = (name: string) =>
    typeof facts[name] === 'boolean' ? t(facts[name] ? 'value.yes' : 'value.no') : null;
  const duration = (s: number) => formatDuration(locale, s);
  /**
   * A business-hours duration, with the calendar time beside it when the two differ; the calendar
   * time alone, said to be so, when the contact has no business-hours figure.
   */
  const both = (business: number | null, calendar: number) =>
    business === null
      ? { main: duration(calendar), hours: t('tables.fact.hours.calendar'), calendar: null }
      : {
          main: duration(business),
          hours: t('tables.fact.hours.business'),
          calendar: calendar !== business ? duration(calendar) : null,
        };
  const withCalendar = (text: string, calendar: string | null) =>
    calendar ? `${text} · ${t('tables.fact.inCalendar', { duration: calendar })}` : text;
  const lines: string[] = [];

  const frt = seconds('frt_s');
  if (frt !== null) {
    const d = both(seconds('frt_bh_s'), frt);
    lines.push(
      withCalendar(t('tables.fact.firstResponse', { duration: d.main, hours: d.hours }), d.calendar),
    );
    if (typeof facts.first_reply_agent_id === 'string')
      lines.push(t('tables.fact.firstResponseBy', { agent: labels.agent(facts.first_reply_agent_id) }));
    const within = yesNo('frt_within_target');
    const target = seconds('frt_target_s');
    if (within !== null && target !== null)
      lines.push(t('tables.fact.withinTarget', { target: duration(target), answer: within }));
  } else if (facts.first_customer_message_at) lines.push(t('tables.fact.noFirstResponse'));

  const resolution = seconds('first_resolution_s');
  if (resolution !== null) {
    const d = both(seconds('first_resolution_bh_s'), resolution);
    lines.push(withCalendar(t('tables.fact.resolution', { duration: d.main, hours: d.hours }), d.calendar));
  }
  const reopens = seconds('reopens') ?? 0;
  const full = seconds('full_resolution_s');
  if (reopens > 0 && full !== null) {
    const d = both(seconds('full_resolution_bh_s'), full);
    lines.push(
      withCalendar(t('tables.fact.fullResolution', { duration: d.main, hours: d.hours }), d.calendar),
    );
  }
  if (facts.is_open === true) lines.push(t('tables.fact.open'));
  // The server answers by the First-contact resolution KPI's own rule (null when it does not count).
  const firstContact = yesNo('first_contact_resolution');
  if (firstContact !== null) lines.push(t('tables.fact.fcr', { answer: firstContact }));
  if (seconds('public_replies') !== null)
    lines.push(t('tables.fact.replies', { count: formatCount(locale, seconds('public_replies')) }));
  if (resolution !== null) lines.push(t('tables.fact.reopens', { count: formatCount(locale, reopens) }));
  const escalations = seconds('escalations');
  if (escalations !== null) {
    const kinds =
      typeof facts.escalation_types === 'string' && facts.escalation_types !== ''
        ? ` (${facts.escalation_types
            .split('|')
            .map((k) => labels.value('escalation_type', k))
            .join(', ')})`
        : '';
    lines.push(t('tables.fact.escalations', { count: formatCount(locale, escalations) }) + kinds);
  }
  const reassigned = yesNo('reassigned');
  if (reassigned !== null) lines.push(t('tables.fact.reassigned', { answer: reassigned }));

  if (facts.queued === true) {
    const wait = seconds('queue_wait_s');
    if (wait !== null) lines.push(t('tables.fact.queueWait', { duration: duration(wait) }));
    const threshold = seconds('sl_threshold_s');
    const within = yesNo('answered_within_sl');
    if (facts.answered === true && within !== null && threshold !== null)
      lines.push(t('tables.fact.withinServiceLevel', { target: duration(threshold), answer: within }));
    if (facts.abandoned === true) lines.push(t('tables.fact.abandoned'));
  }
  const handle = seconds('handle_s');
  if (handle !== null)
    lines.push(
      t('tables.fact.handle', {
        duration: duration(handle),
        talk: duration(seconds('talk_s') ?? 0),
        hold: duration(seconds('hold_s') ?? 0),
      }),
    );
  const afterWork = seconds('acw_s');
  if (afterWork !== null) lines.push(t('tables.fact.afterWork', { duration: duration(afterWork) }));
  const sla = yesNo('source_sla_met');
  if (sla !== null) lines.push(t('tables.fact.sourceSla', { answer: sla }));
  return lines;
}

export function ContactPage({ contactKey }: { contactKey: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const labels = useLabels();
  const dash = useDashboardFilters();
  const { user } = useAppData();
  const tz = dash.filters.timezone;
  const result = useApi(contactKey, (signal) =>
    call(client.api.contacts[':key'].$get({ param: { key: contactKey } }, { init: { signal } })),
  );
  // Named as the team knows it in its helpdesk: the source and the id there.
  const title =
    result.state === 'ok'
      ? t('tables.contact.title', { source: result.data.contact.source, id: result.data.contact.externalId })
      : t('contact.title', { id: contactKey });
  usePageTitle(title);
  const back = `/contacts${window.location.search}`;
  const gap = (s: number | null) => (s === null ? null : formatDuration(locale, s));

  return (
    <>
      <div className="page-head">
        <div>
          <h1 data-testid="contact-title">{title}</h1>
          {result.state === 'ok' && result.data.contact.subject ? (
            <p className="contact-subject">{result.data.contact.subject}</p>
          ) : null}
        </div>
        <div className="page-actions">
          {result.state === 'ok' && (user.role === 'admin' || user.role === 'manager') ? (
            <Link to={reviewScreenPath(result.data.contact)} className="button secondary">
              {t('qa.contact.review')}
            </Link>
          ) : null}{' '}
          <Link to={back}>{t('contact.back')}</Link>
        </div>
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
            <h2>{t('tables.contact.summary')}</h2>
            {result.data.facts ? (
              <ul className="fact-sentences" data-testid="contact-summary">
                {factSentences(result.data.facts, i18n, labels).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
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
                  <span className="event-gaps">
                    {e.sincePreviousSeconds !== null ? (
                      <span
                        className="event-gap"
                        data-testid="event-gap"
                        data-seconds={e.sincePreviousSeconds}
                        title={t('tables.contact.sincePreviousLabel', {
                          duration: gap(e.sincePreviousSeconds) ?? '',
                        })}
                      >
                        {t('tables.contact.sincePrevious', { duration: gap(e.sincePreviousSeconds) ?? '' })}
                      </span>
                    ) : null}
                    {e.sinceCreatedSeconds !== null ? (
                      <span className="event-since-created">
                        {e.sinceCreatedSeconds === 0
                          ? t('tables.contact.atCreation')
                          : t('tables.contact.sinceCreated', { duration: gap(e.sinceCreatedSeconds) ?? '' })}
                      </span>
                    ) : null}
                  </span>
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
