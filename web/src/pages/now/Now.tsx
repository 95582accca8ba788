import { type ReactNode, useEffect, useState } from 'react';
import { useCan } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { Loading } from '../../components/States.js';
import {
  formatCount,
  formatDay,
  formatDuration,
  formatInstant,
  formatNumber,
  formatPercent,
} from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import { type Connection, type NowView, useNowStream } from './stream.js';

type NowContactList = NowView['contacts']['open'];
type NowContact = NowContactList['oldest'][number];
type NowQueueWait = NowView['queues']['oldest'][number];
type NowAgent = NowView['agents']['agents'][number];
type NowTodayCount = NowView['created'];
type KpiValue = NowView['serviceLevel'];

/** With no event for this long, the page says a feed may have stopped. */
const QUIET_AFTER_S = 30 * 60;
/** Waits on the page grow between updates by this step, so they never look frozen. */
const TICK_MS = 5000;

/** Seconds since the view arrived, ticking every few seconds: waits are shown as they are now. */
function useSecondsSince(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, (now - since) / 1000);
}

function ConnectionBadge({ connection }: { connection: Connection }) {
  const { t } = useI18n();
  return (
    <span className={`now-connection now-${connection}`} role="status" data-testid="now-connection">
      <span aria-hidden="true">{connection === 'live' ? '●' : '○'}</span>{' '}
      {t(`now.connection.${connection}` as MessageKey)}
    </span>
  );
}

/** The Now page: tiles and lists of what is happening now, kept current by the server's event stream. */
export function Now() {
  const { t } = useI18n();
  usePageTitle(t('now.title'));
  const { view, receivedAt, connection } = useNowStream();
  const elapsed = useSecondsSince(receivedAt);

  return (
    <>
      <div className="page-head">
        <h1>{t('now.title')}</h1>
        <div className="page-actions">
          <ConnectionBadge connection={connection} />
        </div>
      </div>
      {view === null ? <Loading /> : <NowBody view={view} elapsed={elapsed} />}
    </>
  );
}

function NowBody({ view, elapsed }: { view: NowView; elapsed: number }) {
  const { t, locale } = useI18n();
  const own = view.scope === 'own';
  const lastEventAgo =
    view.lastEventAt === null
      ? null
      : (Date.parse(view.asOf) - Date.parse(view.lastEventAt)) / 1000 + elapsed;
  return (
    <div data-testid="now-page" data-as-of={view.asOf}>
      <p className="hint">{own ? t('now.introOwn') : t('now.intro')}</p>
      <p className="now-freshness" data-testid="now-freshness">
        {t('now.updated', { time: formatInstant(locale, view.asOf, view.timezone) })}
        {' · '}
        {lastEventAgo === null
          ? t('now.noEvents')
          : t('now.lastEvent', { ago: formatDuration(locale, lastEventAgo) })}
      </p>
      {lastEventAgo !== null && lastEventAgo > QUIET_AFTER_S ? (
        <p className="notice" data-testid="now-quiet">
          {t('now.staleWarning', { ago: formatDuration(locale, lastEventAgo) })}
        </p>
      ) : null}
      <Sources view={view} elapsed={elapsed} />
      <NowTiles view={view} elapsed={elapsed} />
      <ContactTable
        id="awaiting"
        title={t('now.list.awaiting')}
        list={view.contacts.awaitingFirstReply}
        waitingWord="now.column.waiting"
        elapsed={elapsed}
        own={own}
      />
      <QueueTable waits={view.queues.oldest} count={view.queues.waiting} elapsed={elapsed} />
      {view.contacts.unassigned ? (
        <ContactTable
          id="unassigned"
          title={t('now.list.unassigned')}
          list={view.contacts.unassigned}
          waitingWord="now.column.openFor"
          elapsed={elapsed}
          own={own}
        />
      ) : null}
      <ContactTable
        id="open"
        title={t('now.list.open')}
        list={view.contacts.open}
        waitingWord="now.column.openFor"
        elapsed={elapsed}
        own={own}
      />
      {own ? null : <AgentTable agents={view.agents.agents} timezone={view.timezone} />}
      {view.factsRebuiltAt ? (
        <p className="hint">
          {t('now.factsRebuilt', { time: formatInstant(locale, view.factsRebuiltAt, view.timezone) })}
        </p>
      ) : null}
    </div>
  );
}

