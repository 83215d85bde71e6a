import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The user's policy-checker configuration folder, for what must never sit in a checked or
 * verified folder (the signing key, the verify state): `$XDG_CONFIG_HOME/policy-checker`, else
 * `~/.config/policy-checker`. A relative XDG_CONFIG_HOME is ignored, as the XDG Base Directory
 * specification requires.
 */
export function userConfigDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'policy-checker');
}
