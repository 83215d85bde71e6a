import { parseDocument } from 'yaml';
import type { FileProblem, PolicyDocument, SourceFile } from '../model.js';
import { buildStructuredDocument, parseSafely, schemaProblem } from './structured-document.js';
import type { StructuredParseOptions } from './structured-document.js';
import { jsonTooDeepAt, MAX_NESTING, nestingDepth } from './structured-depth.js';
import { locateJsonSyntaxError } from './structured-json-syntax.js';
import { sourcePositions, yamlLineBreaks } from './structured-positions.js';
import type { SourcePositions } from './structured-positions.js';
import { indexYamlTree, wholeFileTree } from './structured-tree.js';
import type { StructuredTree } from './structured-tree.js';

/** V8's wording, from Node 20 on: "… in JSON at position 13 (line 2 column 5)". */
const POSITION = /\s+in JSON at position (\d+)(?:\s*\(line \d+ column \d+\))?/;
/** V8's "Unexpected token 'x', "…" is not valid JSON": the quoted excerpt is noise in a report. */
const EXCERPT = /,\s*(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s;

function syntaxProblem(
  text: string,
  offset: number,
  error: unknown,
  positions: SourcePositions,
): FileProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const found = POSITION.exec(raw);
  const reason = raw.replace(POSITION, '').replace(EXCERPT, '').trim() || 'Invalid JSON';
  // Prefer JSON.parse's own position; only some of its messages carry one.
  const at = found ? Number(found[1]) : (locateJsonSyntaxError(text) ?? text.length);
  const start = offset + at;
  const span = positions.range(start, start + 1);
  const message =
    `JSON syntax error at line ${span.line}, column ${span.column}: ${reason}. ` +
    'Fix the JSON here (a missing or trailing comma, or an unquoted key, is the usual cause); ' +
    'until the file parses, none of its third parties are checked';
  return schemaProblem(span, message);
}

/**
 * Positions for a valid JSON text, read by the YAML parser (JSON is YAML 1.2). Duplicate keys
 * are allowed, as in JSON.parse (last one wins); if the YAML reader still balks, every pointer
 * falls back to the whole file rather than to a wrong line.
 */
function jsonTree(text: string, positions: SourcePositions): StructuredTree {
  // JSON.parse copes with deep nesting; the YAML reader may not (see structured-depth.ts).
  if (nestingDepth(text) > MAX_NESTING) return wholeFileTree(positions);
  const doc = parseDocument(yamlLineBreaks(text), { prettyErrors: false, uniqueKeys: false });
  return doc.errors.length > 0 ? wholeFileTree(positions) : indexYamlTree(doc.contents, positions);
}

function readJson(source: SourceFile, options: StructuredParseOptions): PolicyDocument {
  const positions = sourcePositions(source.text);
  // JSON.parse copes with any depth, but the rules after it do not (ajv's errors quote values
  // with JSON.stringify, which overflows the stack on 200,000 levels), and without positions
  // every finding in such a file would point at line 1. So it is refused, as YAML is.
  const tooDeep = jsonTooDeepAt(source.text);
  if (tooDeep !== null) {
    const span = positions.range(tooDeep, tooDeep + 1);
    const message = `JSON file nests more than ${MAX_NESTING} levels deep (at line ${span.line}, column ${span.column}), which no policy file needs; flatten it so it can be checked`;
    return buildStructuredDocument(source, 'json', null, [schemaProblem(span, message)], options);
  }
  // JSON.parse rejects a byte-order mark, which editors on Windows still write.
  const offset = source.text.startsWith('\uFEFF') ? 1 : 0;
  const text = source.text.slice(offset);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = syntaxProblem(text, offset, error, positions);
    return buildStructuredDocument(source, 'json', null, [problem], options);
  }
  const tree = jsonTree(source.text, positions);
  return buildStructuredDocument(source, 'json', { value, tree }, [], options);
}

/**
 * Parses a JSON policy file (our format or a vendor array in the wild) into a document with
 * positions; syntax errors become `schema` problems at JSON.parse's position. Never throws.
 */
export function parseJsonPolicy(
  source: SourceFile,
  options: StructuredParseOptions,
): PolicyDocument {
  return parseSafely(source, 'json', options, () => readJson(source, options));
}
