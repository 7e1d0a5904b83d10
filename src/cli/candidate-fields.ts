import type { Candidate, Json } from '../core/index.js';

/**
 * A candidate's fields as flat columns, `arch.<field>` then `recipe.<field>` (nested objects
 * joined with dots, arrays as JSON), for tables. Needs only the journal, not the run's space.
 */
export function candidateFields(candidate: Candidate): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  const walk = (prefix: string, value: Json | undefined): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    } else if (Array.isArray(value)) out[prefix] = JSON.stringify(value);
    else if (value !== undefined) out[prefix] = value;
  };
  walk('arch', candidate.arch as Json);
  walk('recipe', candidate.recipe as Json);
  return out;
}

/** `layers=2 channels=8 | optimizer=sgd lr=0.1`: a candidate for people, from its fields alone. */
export function describeCandidateFields(candidate: Candidate): string {
  const fields = Object.entries(candidateFields(candidate));
  const side = (prefix: string) =>
    fields
      .filter(([k]) => k.startsWith(`${prefix}.`))
      .map(([k, v]) => `${k.slice(prefix.length + 1)}=${v}`)
      .join(' ');
  return [side('arch'), side('recipe')].filter(Boolean).join(' | ');
}
