/**
 * The per-table part of docs/import-formats.md, generated from the canonical schema so the
 * documentation cannot disagree with what the import accepts. Pure: no IO.
 */
import { type ColumnSpec, type ColumnType, importOrder, TABLES, type TableSpec } from './schema.js';

export const GENERATED_TABLES_BEGIN = '<!-- BEGIN GENERATED: tables -->';
export const GENERATED_TABLES_END = '<!-- END GENERATED: tables -->';

/** A Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');
}

const code = (text: string) => `\`${text}\``;

/** The type column of the reference: the kind plus its allowed values or range. */
export function typeText(type: ColumnType): string {
  switch (type.kind) {
    case 'text':
      return 'text';
    case 'enum':
      return `one of ${type.values.map(code).join(', ')}`;
    case 'timestamp':
      return 'timestamp (ISO 8601)';
    case 'date':
      return 'date `YYYY-MM-DD`';
    case 'time':
      return 'time `HH:MM` or `HH:MM:SS`';
    case 'integer': {
      if (type.min !== undefined && type.max !== undefined) return `integer ${type.min}–${type.max}`;
      if (type.min !== undefined) return `integer ≥ ${type.min}`;
      if (type.max !== undefined) return `integer ≤ ${type.max}`;
      return 'integer';
    }
    case 'double':
      return type.min !== undefined ? `number ≥ ${type.min}` : 'number';
    case 'boolean':
      return 'boolean';
    case 'timezone':
      return 'IANA time zone';
    case 'currency':
      return 'currency `EUR`, `USD`, … (ISO 4217)';
    default: {
      const unreachable: never = type;
      throw new Error(`unknown column type: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The description, unless it only repeats the values the type column already lists. */
function descriptionText(column: ColumnSpec): string {
  const { type, description } = column;
  return type.kind === 'enum' && description === type.values.join(', ') ? '' : description;
}

function columnRow(column: ColumnSpec): string {
  return `| ${code(column.name)} | ${cell(typeText(column.type))} | ${column.required ? 'yes' : ''} | ${cell(descriptionText(column))} |`;
}

function tableSection(spec: TableSpec): string {
  const lines = [
    `### ${code(spec.name)}`,
    '',
    spec.description,
    '',
    `Files: ${code(`${spec.name}.csv`)}, ${code(`${spec.name}-2026-03.ndjson.gz`)}, … (the name starts with ${code(spec.name)}, then the extension, ${code('-')}, ${code('_')}, ${code('.')} or a digit).`,
    '',
    `Key: ${spec.key.map(code).join(' + ')}. A row whose key is already stored replaces it.`,
  ];
  if (spec.dependsOn.length > 0) {
    lines.push('', `Imported after: ${spec.dependsOn.map(code).join(', ')}.`);
  }
  lines.push(
    '',
    '| column | type | required | description |',
    '|---|---|---|---|',
    ...spec.columns.map(columnRow),
  );
  return lines.join('\n');
}

/** Every canonical table, in import order, as Markdown. Ends with a newline. */
export function importFormatReference(): string {
  return `${importOrder()
    .map((name) => tableSection(TABLES[name]))
    .join('\n\n')}\n`;
}

/**
 * `document` with the text between the generated-tables markers replaced by `generated`. Throws
 * when the markers are missing or out of order, so a broken document is never silently rewritten.
 */
export function replaceGeneratedTables(
  document: string,
  generated: string = importFormatReference(),
): string {
  const begin = document.indexOf(GENERATED_TABLES_BEGIN);
  const end = document.indexOf(GENERATED_TABLES_END);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`expected ${GENERATED_TABLES_BEGIN} … ${GENERATED_TABLES_END} in the document`);
  }
  const head = document.slice(0, begin + GENERATED_TABLES_BEGIN.length);
  return `${head}\n\n${generated.trimEnd()}\n\n${document.slice(end)}`;
}
