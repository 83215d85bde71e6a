/**
 * The processor catalogue (`policies/data/processor-catalogue.yaml`): services that privacy pages and
 * subprocessor lists name, each filled field citing the references it was read from. Parsed and checked
 * here from the text the caller read; the engine does no I/O.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { LineCounter, parseDocument } from 'yaml';
import schema from '../../../policies/schemas/processor-catalogue.schema.json' with { type: 'json' };
import { catalogueProblems } from './processor-catalogue-checks.js';

/** A field of an entry that must cite its sources. */
export type CatalogueField =
  'name' | 'aliases' | 'legalNames' | 'domains' | 'headquarters' | 'dpa' | 'category' | 'ambiguous';

/** Where a fact was read: a file at a commit, a stored page, or a package's own npm metadata. */
export type CatalogueReference =
  | { repository: string; path: string; commit: string; licence: string }
  | { url: string; title?: string }
  | { npm: string; version: string };

/** One service. Only `name` and `ambiguous` are always there; the rest only where a source gave it. */
export interface CatalogueEntry {
  name: string;
  aliases?: string[];
  legalNames?: string[];
  domains?: string[];
  headquarters?: string;
  dpa?: string;
  category?: string;
  ambiguous: boolean;
  /** SDK package names per ecosystem: reserved, empty until the code-evidence rule fills it. */
  packages: Record<string, string[]>;
  sources: Partial<Record<CatalogueField, string[]>> & { name: string[]; ambiguous: string[] };
}

/** The parsed catalogue, with one lookup by any name or alias (case ignored). */
export interface ProcessorCatalogue {
  compiled: string;
  references: Record<string, CatalogueReference>;
  processors: CatalogueEntry[];
  byName: ReadonlyMap<string, CatalogueEntry>;
}

/** A catalogue that breaks the schema or its own rules; the message names the file and line. */
export class ProcessorCatalogueError extends Error {
  override name = 'ProcessorCatalogueError';
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv); // ajv-formats is CommonJS: under NodeNext its function is `.default`
    validator = ajv.compile(schema);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** A problem at a JSON pointer inside the file (`/processors/12/dpa`). */
export interface CatalogueProblem {
  pointer: string;
  message: string;
}

const pointerPath = (pointer: string): (string | number)[] =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Parses and checks the catalogue; throws one error listing every problem, each at its line. */
export function parseProcessorCatalogue(
  text: string,
  path = 'policies/data/processor-catalogue.yaml',
): ProcessorCatalogue {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0)
    throw new ProcessorCatalogueError(
      `processor-catalogue: ${path}:${lineCounter.linePos(document.errors[0]!.pos[0]).line}: ` +
        `${document.errors[0]!.message}; fix the YAML`,
    );
  const value: unknown = document.toJS();
  const problems: CatalogueProblem[] = validate(value).map((e) => ({
    pointer: e.instancePath,
    message: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${
      e.params && 'allowedValues' in e.params ? ` (${String(e.params.allowedValues)})` : ''
    }`,
  }));
  const catalogue = value as Omit<ProcessorCatalogue, 'byName'>;
  if (problems.length === 0) problems.push(...catalogueProblems(catalogue));
  if (problems.length > 0) {
    const lines = problems.map((p) => {
      let node: unknown = document.getIn(pointerPath(p.pointer), true);
      for (let path = pointerPath(p.pointer); !hasRange(node) && path.length > 0;) {
        path = path.slice(0, -1);
        node = document.getIn(path, true);
      }
      const line = hasRange(node) ? lineCounter.linePos(node.range[0]).line : 1;
      return `${path}:${line}: ${p.message}`;
    });
    throw new ProcessorCatalogueError(
      `processor-catalogue: ${lines.length} problem(s); fix each entry or its sources:\n${lines.join('\n')}`,
    );
  }
  const byName = new Map<string, CatalogueEntry>();
  for (const entry of catalogue.processors)
    for (const n of [entry.name, ...(entry.aliases ?? [])]) byName.set(n.toLowerCase(), entry);
  return { ...catalogue, byName };
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return (
    typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range)
  );
}
