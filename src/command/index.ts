export { createCommandEvaluator } from './command-evaluator.js';
export type { CommandEvaluator, CommandEvaluatorOptions } from './command-evaluator.js';
export { materialiseSplit, datasetSourcePath } from './materialise-split.js';
export type { CommandDataOptions, MaterialisedSplit } from './materialise-split.js';
export { COMMAND_PROTOCOL_VERSION, parseTrainerLine } from './protocol.js';
export type { CandidateFileV1, IdxFilePair, SplitFiles, TrainerLine } from './protocol.js';
export { encodeIdxFloat32, encodeIdxUint8 } from './idx-writer.js';
export { groupAlive } from './process-group.js';
