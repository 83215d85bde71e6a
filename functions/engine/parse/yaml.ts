import { parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import type { FileProblem, PolicyDocument, SourceFile } from '../model.js';
import { buildStructuredDocument, parseSafely, schemaProblem } from './structured-document.js';
import type { StructuredParseOptions } from './structured-document.js';
import { MAX_NESTING, nestingDepth } from './structured-depth.js';
import { sourcePositions, yamlLineBreaks } from './structured-positions.js';
import type { SourcePositions } from './structured-positions.js';
import { indexYamlTree } from './structured-tree.js';

/** One broken bracket can cascade into hundreds of errors; the first few say what to fix. */
const MAX_SYNTAX_PROBLEMS = 10;

/** Our words where yaml's speak to a programmer (`please use YAML.parseAllDocuments()`). */
const WORDING: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS: 'The file holds more than one YAML document',
  DUPLICATE_KEY: 'This key appears twice in the same mapping',
};

const FIXES: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS: 'Keep one YAML document per policy file (remove the extra `---`)',
  DUPLICATE_KEY: 'Remove or rename one of the two keys',
  TAB_AS_INDENT: 'Indent with spaces, not tabs',
  BAD_INDENT: 'Line this up with the entry it belongs to',
  MISSING_CHAR: 'Add the missing character',
  MULTILINE_IMPLICIT_KEY: 'Put the key and its colon on one line, or quote the value',
  BLOCK_AS_IMPLICIT_KEY:
    'Start the nested mapping on its own line, or quote the value if it contains ": "',
  TAG_RESOLVE_FAILED: 'Remove the tag; the value is read as plain text',
};

function sentence(text: string): string {
  return text.trim().replace(/[.:;,\s]+$/, '');
}

function problemOf(error: YAMLError, positions: SourcePositions): FileProblem {
  const span = positions.range(error.pos[0], error.pos[1]);
  const where = `line ${span.line}, column ${span.column}`;
  const what = sentence(WORDING[error.code] ?? error.message);
  if (error.name === 'YAMLWarning') {
    const fix = FIXES[error.code] ?? 'Check this value; it may not be read as you intend';
    return schemaProblem(span, `YAML warning at ${where}: ${what}. ${fix}`, 'warning');
  }
  const fix = FIXES[error.code] ?? 'Fix the YAML here';
  const message = `YAML syntax error at ${where}: ${what}. ${fix}; until the file parses, none of its third parties are checked`;
  return schemaProblem(span, message);
}

/** The document's value; aliases that expand without bound (a "billion laughs" file) are a problem, not a crash. */
function toValue(
  doc: Document.Parsed,
  positions: SourcePositions,
): { value: unknown } | FileProblem {
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return schemaProblem(
      positions.whole(),
      `YAML file could not be expanded (${reason}); write the repeated values out instead of using so many aliases (*name)`,
    );
  }
}

function readYaml(source: SourceFile, options: StructuredParseOptions): PolicyDocument {
  const positions = sourcePositions(source.text);
  if (nestingDepth(source.text) > MAX_NESTING) {
    const message = `YAML file nests more than ${MAX_NESTING} levels deep, which no policy file needs; flatten it so it can be checked`;
    return buildStructuredDocument(
      source,
      'yaml',
      null,
      [schemaProblem(positions.range(0, 0), message)],
      options,
    );
  }
  // prettyErrors: false: yaml's code-frame builder runs out of memory on some deeply nested
  // input; positions come from our own counter anyway.
  // merge: Jekyll and Hugo data files use `<<: *defaults`, which their YAML 1.1 readers merge.
  // logLevel: yaml would print process warnings (a mapping used as a key) to the caller's
  // stderr; the engine reports through its findings only.
  const doc = parseDocument(yamlLineBreaks(source.text), {
    prettyErrors: false,
    merge: true,
    logLevel: 'error',
  });
  const problems = [
    ...doc.errors.slice(0, MAX_SYNTAX_PROBLEMS).map((e) => problemOf(e, positions)),
    ...doc.warnings.slice(0, MAX_SYNTAX_PROBLEMS).map((w) => problemOf(w, positions)),
  ];
  // A document with errors is partly guessed by the parser; checking guessed vendors would mislead.
  if (doc.errors.length > 0)
    return buildStructuredDocument(source, 'yaml', null, problems, options);
  const result = toValue(doc, positions);
  if ('ruleId' in result)
    return buildStructuredDocument(source, 'yaml', null, [...problems, result], options);
  const tree = indexYamlTree(doc.contents, positions);
  return buildStructuredDocument(source, 'yaml', { value: result.value, tree }, problems, options);
}

/**
 * Parses a YAML policy file (our format or a vendor list in the wild) into a document with
 * positions; syntax errors become `schema` problems. Never throws.
 */
export function parseYamlPolicy(
  source: SourceFile,
  options: StructuredParseOptions,
): PolicyDocument {
  return parseSafely(source, 'yaml', options, () => readYaml(source, options));
}
