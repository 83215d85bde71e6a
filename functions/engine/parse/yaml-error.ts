import { visit, type Document, type YAMLError } from 'yaml';
import type { Span } from '../model.js';
import type { SourcePositions } from './structured-positions.js';

/** Our words where yaml's speak to a programmer (`please use YAML.parseAllDocuments()`). */
const WORDING: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS: 'The file holds more than one YAML document',
  DUPLICATE_KEY: 'This key appears twice in the same mapping',
};

const FIXES: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS: 'Keep one YAML document per file (remove the extra `---`)',
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

/** A YAML error or warning as a problem: where, what, and what to do, in one message. */
export interface YamlProblem {
  span: Span;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Where an unclosed quote opens: yaml reports it where the text ends, often many lines below
 * the quote that needs closing.
 */
function openingQuote(doc: Document, error: YAMLError): [number, number] | undefined {
  if (error.code !== 'MISSING_CHAR' || !/quote/i.test(error.message)) return undefined;
  let found: [number, number] | undefined;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range && node.range[1] >= error.pos[0])
        found ??= [node.range[0], node.range[0] + 1];
    },
  });
  return found;
}

/** Says what the parser found at its line and how to fix it; `consequence` ends an error's message. */
export function yamlProblem(
  error: YAMLError,
  positions: SourcePositions,
  consequence: string,
  doc?: Document,
): YamlProblem {
  const quote = doc && openingQuote(doc, error);
  const span = positions.range(...(quote ?? error.pos));
  const where = `line ${span.line}, column ${span.column}`;
  if (quote) {
    const message = `YAML syntax error at ${where}: this quote is never closed. Close it at the end of its value, or remove it; ${consequence}`;
    return { span, severity: 'error', message };
  }
  const what = sentence(WORDING[error.code] ?? error.message.split('\n')[0] ?? '');
  if (error.name === 'YAMLWarning') {
    const fix = FIXES[error.code] ?? 'Check this value; it may not be read as you intend';
    return { span, severity: 'warning', message: `YAML warning at ${where}: ${what}. ${fix}` };
  }
  const fix = FIXES[error.code] ?? 'Fix the YAML here';
  return {
    span,
    severity: 'error',
    message: `YAML syntax error at ${where}: ${what}. ${fix}; ${consequence}`,
  };
}

/**
 * The problems worth reading: the first syntax error alone, since the parser's later errors
 * mostly follow from it (one missing quote made ten), else every warning up to `max`.
 */
export function yamlProblems(
  doc: Document,
  positions: SourcePositions,
  consequence: string,
  max = 10,
): YamlProblem[] {
  const [first, ...more] = doc.errors;
  if (first) {
    const problem = yamlProblem(first, positions, consequence, doc);
    if (more.length === 0) return [problem];
    const after = `The parser found ${more.length} more ${more.length === 1 ? 'error' : 'errors'} after this one, which may follow from it: fix this one first`;
    return [{ ...problem, message: `${problem.message}. ${after}` }];
  }
  return doc.warnings.slice(0, max).map((w) => yamlProblem(w, positions, consequence));
}
