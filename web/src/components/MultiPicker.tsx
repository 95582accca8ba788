import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.js';

export interface Option {
  value: string;
  label: string;
}

/**
 * A multi-select as a disclosure button and a list of checkboxes: each value is a labelled
 * checkbox (reachable with Tab, toggled with Space), Escape closes and returns focus to the button.
 */
export function MultiPicker({
  label,
  options,
  selected,
  onChange,
  testId,
}: {
  label: string;
  options: readonly Option[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const names = new Map(options.map((o) => [o.value, o.label]));
  const summary =
    selected.length === 0
      ? t('filter.all')
      : selected.length === 1
        ? (names.get(selected[0] ?? '') ?? selected[0])
        : t('filter.selected', { count: selected.length });
  const shown = search
    ? options.filter((o) => o.label.toLowerCase().includes(search.toLowerCase()))
    : options;
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);

  return (
    <div className="field picker">
      <span className="picker-label" id={`${id}-label`}>
        {label}
      </span>
      <button
        ref={button}
        type="button"
        className="secondary picker-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={`${id}-label ${id}-value`}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        <span id={`${id}-value`}>{summary}</span> <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div ref={panel} id={`${id}-panel`} className="picker-panel">
          <fieldset>
            <legend className="visually-hidden">{label}</legend>
            {options.length > 10 ? (
              <input
                type="search"
                aria-label={t('filter.search', { name: label })}
                placeholder={t('filter.searchPlaceholder')}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            ) : null}
            <ul>
              {shown.map((o) => (
                <li key={o.value}>
                  <label>
                    <input
                      type="checkbox"
                      checked={selected.includes(o.value)}
                      onChange={() => toggle(o.value)}
                    />{' '}
                    {o.label}
                  </label>
                </li>
              ))}
              {shown.length === 0 ? <li className="muted">{t('filter.noOptions')}</li> : null}
            </ul>
            <div className="picker-actions">
              <button
                type="button"
                className="link"
                onClick={() => onChange([])}
                disabled={selected.length === 0}
              >
                {t('filter.clear')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setOpen(false);
                  button.current?.focus();
                }}
              >
                {t('action.done')}
              </button>
            </div>
          </fieldset>
        </div>
      ) : null}
    </div>
  );
}
