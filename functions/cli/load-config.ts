import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  defaultConfig,
  parseConfig,
  type FileProblem,
  type PolicyConfig,
} from '../engine/index.js';
import { UsageError } from './io.js';

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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${explicit ?? file}: cannot read the config file (${(error as NodeJS.ErrnoException).code}); check the path`,
    );
  }
  return parseConfig(relative(root, file).split(sep).join('/'), text);
}
