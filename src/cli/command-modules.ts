import type { Command } from 'commander';

export type Registration = (program: Command) => void;

/**
 * Each command's module, in the order `servicemeter --help` lists them, with the commands it adds.
 * A command loads only its own module: loading all of them took a second before any command ran.
 */
export const COMMAND_MODULES: readonly { commands: readonly string[]; load: () => Promise<Registration> }[] =
  [
    { commands: ['import'], load: async () => (await import('./commands/import.js')).importCommand },
    { commands: ['sync'], load: async () => (await import('./commands/sync.js')).syncCommand },
    { commands: ['webhooks'], load: async () => (await import('./commands/webhooks.js')).webhooksCommand },
    { commands: ['surveys'], load: async () => (await import('./commands/surveys.js')).surveysCommand },
    { commands: ['qa'], load: async () => (await import('./commands/qa.js')).qaCommand },
    { commands: ['words'], load: async () => (await import('./commands/words.js')).wordsCommand },
    { commands: ['erlang'], load: async () => (await import('./commands/erlang.js')).erlangCommand },
    {
      commands: ['staffing', 'forecast', 'schedules', 'workforce'],
      load: async () => (await import('./commands/workforce.js')).workforceCommand,
    },
    { commands: ['business'], load: async () => (await import('./commands/business.js')).businessCommand },
    {
      commands: ['benchmarks'],
      load: async () => (await import('./commands/benchmarks.js')).benchmarksCommand,
    },
    {
      commands: ['views', 'dashboards'],
      load: async () => (await import('./commands/views.js')).viewsCommand,
    },
    {
      commands: ['targets', 'baselines'],
      load: async () => (await import('./commands/targets.js')).targetsCommand,
    },
    { commands: ['report'], load: async () => (await import('./commands/report.js')).reportCommand },
    { commands: ['alerts'], load: async () => (await import('./commands/alerts.js')).alertsCommand },
    { commands: ['export'], load: async () => (await import('./commands/export.js')).exportCommand },
    { commands: ['backup'], load: async () => (await import('./commands/backup.js')).backupCommand },
    {
      commands: ['migrate-to'],
      load: async () => (await import('./commands/migrate-to.js')).migrateToCommand,
    },
    { commands: ['rebuild'], load: async () => (await import('./commands/rebuild.js')).rebuildCommand },
    { commands: ['repair'], load: async () => (await import('./commands/repair.js')).repairCommand },
    {
      commands: ['data-quality'],
      load: async () => (await import('./commands/data-quality.js')).dataQualityCommand,
    },
    { commands: ['kpis'], load: async () => (await import('./commands/kpis.js')).kpisCommand },
    { commands: ['kpi'], load: async () => (await import('./commands/kpi.js')).kpiCommand },
    { commands: ['demo'], load: async () => (await import('./commands/demo.js')).demoCommand },
    { commands: ['serve'], load: async () => (await import('./commands/serve.js')).serveCommand },
    { commands: ['jobs'], load: async () => (await import('./commands/jobs.js')).jobsCommand },
    { commands: ['user'], load: async () => (await import('./commands/user.js')).userCommand },
  ];

export const COMMAND_NAMES: readonly string[] = COMMAND_MODULES.flatMap((m) => m.commands);

/**
 * What a command line needs whose first word is `word`: the module of the command it names, or
 * every module when it names none (`--help`, a mistyped command, answered with all their names);
 * none for the version.
 */
export async function commandModules(word: string | undefined): Promise<Registration[]> {
  if (word === '-v' || word === '--version') return [];
  const named = COMMAND_MODULES.filter((m) => word !== undefined && m.commands.includes(word));
  const needed = named.length > 0 ? named : COMMAND_MODULES;
  return Promise.all(needed.map((m) => m.load()));
}
