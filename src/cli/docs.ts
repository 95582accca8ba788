import { readFile, writeFile } from 'node:fs/promises';
import { replaceGeneratedTables } from '../core/import-formats-doc.js';
import { glossaryMarkdown } from '../core/kpi/glossary.js';

/** Regenerates the parts of the docs that are derived from the code (`npm run docs`). */
async function main(): Promise<void> {
  await writeFile('docs/kpis.md', glossaryMarkdown());
  const formats = 'docs/import-formats.md';
  await writeFile(formats, replaceGeneratedTables(await readFile(formats, 'utf8')));
}

await main();
