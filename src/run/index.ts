export type { RunEvent, RunEventType, NewRunEvent } from './events.js';
export { runEventSchema } from './events.js';
export { JsonlRunJournal, readJournal } from './journal.js';
export { MemoryRunJournal } from './memory-journal.js';
export type { RunJournal } from './journal.js';
export { RunDirectory, listRuns, newRunId, CONFIG_FILE, JOURNAL_FILE } from './run-directory.js';
export { runConfigSchema, parseRunConfig, describeZodError, runConfigJsonSchema } from './config.js';
export type { RunConfig, RunConfigInput } from './config.js';
