import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userConfigDir } from './config-dir.js';
import { gitWouldTrack } from './git-would-track.js';
import { UsageError } from './io.js';

const KEY_FILE = 'signing-key.pem';

export interface KeyLocation {
  /** Where the private key is read, or created on first use. */
  path: string;
  /** Things the user should fix that do not stop this run. */
  warnings: string[];
}

/** `$XDG_CONFIG_HOME/policy-checker/signing-key.pem`, else `~/.config/policy-checker/…`. */
export function defaultKeyPath(env: Record<string, string | undefined>): string {
  return join(userConfigDir(env), KEY_FILE);
}

/** Refuses a key path that `git add -A` would stage, or that git already has. */
function assertUntracked(path: string, named: string, defaultPath: string): void {
  const stance = gitWouldTrack(path);
  const outside = `leave out --key and it goes to ${dirname(defaultPath)}/`;
  if (stance === 'tracked')
    throw new UsageError(
      `${named} ${path} is tracked by git: the private key is in the repository's history, and anyone who can read it can sign snapshots as you. Make a new key outside the repository (${outside}), publish its fingerprint, and git rm --cached the old one`,
    );
  if (stance === 'trackable')
    throw new UsageError(
      `${named} ${path} is inside a git work tree and not ignored, so git add -A would stage the private key. Keep it outside the repository (${outside}), or add it to .gitignore first`,
    );
  if (stance === 'unknown')
    throw new UsageError(
      `${named} ${path} is under a folder with a .git, and git is not installed to say whether it would track the key. Keep the key outside the repository, or install git`,
    );
}

/** Where the previous versions kept the key: inside the checked folder, where git add -A stages it. */
function oldKeys(cwd: string, env: Record<string, string | undefined>): string[] {
  const folders = [join(cwd, '.policy-checker')];
  if (env.POLICY_CHECKER_DATA_DIR) folders.push(resolve(cwd, env.POLICY_CHECKER_DATA_DIR));
  return [...new Set(folders.map((f) => join(f, KEY_FILE)))].filter((p) => existsSync(p));
}

function moveInstructions(old: string, path: string): string {
  const leaked =
    gitWouldTrack(old) === 'tracked'
      ? ' git already tracks it, so it is in the repository: make a new key instead (delete the old one, git rm --cached it) and publish the new fingerprint.'
      : ` Until you do, add ${dirname(old)}/ to .gitignore.`;
  return `a signing key is at ${old}, inside the folder being checked, where git add -A stages it; keys now live in your configuration folder. Move it, so that snapshots keep the same key: mkdir -p -m 700 ${dirname(path)} && mv ${old} ${path} (or pass --key FILE outside the repository).${leaked}`;
}

/**
 * The private key `policy-check snapshot` signs with: `--key`, else the user's configuration
 * folder (created 0700; the key file is created 0600 by the signer). Never a path git would
 * stage. A key left at the old location inside the checked folder stops the run with how to
 * move it, unless a key is already at the new location.
 */
export function signingKeyLocation(
  key: string | undefined,
  cwd: string,
  env: Record<string, string | undefined>,
): KeyLocation {
  if (key) {
    const path = resolve(cwd, key);
    assertUntracked(path, '--key', defaultKeyPath(env));
    return { path, warnings: [] };
  }
  const path = defaultKeyPath(env);
  const old = oldKeys(cwd, env);
  // A new key made beside an old one would change the fingerprint customers pinned: stop instead.
  if (old.length > 0 && !existsSync(path)) throw new UsageError(moveInstructions(old[0]!, path));
  // Also here: a dotfiles repository may track ~/.config, or XDG_CONFIG_HOME point into this one.
  assertUntracked(path, 'the signing key', path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const warnings = old.map(
    (o) =>
      `signing with ${path}; an old signing key is still at ${o}, inside the folder being checked: delete it once you have checked it is the same key (or keep it outside the repository)`,
  );
  return { path, warnings };
}
