import type { FileFormat, PolicyDocument, SourceFile } from '../model.js';
import { parseMarkdownPolicy } from './markdown.js';
import { parseYamlPolicy } from './yaml.js';
import { parseJsonPolicy } from './json.js';
import { globMatcher } from '../config/glob.js';

/** The format a file is read as: by its extension, Markdown for anything else (`.txt`). */
export function formatOf(source: SourceFile): FileFormat {
  if (source.format) return source.format;
  if (/\.ya?ml$/i.test(source.path)) return 'yaml';
  if (/\.json$/i.test(source.path)) return 'json';
  return 'markdown';
}

/** Parses a source into the document model; `structured` globs mark files in our strict format. */
export function parseDocument(
  source: SourceFile,
  structured: readonly string[] = [],
): PolicyDocument {
  const format = formatOf(source);
  const strict = structured.length > 0 && globMatcher(structured)(source.path);
  if (format === 'yaml') return parseYamlPolicy(source, { strict });
  if (format === 'json') return parseJsonPolicy(source, { strict });
  return parseMarkdownPolicy(source);
}
