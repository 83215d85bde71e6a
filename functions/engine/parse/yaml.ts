import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { FileProblem, PolicyDocument, SourceFile } from '../model.js';
import { buildStructuredDocument, parseSafely, schemaProblem } from './structured-document.js';
import type { StructuredParseOptions } from './structured-document.js';
import { MAX_NESTING, nestingDepth } from './structured-depth.js';
import { sourcePositions, yamlLineBreaks } from './structured-positions.js';
import type { SourcePositions } from './structured-positions.js';
import { indexYamlTree } from './structured-tree.js';
import { yamlProblems } from './yaml-error.js';

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
  const problems = yamlProblems(
    doc,
    positions,
    'until the file parses, none of its third parties are checked',
  ).map((p) => schemaProblem(p.span, p.message, p.severity));
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
