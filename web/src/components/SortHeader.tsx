import { useI18n } from '../i18n/index.js';

/** A sortable column header: the button says what a click does; aria-sort says the current state. */
export function SortHeader({
  label,
  active,
  order,
  onSort,
  numeric,
  sortKey,
  className,
}: {
  label: string;
  /** The server's sort key, on the header for scripts and tests: the order is by what it shows. */
  sortKey?: string;
  className?: string;
  active: boolean;
  order: 'asc' | 'desc';
  onSort: () => void;
  numeric?: boolean;
}) {
  const { t } = useI18n();
  return (
    <th
      scope="col"
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={[numeric ? 'num' : '', className ?? ''].join(' ').trim() || undefined}
      data-sort={sortKey}
    >
      <button type="button" className="sort" onClick={onSort} title={t('table.sortBy', { column: label })}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
