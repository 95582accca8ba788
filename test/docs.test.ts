import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  GENERATED_TABLES_BEGIN,
  GENERATED_TABLES_END,
  importFormatReference,
  replaceGeneratedTables,
} from '../src/core/import-formats-doc.js';
import { KPIS } from '../src/core/kpi/catalog.js';
import { glossaryMarkdown } from '../src/core/kpi/glossary.js';
import { CANONICAL_TABLES, TABLES } from '../src/core/schema.js';
import { SOURCE_FORMATS } from '../src/ingest/sources/index.js';

const read = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

describe('docs/import-formats.md', () => {
  const document = read('import-formats.md');

  test('its generated section is what the schema generates (regenerate it when the schema changes)', () => {
    const begin = document.indexOf(GENERATED_TABLES_BEGIN);
    const end = document.indexOf(GENERATED_TABLES_END);
    expect(begin, 'begin marker').toBeGreaterThan(-1);
    expect(end, 'end marker').toBeGreaterThan(begin);
    const section = document.slice(begin + GENERATED_TABLES_BEGIN.length, end);
    expect(section.trim()).toBe(importFormatReference().trim());
    expect(replaceGeneratedTables(document)).toBe(document);
  });

  test('the reference covers every table and every column', () => {
    const reference = importFormatReference();
    for (const table of CANONICAL_TABLES) {
      expect(reference).toContain(`### \`${table}\``);
      for (const column of TABLES[table].columns) expect(reference).toContain(`| \`${column.name}\` |`);
    }
  });

  test('replacing the generated section keeps the hand-written text around it', () => {
    const doc = `intro\n${GENERATED_TABLES_BEGIN}\nold\n${GENERATED_TABLES_END}\noutro\n`;
    expect(replaceGeneratedTables(doc, 'new\n')).toBe(
      `intro\n${GENERATED_TABLES_BEGIN}\n\nnew\n\n${GENERATED_TABLES_END}\noutro\n`,
    );
    expect(() => replaceGeneratedTables('no markers', 'new')).toThrow(/BEGIN GENERATED/);
  });
});

describe('source formats', () => {
  const formats = read('import-formats.md');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  test.each(SOURCE_FORMATS.map((f) => f.name))(
    '%s has a reference page, a row in import-formats.md and in the README',
    (name) => {
      expect(read(`sources/${name}.md`)).toContain(`servicemeter import ${name}`);
      expect(formats).toContain(`| \`${name}\` |`);
      expect(formats).toContain(`(sources/${name}.md)`);
      expect(readme).toContain(`\`${name}\``);
    },
  );
});

describe('docs/kpis.md', () => {
  test('is the glossary generated from the KPI catalog (run `npm run docs` when the catalog changes)', () => {
    expect(read('kpis.md')).toBe(glossaryMarkdown());
  });
});

describe('README.md', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  test('lists every indicator', () => {
    for (const kpi of KPIS) expect(readme).toContain(`\`${kpi.id}\``);
  });
});
