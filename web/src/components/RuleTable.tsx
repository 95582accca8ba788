import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../i18n/index.js';

/**
 * Rows edited in a table: each row's cells come from `cells`, and the table adds a remove button
 * per row (named `rowName(i)` for screen readers) and an "add" button under it, beside `actions`.
 */
export function EditableRows<Row>({
  headers,
  rows,
  onChange,
  cells,
  rowName,
  newRow,
  addLabel,
  actions,
}: {
  headers: readonly string[];
  rows: readonly Row[];
  onChange: (rows: Row[]) => void;
  /** The cells of row `i`; `set` changes fields of that row. */
  cells: (row: Row, i: number, set: (patch: Partial<Row>) => void) => ReactNode;
  rowName: (i: number) => string;
  newRow: () => Row;
  addLabel: string;
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
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
              {cells(row, i, (patch) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))))}
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  {t('action.remove')}
                  <span className="visually-hidden"> {rowName(i)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={actions ? 'page-actions' : undefined}>
        <button type="button" className="secondary" onClick={() => onChange([...rows, newRow()])}>
          {addLabel}
        </button>
        {actions}
      </p>
    </>
  );
}

/** A form saving a whole list of rules at once (thresholds, targets), edited as `EditableRows`. */
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
      <EditableRows
        headers={headers}
        rows={rows}
        onChange={setRows}
        cells={cells}
        rowName={(i) => t('settings.rowN', { n: i + 1 })}
        newRow={newRow}
        addLabel={addLabel}
        actions={
          <button type="submit" disabled={busy}>
            {busy ? t('settings.saving') : t('action.save')}
          </button>
        }
      />
      {footer}
    </form>
  );
}
