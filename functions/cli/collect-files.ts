import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { globMatcher, type PolicyConfig } from '../engine/index.js';

/** A file to check: where it is, and the path the report shows (relative to the root, `/`-separated). */
export interface FileToCheck {
  absolute: string;
  path: string;
}

function toReportPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/') || '.';
}

/**
 * The files to check: a file named on the command line always (whatever its extension), a
 * folder walked for the config's policy-file globs, minus ignored paths.
 */
export function collectFiles(
  root: string,
  args: readonly string[],
  config: PolicyConfig,
): FileToCheck[] {
  // The same linear-time matching as the GitHub flow's selectPolicyPaths (see engine glob.ts).
  const isPolicy = globMatcher(config.files, { nocase: true });
  const isIgnored = globMatcher(config.ignore, { nocase: true });
  const found = new Map<string, FileToCheck>();
  const add = (absolute: string): void => {
    if (!found.has(absolute)) found.set(absolute, { absolute, path: toReportPath(root, absolute) });
  };
  // Globs are relative to the root; a folder outside it is matched relative to itself.
  const walk = (dir: string, base: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const absolute = join(dir, entry.name);
      const path = toReportPath(base, absolute);
      if (entry.isDirectory()) {
        if (!isIgnored(`${path}/`) && !isIgnored(`${path}/x`)) walk(absolute, base);
      } else if (entry.isFile() && isPolicy(path) && !isIgnored(path)) add(absolute);
    }
  };
  for (const arg of args.length > 0 ? args : ['.']) {
    const absolute = resolve(root, arg);
    const inside = !relative(root, absolute).startsWith('..');
    if (existsSync(absolute) && statSync(absolute).isDirectory())
      walk(absolute, inside ? root : absolute);
    else add(absolute);
  }
  return [...found.values()];
}
