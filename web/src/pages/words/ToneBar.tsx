import { formatCount, formatPercent } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { TONES } from './api.js';
import { toneSplit } from './charts.js';

/** The tones of a set of texts as one bar split by share, with the counts in its label. */
export function ToneBar({
  counts,
}: {
  counts: { positive: number; neutral: number; negative: number; unsure: number };
}) {
  const { t, locale } = useI18n();
  const split = toneSplit(counts);
  if (!split) return null;
  const label = TONES.map(
    (key) =>
      `${t(`words.tone.${key}`)} ${formatCount(locale, counts[key])} (${formatPercent(locale, split[key])})`,
  ).join(', ');
  return (
    <div className="words-tone-bar" role="img" aria-label={label} title={label}>
      {TONES.map((key) =>
        split[key] > 0 ? (
          <span key={key} className={`words-tone-${key}`} style={{ width: `${split[key] * 100}%` }} />
        ) : null,
      )}
    </div>
  );
}
