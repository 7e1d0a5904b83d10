/** Flag parsers live with the setup layer, which evaluator kinds' flags also use. */
export * from '../setup/flag-parsers.js';
