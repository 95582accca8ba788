import { type FormEvent, useId, useState } from 'react';
import { VIEW_GRAINS, type ViewGrain, type ViewPeriod } from '../../../../src/services/views/contract.js';
import type { ApiProblem } from '../../api.js';
import { useAppData, useDashboardFilters } from '../../app-data.js';
import { activeDimensionFilters, type Filters, isRelativePreset, type Range } from '../../filters.js';
import { useI18n } from '../../i18n/index.js';
import { useLocation } from '../../router.js';
import { type ViewState, viewOfAddress, viewsApi } from './api.js';
import './dashboards.css';

/**
 * The period a saved view keeps: a relative preset stays relative (a report of "last week" moves on
 * with the calendar); "all time" and a custom range are kept as the dates shown now.
 */
export function viewPeriod(filters: Filters, range: Range | null, dataSpan: Range | null): ViewPeriod {
  if (isRelativePreset(filters.preset)) return { preset: filters.preset };
  const dates = range ?? dataSpan;
  return dates ? { from: dates.from, to: dates.to } : { preset: 'last30' };
}

/** The data's span as local dates, `to` exclusive: what "all time" shows today. */
function spanOf(from: string | null | undefined, to: string | null | undefined): Range | null {
  if (!from || !to) return null;
  const end = new Date(`${to.slice(0, 10)}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: from.slice(0, 10), to: end.toISOString().slice(0, 10) };
}

function problemText(problem: ApiProblem): string {
  const parts = [problem.detail ?? problem.title, ...(problem.issues ?? [])];
  return parts.join(' ');
}

/** "Save view": the page as it is now (its address, filters, period and grain) under a name. */
export function SaveView() {
  const { t } = useI18n();
  const { status, catalog } = useAppData();
  const { filters, range } = useDashboardFilters();
  const { pathname, search } = useLocation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const address = viewOfAddress(pathname, search.toString());
    const grain = search.get('grain');
    const known = new Set(catalog.kpis.map((k) => k.id));
    const state: ViewState = {
      period: viewPeriod(filters, range, spanOf(status.from, status.to)),
      timezone: filters.timezone,
      filters: activeDimensionFilters(filters),
      grain: (VIEW_GRAINS as readonly string[]).includes(grain ?? '') ? (grain as ViewGrain) : null,
      kpis: [...new Set(search.getAll('kpi').filter((k) => known.has(k)))],
      search: address.search,
    };
    setBusy(true);
    const saved = await viewsApi.createView({ name: name.trim(), shared, page: address.page, state });
    setBusy(false);
    if (!saved.ok) {
      setMessage({ ok: false, text: problemText(saved.error) });
      return;
    }
    setMessage({ ok: true, text: t('views.savedAs', { name: saved.data.name }) });
    setName('');
    setShared(false);
    setOpen(false);
  };

  return (
    <div className="save-view" data-testid="save-view">
      {open ? (
        <form className="save-view" onSubmit={submit} aria-label={t('views.save')}>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('views.name')}</label>
            <input
              id={`${id}-name`}
              value={name}
              required
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <label className="check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />{' '}
            {t('views.shared')}
          </label>
          <button type="submit" disabled={busy || name.trim() === ''}>
            {t('views.saveButton')}
          </button>
          <button type="button" className="link" onClick={() => setOpen(false)}>
            {t('dashboards.cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="link"
          onClick={() => {
            setOpen(true);
            setMessage(null);
          }}
        >
          {t('views.save')}
        </button>
      )}
      {message ? (
        <p
          className={message.ok ? 'hint' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="save-view-message"
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
