import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../i18n/index.js';

/**
 * A form editing a list of rules as table rows (thresholds, targets): each row's cells come from
 * `cells`, and the table adds the remove button per row, "add" and "save". The whole list is
 * saved at once.
 */
export function RuleTable<Row>({
  id,
  title,
  intro,
  headers,
  initial,
  newRow,
  addLabel,
  cells,
  save,
  footer,
}: {
  id: string;
  title: string;
  intro: ReactNode;
  headers: readonly string[];
  initial: readonly Row[];
  newRow: () => Row;
  addLabel: string;
  /** The cells of row `i`; `set` changes fields of that row. */
  cells: (row: Row, i: number, set: (patch: Partial<Row>) => void) => ReactNode;
  save: (rows: Row[]) => Promise<unknown>;
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const [rows, setRows] = useState<Row[]>([...initial]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await save(rows);
    setBusy(false);
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid={`${id}-form`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro}
      <table>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('column.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own while edited
            <tr key={i}>
              {cells(row, i, (patch) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))))}
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  {t('action.remove')}
                  <span className="visually-hidden"> {t('settings.rowN', { n: i + 1 })}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="page-actions">
        <button type="button" className="secondary" onClick={() => setRows([...rows, newRow()])}>
          {addLabel}
        </button>
        <button type="submit" disabled={busy}>
          {busy ? t('settings.saving') : t('action.save')}
        </button>
      </p>
      {footer}
    </form>
  );
}
