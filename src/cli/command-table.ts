import type { Command } from 'commander';

/**
 * Every jars command, known without loading it: `jars --help` lists them from here, and a run of
 * one command imports only that command's module (tfjs, ink and the evaluators cost seconds to
 * load; `jars ls` needs none of them). test/cli/command-table.test.ts keeps this table equal to
 * what the modules register.
 */
export interface CommandEntry {
  readonly name: string;
  /** As `jars --help` lists it, e.g. `status [options] <run>`. */
  readonly term: string;
  readonly description: string;
  /** Registers the real command (and any it shares a module with). */
  readonly load: () => Promise<(program: Command) => void>;
}

const search = () => import('./commands/search.js').then((m) => m.registerSearchCommand);
const status = () => import('./commands/status.js').then((m) => m.registerStatusCommands);

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'search', term: 'search [options]', description: 'run a joint architecture + recipe search; the journal in runs/<id>/ survives crashes (jars resume)', load: search },
  {
    name: 'resume',
    term: 'resume [options] <run>',
    description: 'continue an interrupted run (even after a crash or kill) without losing or repeating an evaluation; with --budget, extend a finished one',
    load: () => import('./commands/resume.js').then((m) => m.registerResumeCommand),
  },
  { name: 'status', term: 'status [options] <run>', description: 'summarise a run, live or finished: progress, best per objective, Pareto front', load: status },
  { name: 'ls', term: 'ls [options]', description: 'list runs, newest first', load: status },
  { name: 'schema', term: 'schema [options]', description: 'print (or write) the JSON Schema of run config files', load: status },
  {
    name: 'trials',
    term: 'trials [options] <run>',
    description: "every evaluation of a run as a table (CSV or JSON): id, status, metrics, fidelity, the candidate's fields",
    load: () => import('./commands/trials.js').then((m) => m.registerTrialsCommand),
  },
  {
    name: 'report',
    term: 'report [options] <run>',
    description:
      'write report.md into a run folder: config, Pareto front table, best candidate per objective, predictor quality, failures, and SVG plots (front, hypervolume or best-so-far over time); works on live and interrupted runs',
    load: () => import('./commands/report.js').then((m) => m.registerReportCommand),
  },
  {
    name: 'export',
    term: 'export [options] <run>',
    description: 'write measured candidates of a run as recipe files (architecture + recipe + metrics + provenance), validated by recipes/recipe.schema.json',
    load: () => import('./commands/export.js').then((m) => m.registerExportCommand),
  },
  {
    name: 'train',
    term: 'train [options]',
    description: 'train one architecture with one recipe and print its metrics (e.g. to retrain an exported recipe)',
    load: () => import('./commands/train.js').then((m) => m.registerTrainCommand),
  },
  {
    name: 'bench',
    term: 'bench [options]',
    description: 'run strategies side by side on a tabular benchmark over many seeds and print the incumbent at budget checkpoints',
    load: () => import('./commands/bench.js').then((m) => m.registerBenchCommand),
  },
  { name: 'predictor', term: 'predictor', description: 'predictor tools', load: () => import('./commands/predictor.js').then((m) => m.registerPredictorCommand) },
  {
    name: 'worker',
    term: 'worker [options]',
    description: 'evaluate candidates of runs on a Redis queue (jars search --queue): any machine, joining and leaving at will',
    load: () => import('./commands/worker.js').then((m) => m.registerWorkerCommand),
  },
];

/** The command a command line runs (`jars help status` counts as status), if it names one. */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * Registers the requested command for real and every other one as a stub that only shows in
 * `jars --help` (a stub never runs: any command line that names it loads the real one).
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const wanted = requestedCommand(argv);
  const register = wanted ? await wanted.load() : undefined;
  const real = new Set<string>();
  if (register) {
    const probe = program.commands.length;
    register(program);
    for (const c of program.commands.slice(probe)) real.add(c.name());
  }
  for (const entry of COMMANDS) {
    if (!real.has(entry.name)) program.command(entry.name).description(entry.description);
  }
  // Real commands first would reorder the list: sort as the table lists them.
  const order = new Map(COMMANDS.map((c, i) => [c.name, i]));
  (program.commands as Command[]).sort((a, b) => (order.get(a.name()) ?? 99) - (order.get(b.name()) ?? 99));
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? cmd.name() });
}
