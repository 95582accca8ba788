import type { Command } from 'commander';
import type { Engine } from '../../core/engine.js';
import { allDashboards } from '../../services/views/dashboards.js';
import { allSavedViews } from '../../services/views/views.js';
import { withDatabase } from '../database.js';
import { minuteText } from '../format.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The owners' addresses by user id; an owner removed since shows as their id. */
async function ownerNames(db: Engine): Promise<(id: string) => string> {
  const rows = await db.all('SELECT id, email FROM users');
  const emails = new Map(rows.map((r) => [String(r.id), String(r.email)]));
  return (id) => emails.get(id) ?? id;
}

const periodText = (period: { preset: string } | { from: string; to: string }) =>
  'preset' in period ? period.preset : `${period.from}…${period.to}`;

export function viewsCommand(program: Command) {
  program
    .command('views')
    .description('Saved views: a page of the dashboard with its period and filters under a name')
    .addHelpText('after', '\nExamples:\n  servicemeter views list\n  servicemeter views list --json')
    .command('list')
    .description('Every saved view, private ones too, with its page, period, owner and whether it is shared')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const views = await allSavedViews(db);
        if (options.json) return out(JSON.stringify(views, null, 2));
        if (views.length === 0) return out('No saved views yet; save one from a page of the dashboard.');
        const owner = await ownerNames(db);
        out(
          table(
            ['name', 'page', 'period', 'time zone', 'shared', 'owner', 'changed'],
            views.map((v) => [
              v.name,
              v.page,
              periodText(v.state.period),
              v.state.timezone,
              v.shared ? 'yes' : 'no',
              owner(v.ownerId),
              minuteText(v.updatedAt),
            ]),
          ),
        );
      });
    });

  program
    .command('dashboards')
    .description('Custom dashboards: tiles of any indicator, private or shared, a default per role')
    .addHelpText(
      'after',
      '\nExamples:\n  servicemeter dashboards list\n  servicemeter dashboards list --json',
    )
    .command('list')
    .description('Every dashboard, private ones too, with its tiles, owner and the roles it opens for')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const dashboards = await allDashboards(db);
        if (options.json) return out(JSON.stringify(dashboards, null, 2));
        if (dashboards.length === 0) return out('No dashboards yet; build one on the Dashboards page.');
        const owner = await ownerNames(db);
        out(
          table(
            ['name', 'tiles', 'period', 'shared', 'default for', 'owner', 'changed'],
            dashboards.map((d) => [
              d.name,
              String(d.tiles.length),
              periodText(d.state.period),
              d.shared ? 'yes' : 'no',
              d.defaultFor.join(', ') || '–',
              owner(d.ownerId),
              minuteText(d.updatedAt),
            ]),
          ),
        );
      });
    });
}
