import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { COMMAND_MODULES, COMMAND_NAMES, commandModules } from './command-modules.js';

function namesAdded(registrations: ((program: Command) => void)[]): string[] {
  const program = new Command('servicemeter');
  for (const register of registrations) register(program);
  return program.commands.map((c) => c.name());
}

describe('the command modules', () => {
  test.each(COMMAND_MODULES.map((m) => [m.commands.join(', '), m] as const))(
    '%s: the module adds exactly the commands it is listed with',
    async (_names, module) => {
      expect(namesAdded([await module.load()])).toEqual(module.commands);
    },
  );

  test('a command line naming a command loads only its module; any other loads all, in order', async () => {
    expect(namesAdded(await commandModules('baselines'))).toEqual(['targets', 'baselines']);
    expect(namesAdded(await commandModules('kpi'))).toEqual(['kpi']);
    expect(namesAdded(await commandModules('--help'))).toEqual(COMMAND_NAMES);
    expect(namesAdded(await commandModules('kpx'))).toEqual(COMMAND_NAMES);
    expect(namesAdded(await commandModules(undefined))).toEqual(COMMAND_NAMES);
    expect(namesAdded(await commandModules('--version'))).toEqual([]);
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
  });
});
