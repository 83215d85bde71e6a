import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { emptyState, type VerifyState } from '../snapshot/verify-state.js';
import { userConfigDir } from './config-dir.js';
import { UsageError } from './io.js';

/**
 * Where `verify` remembers the newest snapshot it accepted per repository: `--state FILE`, else
 * `$XDG_CONFIG_HOME/policy-checker/verify-state.json` (`~/.config/…` when unset): the user's
 * configuration, never the folder being verified, which whoever serves it could rewrite.
 */
export function verifyStatePath(
  env: Record<string, string | undefined>,
  cwd: string,
  given?: string,
): string {
  if (given) return resolve(cwd, given);
  return join(userConfigDir(env), 'verify-state.json');
}

/** The state in the file; none yet is an empty state. */
export function readVerifyState(path: string): VerifyState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new UsageError(
      `${path}: cannot read the verify state (${(error as Error).message}); check its permissions, or choose another with --state FILE`,
    );
  }
  try {
    const state = JSON.parse(text) as Partial<VerifyState>;
    if (state.version === 1 && state.repositories && typeof state.repositories === 'object')
      return state as VerifyState;
  } catch {
    // reported below
  }
  throw new UsageError(
    `${path}:1:1: not a verify state file (version 1 with "repositories"); restore it, or choose another with --state FILE (a new file forgets which snapshots you saw)`,
  );
}

/** Writes the state whole (a crash leaves the old file or the new one, never half of one), mode 0600. */
export function writeVerifyState(path: string, state: VerifyState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, path);
}
