import { describe, expect, it } from 'vitest';
import type { CatalogKpi, ScorecardKpi } from '../../api.js';
import { formatValue } from '../../format.js';
import { interpolate, loadBundle } from '../../i18n/index.js';
import { LOCALES, type Locale } from '../../i18n/types.js';
import { coachingReason, judgementOf, kpiWithStatistic, restFigure, type Statistic } from './comparison.js';

async function i18nFor(locale: Locale) {
  const bundle = await loadBundle(locale);
  return {
    locale,
    t: (key: keyof typeof bundle.messages, params?: Record<string, string | number>) =>
      interpolate(bundle.messages[key], params),
    kpiName: (id: string) => bundle.kpis[id as keyof typeof bundle.kpis]?.name ?? id,
  };
}

const FRT = { id: 'frt', format: 'duration', defaultStat: 'median' } as const satisfies Pick<
  CatalogKpi,
  'id' | 'format' | 'defaultStat'
>;
const CSAT = { id: 'csat', format: 'percent', defaultStat: null } as const satisfies Pick<
  CatalogKpi,
  'id' | 'format' | 'defaultStat'
>;

/** A scorecard entry as the server sends it: the comparison against the rest, of the statistic shown. */
function entry(
  kpi: string,
  value: number,
  rest: number,
  interval: [number, number],
  statistic: Statistic,
  clear = true,
): ScorecardKpi {
  return {
    kpi,
    value: {
      value,
      n: 196,
      comparison: {
        against: 'rest of team',
        statistic,
        rest: { value: rest, n: 642 },
        difference: value - rest,
        low: interval[0],
        high: interval[1],
        pValue: 0.001,
        clear,
      },
    },
    rest: { value: rest, n: 642 },
    team: { value: (value + 3 * rest) / 4, n: 838 },
    coaching: { candidate: true, direction: 'worse', reason: 'server English' },
  };
}

describe('coaching sentences', () => {
  it('name the statistic and give the two figures, their distance and its interval, checkable by hand', async () => {
    const i18n = await i18nFor('en');
    const d = (seconds: number) => formatValue('en', 'duration', seconds);
    expect(coachingReason(i18n, FRT, entry('frt', 720, 1080, [-600, -120], 'median'))).toBe(
      `First response time (median): ${d(720)} against ${d(1080)} for the rest of the team, ${d(360)} faster (95 % interval ${d(120)} to ${d(600)})`,
    );
    expect(coachingReason(i18n, FRT, entry('frt', 5700, 2460, [1500, 4900], 'median'))).toBe(
      `First response time (median): ${d(5700)} against ${d(2460)} for the rest of the team, ${d(3240)} slower (95 % interval ${d(1500)} to ${d(4900)})`,
    );
  });

  it('say shares in percentage points, higher or lower', async () => {
    const i18n = await i18nFor('en');
    const sentence = coachingReason(i18n, CSAT, entry('csat', 0.548, 0.874, [-0.496, -0.156], 'share'));
    expect(sentence).toMatch(
      /^Customer satisfaction \(CSAT\) \(share\): 54\.8\s?% against 87\.4\s?% for the rest/,
    );
    expect(sentence).toMatch(/, 32\.6 pp lower \(95 % interval 15\.6 pp to 49\.6 pp\)$/);
  });

  it('are left out when the difference is not clear', async () => {
    const i18n = await i18nFor('en');
    expect(coachingReason(i18n, FRT, entry('frt', 720, 1080, [-600, 60], 'median', false))).toBeNull();
  });

  it('compare with the rest of the team, never with the whole team that includes the agent', async () => {
    const row = entry('frt', 720, 1080, [-600, -120], 'median');
    expect(restFigure(row)).toEqual({ value: 1080, n: 642, withheld: false });
    // Shown to an agent, a rest that is one colleague's figure is withheld, and says so.
    const alone = {
      ...row,
      value: { ...row.value, comparison: null },
      rest: { value: null, n: 0, withheld: true },
    };
    expect(restFigure(alone)).toEqual({ value: null, n: 0, withheld: true });
    const sentence = coachingReason(await i18nFor('en'), FRT, row) ?? '';
    expect(sentence).not.toContain(formatValue('en', 'duration', row.team?.value));
  });

  it('read in every language, with every placeholder filled', async () => {
    for (const locale of LOCALES) {
      const i18n = await i18nFor(locale);
      const sentence = coachingReason(i18n, FRT, entry('frt', 720, 1080, [-600, -120], 'median')) ?? '';
      expect(sentence, locale).toContain(formatValue(locale, 'duration', 1080));
      expect(sentence, locale).toContain(i18n.t('agents.statistic.median'));
      expect(sentence, locale).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('judging an agent against the rest', () => {
  it('says better or worse only for a clear difference on enough contacts or answers', () => {
    const clear = entry('frt', 720, 1080, [-600, -120], 'median');
    expect(judgementOf(clear)).toBe('worse');
    expect(judgementOf({ ...clear, coaching: { ...clear.coaching, direction: 'better' } })).toBe('better');
    expect(judgementOf(entry('frt', 720, 1080, [-600, 60], 'median', false))).toBeNull();
    // A difference that looks clear on a single NPS answer is not news.
    expect(judgementOf({ ...clear, value: { ...clear.value, n: 1 } })).toBe('tooFew');
  });
});

describe('indicator names with their statistic', () => {
  it('add the statistic in brackets, except where the indicator is its own statistic', async () => {
    const i18n = await i18nFor('en');
    expect(kpiWithStatistic(i18n, 'frt', 'p90')).toBe('First response time (90th percentile)');
    expect(kpiWithStatistic(i18n, 'nps', 'nps')).toBe('Net Promoter Score');
    expect(kpiWithStatistic(i18n, 'contacts_resolved', null)).toBe(i18n.kpiName('contacts_resolved'));
  });
});
