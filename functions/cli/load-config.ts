import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  defaultConfig,
  DEFAULT_MAX_FILE_SIZE,
  emptyFile,
  parseConfig,
  type FileProblem,
  type PolicyConfig,
} from '../engine/index.js';
import { UsageError } from './io.js';
import { readSource } from './read-source.js';

const NAMES = ['.policy-checker.yml', '.policy-checker.yaml'];

/** The repository's config: `--config FILE`, else `.policy-checker.yml` at the root, else the defaults. */
export function loadConfig(
  root: string,
  explicit: string | undefined,
): { config: PolicyConfig; problems: FileProblem[] } {
  const file = explicit
    ? resolve(root, explicit)
    : NAMES.map((n) => join(root, n)).find((p) => existsSync(p));
  if (!file) return { config: defaultConfig(), problems: [] };
  const path = relative(root, file).split(sep).join('/');
  // Read as policy files are: a binary, UTF-16 or otherwise non-UTF-8 config used to be decoded
  // with replacement characters and parsed as garbage, and a FIFO or device would hang the read.
  // The config decides what is checked, so it gets the policy files' size limit.
  const source = readSource(file, path, DEFAULT_MAX_FILE_SIZE);
  if ('error' in source) {
    // An empty config is valid: every default applies.
    if (source.error.message === emptyFile(path).error.message) return parseConfig(path, '');
    throw new UsageError(
      `${explicit ?? path}: cannot read the config file: ${source.error.message}`,
    );
  }
  return parseConfig(path, source.text);
}
