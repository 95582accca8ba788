import { useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { Chart, SERIES_COLOURS } from '../../components/Chart.js';
import { ErrorState } from '../../components/States.js';
import { formatCount, formatInstant, formatPercent, formatPeriod, formatScore } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { TONES, type ToneModelView, wordsApi } from './api.js';
import { ToneBar } from './ToneBar.js';
import { editsWords, openMessages } from './view.js';
import { Answer, EmptyWords, type Said, SaidNotice, Section, type WordsContext } from './Words.js';

export function ToneTab({ context }: { context: WordsContext }) {
  const { t, locale } = useI18n();
  const tone = useApi(JSON.stringify({ q: context.query, g: context.grain }), (signal) =>
    wordsApi.tone(context.query, context.grain, signal),
  );
  return (
    <div data-testid="words-tone">
      <Answer result={tone}>
        {(data) => {
          const total = TONES.reduce((sum, key) => sum + data.counts[key], 0);
          if (total === 0) return <EmptyWords />;
          return (
            <>
              <Section id="words-tone-counts" title={t('words.tone.counts')}>
                <ul className="words-tone-counts">
                  {TONES.map((key) => (
                    <li key={key} className={`words-tone-${key}`} data-tone={key}>
                      {context.role !== 'viewer' ? (
                        <button
                          type="button"
                          className="link"
                          onClick={() => context.update((p) => openMessages(p, { tone: key }))}
                        >
                          {t(`words.tone.${key}`)}
                        </button>
                      ) : (
                        t(`words.tone.${key}`)
                      )}{' '}
                      <strong>{formatCount(locale, data.counts[key])}</strong>{' '}
                      <span className="muted">{formatPercent(locale, data.counts[key] / total)}</span>
                    </li>
                  ))}
                </ul>
                <ToneBar counts={data.counts} />
              </Section>
              <Section id="words-tone-trend" title={t('words.tone.overTime')}>
                <Chart
                  label={t('words.tone.overTime')}
                  testId="words-tone-chart"
                  height={240}
                  option={{
                    color: SERIES_COLOURS,
                    tooltip: { trigger: 'axis' },
                    legend: { top: 0 },
                    grid: { left: 48, right: 48, top: 32, bottom: 32 },
                    xAxis: {
                      type: 'category',
                      data: data.trend.map((p) => formatPeriod(locale, p.period, context.grain)),
                    },
                    yAxis: [
                      { type: 'value', min: -1, max: 1, name: t('words.tone.mean') },
                      {
                        type: 'value',
                        min: 0,
                        max: 1,
                        axisLabel: { formatter: (v: number) => formatPercent(locale, v, 0) },
                      },
                    ],
                    series: [
                      { name: t('words.tone.mean'), type: 'line', data: data.trend.map((p) => p.meanScore) },
                      {
                        name: t('words.tone.negativeShare'),
                        type: 'line',
                        yAxisIndex: 1,
                        data: data.trend.map((p) => p.negativeShare),
                      },
                    ],
                  }}
                />
              </Section>
              <Section id="words-tone-languages" title={t('words.tone.byLanguage')}>
                <table data-testid="words-tone-languages-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('words.column.language')}</th>
                      <th scope="col" className="num">
                        {t('words.column.texts')}
                      </th>
                      {TONES.map((key) => (
                        <th scope="col" className="num" key={key}>
                          {t(`words.tone.${key}`)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t('words.column.meanScore')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byLanguage.map((row) => (
                      <tr key={row.language}>
                        <th scope="row">{t(`words.lang.${row.language}`)}</th>
                        <td className="num">{formatCount(locale, row.texts)}</td>
                        {TONES.map((key) => (
                          <td className="num" key={key}>
                            {formatCount(locale, row[key])}
                          </td>
                        ))}
                        <td className="num">{formatScore(locale, row.meanScore)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Section>
              <ModelsSection context={context} models={data.models} onTrained={tone.reload} />
            </>
          );
        }}
      </Answer>
    </div>
  );
}

export function ModelsSection({
  context,
  models,
  onTrained,
}: {
  context: WordsContext;
  models: ToneModelView[];
  onTrained: () => void;
}) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<Said | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const train = async () => {
    setBusy(true);
    const result = await wordsApi.train();
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSaid({ key: 'words.models.trained', counts: { n: result.data.models.length } });
    onTrained();
  };
  return (
    <Section id="words-models" title={t('words.models.title')}>
      <p className="hint">{t('words.models.intro')}</p>
      {error ? <ErrorState error={error} /> : null}
      <SaidNotice said={said} />
      {models.length === 0 ? (
        <p className="muted">{t('words.models.none')}</p>
      ) : (
        <table data-testid="words-models-table">
          <thead>
            <tr>
              <th scope="col">{t('words.column.language')}</th>
              <th scope="col" className="num">
                {t('words.column.trainedOn')}
              </th>
              <th scope="col" className="num">
                {t('words.column.testedOn')}
              </th>
              <th scope="col" className="num">
                {t('words.column.accuracy')}
              </th>
              <th scope="col" className="num">
                {t('words.column.lexiconAccuracy')}
              </th>
              <th scope="col" className="num">
                {t('words.column.unsureShare')}
              </th>
              <th scope="col">{t('words.column.trainedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <tr key={model.language}>
                <th scope="row">{t(`words.lang.${model.language}`)}</th>
                <td className="num">{formatCount(locale, model.trainN)}</td>
                <td className="num">{formatCount(locale, model.testN)}</td>
                <td className="num">{formatPercent(locale, model.accuracy)}</td>
                <td className="num">{formatPercent(locale, model.lexiconAccuracy)}</td>
                <td className="num">{formatPercent(locale, model.unsureShare)}</td>
                <td>{formatInstant(locale, model.trainedAt, status.timezone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editsWords(context.role) ? (
        <button type="button" onClick={train} disabled={busy} data-testid="words-train">
          {t('words.models.train')}
        </button>
      ) : null}
    </Section>
  );
}
