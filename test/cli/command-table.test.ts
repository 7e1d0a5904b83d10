import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, requestedCommand } from '../../src/cli/command-table.js';

describe('the command table behind jars --help', () => {
  it('lists exactly what the command modules register, with the same terms and descriptions', async () => {
    const program = new Command();
    const loaders = new Set(COMMANDS.map((c) => c.load));
    for (const load of loaders) (await load())(program);
    const help = new Help();
    const real = program.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: c.description() }));
    const table = COMMANDS.map((c) => ({ name: c.name, term: c.term, description: c.description }));
    expect(real.sort((a, b) => a.name.localeCompare(b.name))).toEqual(table.sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('finds the command a command line runs', () => {
    expect(requestedCommand(['status', 'x'])?.name).toBe('status');
    expect(requestedCommand(['help', 'trials'])?.name).toBe('trials');
    expect(requestedCommand(['--help'])).toBeUndefined();
  });

  it('help texts show defaults as people type them, never as internal JSON', async () => {
    const program = new Command();
    for (const load of new Set(COMMANDS.map((c) => c.load))) (await load())(program);
    const all = program.commands.flatMap((c) => [c, ...c.commands]);
    const shapes = all.flatMap((c) => c.helpInformation().match(/\(default: [[{][^)]*\)/g) ?? []);
    expect(shapes).toEqual([]);
  });
});
