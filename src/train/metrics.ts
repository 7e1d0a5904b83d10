/** The metrics jars' own trainer reports for every evaluation (kept free of tfjs, so run readers load it cheaply). */
export const TRAINER_METRICS = [
  'validAcc',
  'validLoss',
  'trainSeconds',
  'samplesPerSecond',
  'epochs',
  'paramsM',
  'flopsM',
  'latencyMs',
  'latencyIqrMs',
] as const;
