import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';

/**
 * The syntax error RE2 gives for a pattern, or null when it compiles. User patterns run on
 * RE2 (linear time, see forbidden-pattern.ts), so they are validated by RE2 too: a check with
 * JavaScript's RegExp would accept backreferences and lookaround, which RE2 cannot run, and
 * reject RE2's own `(?i)` and `\x{e9}`.
 */
export function re2SyntaxError(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** One ajv instance for the engine's own schemas (rule pack, config, rule params). */
export function createValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addFormat('regex', { type: 'string', validate: (s: string) => re2SyntaxError(s) === null });
  return ajv;
}