function Sources({ view, elapsed }: { view: NowView; elapsed: number }) {
  const { t, locale } = useI18n();
  if (view.sources.length === 0) return null;
  return (
    <details className="now-sources">
      <summary>{t('now.sources')}</summary>
      <ul data-testid="now-sources">
        {view.sources.map((s) => (
          <li key={`${s.kind}|${s.source}`}>
            {s.source} ({t(`now.source.${s.kind}` as MessageKey)}):{' '}
            {t('now.lastEvent', {
              ago: formatDuration(
                locale,
                (Date.parse(view.asOf) - Date.parse(s.lastEventAt)) / 1000 + elapsed,
              ),
            })}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Tile({
  id,
  title,
  value,
  children,
}: {
  id: string;
  title: string;
  value: string;
  children?: ReactNode;
}) {
  return (
    <li className="tile now-tile" data-testid={`now-tile-${id}`} aria-labelledby={`now-tile-${id}-name`}>
      <h3 id={`now-tile-${id}-name`}>{title}</h3>
      <div className="value" data-testid={`now-tile-${id}-value`}>
        {value}
      </div>
      {children ? <div className="meta">{children}</div> : null}
    </li>
  );
}

function NowTiles({ view, elapsed }: { view: NowView; elapsed: number }) {
  const { t, locale } = useI18n();
  const late = (list: NowContactList) =>
    list.pastTarget > 0
      ? t('now.pastTargetCount', { count: formatCount(locale, list.pastTarget) })
      : t('now.noneLate');
  const { queues, agents } = view;
  const you = view.scope === 'own' ? agents.agents[0] : undefined;
  return (
    <ul className="tiles now-tiles" data-testid="now-tiles">
      <Tile
        id="awaiting"
        title={t('now.tile.awaiting')}
        value={formatCount(locale, view.contacts.awaitingFirstReply.count)}
      >
        <span className={view.contacts.awaitingFirstReply.pastTarget > 0 ? 'now-late' : undefined}>
          {late(view.contacts.awaitingFirstReply)}
        </span>
      </Tile>
      <Tile id="queue" title={t('now.tile.queue')} value={formatCount(locale, queues.waiting)}>
        {queues.longestWaitSeconds === null
          ? t('now.noQueue')
          : t('now.longestWait', { wait: formatDuration(locale, queues.longestWaitSeconds + elapsed) })}
      </Tile>
      <Tile id="open" title={t('now.tile.open')} value={formatCount(locale, view.contacts.open.count)} />
      {view.contacts.unassigned ? (
        <Tile
          id="unassigned"
          title={t('now.tile.unassigned')}
          value={formatCount(locale, view.contacts.unassigned.count)}
        />
      ) : null}
      <DayTile id="created" title={t('now.tile.created')} count={view.created} />
      <DayTile id="resolved" title={t('now.tile.resolved')} count={view.resolved} />
      {agents.counts ? (
        <Tile id="agents" title={t('now.tile.agents')} value={formatCount(locale, agents.counts.available)}>
          {t('now.agentCounts', {
            available: formatCount(locale, agents.counts.available),
            paused: formatCount(locale, agents.counts.paused),
            offline: formatCount(locale, agents.counts.offline),
          })}
        </Tile>
      ) : (
        <Tile
          id="you"
          title={t('now.tile.you')}
          value={you ? t(`now.state.${you.state}` as MessageKey) : t('now.noStatus')}
        >
          {you?.since ? t('now.since', { time: formatInstant(locale, you.since, view.timezone) }) : null}
          {you?.reason ? ` · ${t('now.reason', { reason: you.reason })}` : null}
        </Tile>
      )}
      <ShareTile id="service-level" title={t('now.tile.serviceLevel')} value={view.serviceLevel} />
      <ShareTile id="abandonment" title={t('now.tile.abandonment')} value={view.abandonment} />
    </ul>
  );
}

function DayTile({ id, title, count }: { id: string; title: string; count: NowTodayCount }) {
  const { t, locale } = useI18n();
  return (
    <Tile id={id} title={title} value={formatCount(locale, count.today.count)}>
      {t('now.sameWeekdays', { mean: formatNumber(locale, count.mean) })}
      <br />
      <span className="muted">
        {t('now.sameWeekdaysEach', {
          days: count.sameWeekdays
            .map((d) => `${formatDay(locale, d.day)}: ${formatCount(locale, d.count)}`)
            .join(' · '),
        })}
      </span>
    </Tile>
  );
}

function ShareTile({ id, title, value }: { id: string; title: string; value: KpiValue }) {
  const { t, locale } = useI18n();
  return (
    <Tile
      id={id}
      title={title}
      value={value.withheld ? t('value.withheld') : formatPercent(locale, value.value)}
    >
      {value.withheld ? t('now.withheld') : t('value.n', { n: formatCount(locale, value.n) })}
    </Tile>
  );
}

/** Whether a contact is past its deadline, in words, so that it does not rest on colour alone. */
function Verdict({ contact }: { contact: NowContact }) {
  const { t } = useI18n();
  if (!contact.awaitingReply) return contact.replied ? t('now.replied') : t('now.noMessage');
  if (contact.targetSeconds === null) return t('now.noTarget');
  if (!contact.pastTarget) return t('now.withinTarget');
  return (
    <strong className="now-late" data-testid="past-target">
      <span aria-hidden="true">⚠ </span>
      {t('now.pastTarget')}
    </strong>
  );
}

function ListNote({ shown, count }: { shown: number; count: number }) {
  const { t, locale } = useI18n();
  if (count === 0) return <p className="muted">{t('now.list.empty')}</p>;
  if (shown === 0) return <p className="muted">{t('now.list.hidden')}</p>;
  if (shown < count)
    return (
      <p className="muted">
        {t('now.list.more', { shown: formatCount(locale, shown), count: formatCount(locale, count) })}
      </p>
    );
  return null;
}

function ContactTable({
  id,
  title,
  list,
  waitingWord,
  elapsed,
  own,
}: {
  id: string;
  title: string;
  list: NowContactList;
  waitingWord: MessageKey;
  elapsed: number;
  own: boolean;
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const can = useCan();
  const target = (c: NowContact) =>
    c.targetSeconds === null
      ? t('now.noTarget')
      : c.targetHours === 'business'
        ? t('now.targetBusiness', { target: formatDuration(locale, c.targetSeconds) })
        : formatDuration(locale, c.targetSeconds);
  return (
    <section className="now-section" aria-labelledby={`now-${id}-title`} data-testid={`now-list-${id}`}>
      <h2 id={`now-${id}-title`}>{title}</h2>
      <ListNote shown={list.oldest.length} count={list.count} />
      {list.oldest.length > 0 ? (
        <div className="table-wrap">
          <table className="now-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('now.column.contact')}</th>
                <th scope="col">{t('now.column.channel')}</th>
                {own ? null : <th scope="col">{t('now.column.assignee')}</th>}
                <th scope="col" className="num">
                  {t(waitingWord)}
                </th>
                <th scope="col">{t('now.column.target')}</th>
                <th scope="col">{t('now.column.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {list.oldest.map((c) => (
                <tr
                  key={c.key}
                  data-testid={`now-contact-${c.key}`}
                  className={c.pastTarget ? 'now-late-row' : undefined}
                >
                  <th scope="row">
                    {can.drillDown ? (
                      <Link to={`/contacts/${encodeURIComponent(c.key)}`}>{c.subject ?? c.externalId}</Link>
                    ) : (
                      (c.subject ?? c.externalId)
                    )}
                    <br />
                    <span className="muted">
                      {c.source} {c.externalId}
                    </span>
                  </th>
                  <td>{labels.value('channel', c.channel)}</td>
                  {own ? null : <td>{c.assigneeName ?? c.assigneeId ?? t('value.none')}</td>}
                  <td className="num">{formatDuration(locale, c.waitedSeconds + elapsed)}</td>
                  <td>{target(c)}</td>
                  <td>
                    <Verdict contact={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function QueueTable({ waits, count, elapsed }: { waits: NowQueueWait[]; count: number; elapsed: number }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const title = t('now.list.queue');
  return (
    <section className="now-section" aria-labelledby="now-queue-title" data-testid="now-list-queue">
      <h2 id="now-queue-title">{title}</h2>
      <ListNote shown={waits.length} count={count} />
      {waits.length > 0 ? (
        <div className="table-wrap">
          <table className="now-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('now.column.contact')}</th>
                <th scope="col">{t('now.column.channel')}</th>
                <th scope="col">{t('now.column.queue')}</th>
                <th scope="col" className="num">
                  {t('now.column.waiting')}
                </th>
                <th scope="col">{t('now.column.target')}</th>
                <th scope="col">{t('now.column.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {waits.map((w) => (
                <tr
                  key={w.key}
                  data-testid={`now-queue-${w.key}`}
                  className={w.pastTarget ? 'now-late-row' : undefined}
                >
                  <th scope="row">{w.key}</th>
                  <td>{labels.value('channel', w.channel)}</td>
                  <td>{w.queue ?? t('value.none')}</td>
                  <td className="num">{formatDuration(locale, w.waitedSeconds + elapsed)}</td>
                  <td>
                    {w.targetSeconds === null ? t('now.noTarget') : formatDuration(locale, w.targetSeconds)}
                  </td>
                  <td>
                    {w.targetSeconds === null ? (
                      t('now.noTarget')
                    ) : w.pastTarget ? (
                      <strong className="now-late">
                        <span aria-hidden="true">⚠ </span>
                        {t('now.pastTarget')}
                      </strong>
                    ) : (
                      t('now.withinTarget')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function AgentTable({ agents, timezone }: { agents: NowAgent[]; timezone: string }) {
  const { t, locale } = useI18n();
  const title = t('now.list.agents');
  return (
    <section className="now-section" aria-labelledby="now-agents-title" data-testid="now-list-agents">
      <h2 id="now-agents-title">{title}</h2>
      {agents.length === 0 ? <p className="muted">{t('now.noStatus')}</p> : null}
      {agents.length > 0 ? (
        <div className="table-wrap">
          <table className="now-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('now.column.agent')}</th>
                <th scope="col">{t('now.column.state')}</th>
                <th scope="col">{t('now.column.since')}</th>
                <th scope="col">{t('now.column.queues')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.id} data-testid={`now-agent-${a.id}`}>
                  <th scope="row">{a.name ?? a.id}</th>
                  <td className={`now-state now-state-${a.state}`}>
                    {t(`now.state.${a.state}` as MessageKey)}
                    {a.reason ? ` (${a.reason})` : null}
                  </td>
                  <td>{formatInstant(locale, a.since, timezone)}</td>
                  <td>
                    {a.state === 'offline'
                      ? ''
                      : a.queues.length === 0
                        ? t('now.allQueues')
                        : a.queues.join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
