import { splitLines } from '../extract/lines.js';
import { findSuppressions } from '../extract/suppressions.js';
import { findTodos } from '../extract/todos.js';
import type {
  FileFormat,
  FileProblem,
  PolicyDocument,
  Severity,
  SourceFile,
  Span,
} from '../model.js';
import { declaresPolicySchema } from './structured-schema-id.js';
import type { StructuredTree } from './structured-tree.js';
import { extractStructuredThirdParties } from './structured-vendors.js';

/** A successfully parsed value and its positions; null when the file did not parse. */
export interface ParsedStructure {
  value: unknown;
  tree: StructuredTree;
}

/** How a YAML or JSON file is parsed: `strict` when the config says the file follows the schema. */
export interface StructuredParseOptions {
  strict: boolean;
}

/** A file-level problem of a structured file; these are reported under the `schema` rule. */
export function schemaProblem(
  span: Span,
  message: string,
  severity: Severity = 'error',
): FileProblem {
  return { ruleId: 'schema', severity, message, span };
}

/**
 * Assembles the document of a YAML or JSON file. `declaresSchema` is also true for a strict
 * parse: the model has no other place for it, and both mean "hold this file to the schema".
 */
export function buildStructuredDocument(
  source: SourceFile,
  format: Extract<FileFormat, 'yaml' | 'json'>,
  parsed: ParsedStructure | null,
  problems: FileProblem[],
  options: StructuredParseOptions,
): PolicyDocument {
  const lines = splitLines(source.text);
  return {
    path: source.path,
    format,
    lineCount: lines.length,
    lines,
    thirdParties: parsed ? extractStructuredThirdParties(parsed.value, parsed.tree) : [],
    todos: findTodos(lines),
    recoveries: [],
    suppressions: findSuppressions(lines),
    problems,
    structured: parsed
      ? {
          value: parsed.value,
          spanAt: parsed.tree.spanAt,
          keySpanAt: parsed.tree.keySpanAt,
          declaresSchema: options.strict || declaresPolicySchema(parsed.value),
        }
      : null,
  };
}

/**
 * Runs a parser and turns anything it throws into a problem, so no input ever throws: deep
 * nesting can exhaust the stack inside the libraries themselves.
 */
export function parseSafely(
  source: SourceFile,
  format: Extract<FileFormat, 'yaml' | 'json'>,
  options: StructuredParseOptions,
  parse: () => PolicyDocument,
): PolicyDocument {
  try {
    return parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const whole = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const label = format === 'yaml' ? 'YAML' : 'JSON';
    const message = `${label} file could not be read (${reason}); simplify its structure (less nesting, fewer aliases) so it can be checked`;
    return buildStructuredDocument(source, format, null, [schemaProblem(whole, message)], options);
  }
}
