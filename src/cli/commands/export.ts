import { Option } from 'commander';
import type { Command } from 'commander';
import { RECIPE_FORMATS, exportRecipes, parsePick } from '../../export/index.js';
import type { Pick, RecipeFormat } from '../../export/index.js';
import { resolveRunDir } from '../../report/index.js';
import { oneOf } from '../flags.js';

interface ExportFlags {
  pick: Pick;
  objective?: string;
  format: RecipeFormat;
  outDir?: string;
  name?: string;
  force?: boolean;
  runsDir: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write measured candidates of a run as recipe files (architecture + recipe + metrics + provenance), validated by recipes/recipe.schema.json')
    .argument('<run>', 'run folder (runs/<run-id>) or run id')
    .option('--runs-dir <dir>', 'where run ids are looked up', 'runs')
    .addOption(
      new Option('--pick <what>', 'best (on --objective), front (one file per front member) or a candidate id')
        .argParser((v: string) => parsePick(v))
        .default({ kind: 'best' } as Pick, 'best'),
    )
    .option('--objective <metric>', "with --pick best: which of the run's objectives (default: the first)")
    .option('--format <format>', RECIPE_FORMATS.join(', '), oneOf('--format', RECIPE_FORMATS), 'json' as RecipeFormat)
    .option('--out-dir <dir>', 'folder for the files (default: <run>/exports)')
    .option('--name <name>', 'file base name (<name>.recipe.<format>; --pick front appends -c<id>)')
    .option('--force', 'overwrite existing files')
    .action((run: string, flags: ExportFlags) => {
      const written = exportRecipes({
        runDir: resolveRunDir(run, flags.runsDir),
        pick: flags.pick,
        ...(flags.objective !== undefined ? { objective: flags.objective } : {}),
        format: flags.format,
        ...(flags.outDir !== undefined ? { outDir: flags.outDir } : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.force ? { force: true } : {}),
      });
      for (const w of written) process.stdout.write(`${w.path}\n`);
    });
}
