import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';

/** A folder's files as one commit: what the demo serves as a GitHub repository. */
export interface FolderCommit {
  owner: string;
  name: string;
  sha: string;
  files: Record<string, string>;
}

/**
 * Reads a folder (the example policies by default) as the content of a repository
 * `local/<folder name>`; its commit id is derived from the content, so the same files are the
 * same commit and a changed file is a new one, as in git.
 */
export function folderAsCommit(folder: string): FolderCommit {
  const root = resolve(folder);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === '.git' || name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  const hash = createHash('sha1');
  for (const [path, text] of Object.entries(files)) hash.update(`${path}\u0000${text}\u0000`);
  const name = basename(root).replace(/[^A-Za-z0-9._-]/g, '-') || 'policies';
  return { owner: 'local', name, sha: hash.digest('hex'), files };
}
