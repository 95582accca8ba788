import { useEffect, useId, useRef, useState } from 'react';
import { type DurationParse, parseDuration } from '../duration-input.js';
import { formatDuration, formatDurationExact } from '../format.js';
import { useI18n } from '../i18n/index.js';

/** The longest time a setting takes (the API's limit): no service target is longer than a year. */
export const MAX_DURATION_SECONDS = 365 * 86_400;
const EXAMPLE_SECONDS = 5400;

/**
 * A time typed as a reader thinks of it (`90 min`, `1 h 30 min`, `1:30`) and kept in seconds.
 * On leaving the field the text is written back in the language's own words (`1 hr 30 min`), so
 * the reader sees how it was understood; a text that is not a time says why, naming the field.
 */
export function DurationInput({
  seconds,
  onChange,
  label,
}: {
  /** NaN while the text is not a time. */
  seconds: number;
  onChange: (seconds: number) => void;
  /** The field's accessible name, also used in its error message. */
  label: string;
}) {
  const { t, locale } = useI18n();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => formatDurationExact(locale, seconds));
  const [showError, setShowError] = useState(false);
  const parsed = parseDuration(locale, text);
  const problem = problemOf(parsed, text);

  // A value changed from outside (a row removed above, another language) replaces the text.
  useEffect(() => {
    const current = parseDuration(locale, text);
    if (Number.isFinite(seconds) && !(current.ok && Math.round(current.seconds) === seconds))
      setText(formatDurationExact(locale, seconds));
    // Typing keeps `seconds` equal to what the text says (or NaN), so this leaves typing alone.
  }, [seconds, locale, text]);

  function problemOf(p: DurationParse, typed: string): string | null {
    const example = formatDurationExact(locale, EXAMPLE_SECONDS);
    const field = label;
    if (p.ok)
      return p.seconds > MAX_DURATION_SECONDS
        ? t('targets.error.tooLong', { field, max: formatDuration(locale, MAX_DURATION_SECONDS) })
        : null;
    switch (p.reason) {
      case 'empty':
        return t('targets.error.empty', { field, example });
      case 'negative':
        return t('targets.error.negative', { field });
      case 'no_unit':
        return t('targets.error.noUnit', { field, number: p.number, example });
      case 'unknown_unit':
        return t('targets.error.unknownUnit', { field, unit: p.unit, example });
      case 'not_a_duration':
        return t('targets.error.notADuration', { field, text: typed.trim(), example });
    }
  }

  useEffect(() => {
    input.current?.setCustomValidity(problem ?? '');
  }, [problem]);

  return (
    <span className="duration-input">
      <input
        ref={input}
        type="text"
        inputMode="text"
        autoComplete="off"
        required
        aria-label={label}
        aria-invalid={showError && problem ? true : undefined}
        aria-describedby={showError && problem ? errorId : undefined}
        placeholder={formatDurationExact(locale, EXAMPLE_SECONDS)}
        value={text}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const p = parseDuration(locale, next);
          // Whole seconds: no threshold or target is finer, and the text shown back is exact.
          onChange(p.ok ? Math.round(p.seconds) : Number.NaN);
        }}
        onBlur={() => {
          setShowError(true);
          if (parsed.ok && !problem) setText(formatDurationExact(locale, parsed.seconds));
        }}
        onInvalid={() => setShowError(true)}
      />
      {showError && problem ? (
        <span id={errorId} className="field-error">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
