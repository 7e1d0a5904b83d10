import { Command, CommanderError } from 'commander';
import { JarsError } from '../core/index.js';
import { registerCommands } from './command-table.js';
import { jarsVersion } from '../setup/jars-version.js';

const USER_PATH_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EEXIST', 'EISDIR', 'EACCES', 'EPERM', 'EROFS']);

/** Exit codes: 0 ok, 1 failure while running, 2 bad input (flags, files, config). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('jars')
    .description('Joint Architecture-Recipe Search: predictor-guided, Pareto-aware search over architectures and training recipes')
    .version(jarsVersion())
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    // Only the command being run is loaded (see command-table.ts).
    await registerCommands(program, argv);
    await program.parseAsync(argv as string[], { from: 'user' });
    // Commands that end a run set their own code (1 failed, 130/143 stopped by a signal).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      return 2; // commander already printed its one-line message
    }
    if (error instanceof JarsError) {
      process.stderr.write(`jars: ${error.message}\n`);
      return ['E_INVALID_INPUT', 'E_DATA', 'E_RUN_CONFLICT', 'E_RUN_CORRUPT'].includes(error.code) ? 2 : 1;
    }
    // A path the user gave that the file system refuses (a file where a folder is wanted, a
    // missing parent, no permission): one line, like any bad input. A full disk or failing device
    // (ENOSPC, EIO, often with no path): one line too, exit 1.
    const fsError = error as NodeJS.ErrnoException;
    if (error instanceof Error && typeof fsError.code === 'string' && typeof fsError.syscall === 'string') {
      process.stderr.write(`jars: ${fsError.message}\n`);
      return typeof fsError.path === 'string' && USER_PATH_ERRORS.has(fsError.code) ? 2 : 1;
    }
    process.stderr.write(`jars: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

// A closed pipe (`jars search --json | head`) ends the command quietly; the journal is already safe.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
