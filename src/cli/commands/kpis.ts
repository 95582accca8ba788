import { type Command, Option } from 'commander';
import { KPIS } from '../../core/kpi/catalog.js';
import { glossaryMarkdown } from '../../core/kpi/glossary.js';
import { renderCatalogTable } from '../format.js';
import { out } from '../output.js';

export function kpisCommand(program: Command): void {
  program
    .command('kpis')
    .description('List every indicator with its exact definition')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'markdown'])
        .default('table'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  servicemeter kpis\n  servicemeter kpis --format markdown > docs/kpis.md',
    )
    .action((options: { format: 'table' | 'json' | 'markdown' }) => {
      if (options.format === 'json') out(JSON.stringify(KPIS, null, 2));
      else if (options.format === 'markdown') out(glossaryMarkdown());
      else out(renderCatalogTable(KPIS));
    });
}
