import picomatch from 'picomatch';
import { RE2JS } from 're2js';

/**
 * Globs from `.policy-checker.yml` (`files`, `ignore`, `structured`, a waiver's `file`),
 * matched in linear time. picomatch compiles a glob to a backtracking RegExp: `*a*a*a*a*b`
 * against a 255-character file name takes a minute, and the config is the checked
 * repository's own, which any pull request can change. So picomatch only translates the glob,
 * and RE2 runs the expression.
 *
 * picomatch's expressions use lookarounds, which RE2 has not, as guards: a segment is not `.`
 * or `..`, and a wildcard does not match at the very end. A checked path has no `.`, `..` or
 * empty segment (see unsafePathReason), so the guards never decide anything there and are
 * dropped; a property test holds the result to picomatch's answers. A glob that needs another
 * lookaround (a negated extglob, `!(…)`) is refused, and the config check says so.
 */

/** A glob that cannot be matched in linear time, or that picomatch cannot read. */
export class GlobError extends Error {
  override name = 'GlobError';
}

const GUARDS = [
  '(?!(?:^|\\/)\\.{1,2}(?:\\/|$))',
  '(?!\\.{1,2}(?:\\/|$))',
  '(?!\\.{0,1}(?:\\/|$))',
  '(?=.)',
];
const LOOKAROUND = /\(\?<?[=!]/;

export interface GlobOptions {
  nocase?: boolean;
}

/** One glob as a test of a path, with picomatch's meaning (`dot: true`). Throws GlobError. */
export function compileGlob(glob: string, options: GlobOptions = {}): (path: string) => boolean {
  let regex: RegExp & { state?: { negated?: boolean } };
  try {
    regex = picomatch.makeRe(glob, { dot: true, nocase: options.nocase }, false, true);
  } catch (error) {
    throw new GlobError(error instanceof Error ? error.message : String(error));
  }
  // picomatch's expression for a glob it cannot translate matches nothing.
  if (regex.source === '$^') return (path) => path !== '' && path === glob;
  // A negated glob (`!docs/**`) is `^(?!…).*$` around the glob's own expression.
  const negated = regex.state?.negated === true;
  let source = negated ? regex.source.slice('^(?!'.length, -').*$'.length) : regex.source;
  for (const guard of GUARDS) source = source.split(guard).join('');
  if (LOOKAROUND.test(source))
    throw new GlobError(
      'it needs a lookaround, which linear-time matching has not: a negated extglob, !(…), or an unclosed parenthesis; list such files in ignore instead',
    );
  // JavaScript takes `\é` and `\ ` as the character itself; RE2 escapes only punctuation.
  source = source.replace(/\\(.)/gsu, (escape, c: string) =>
    /[\p{L}\p{N}\s\p{M}]/u.test(c) && !/[A-Za-z0-9]/.test(c) ? c : escape,
  );
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, options.nocase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new GlobError(error instanceof Error ? error.message : String(error));
  }
  // picomatch's own shortcuts: nothing matches an empty path, and a glob matches itself.
  return (path) => path !== '' && (path === glob || re.test(path) !== negated);
}

/** Compiled matchers by their globs: a check asks for the same few for every file. */
const cache = new Map<string, (path: string) => boolean>();
const CACHE_SIZE = 64;

/**
 * A test of a path against any of `globs`, as `picomatch(globs, { dot: true })` would give; a
 * glob it cannot compile matches nothing (the config's check reports it, see parse-config.ts).
 */
export function globMatcher(
  globs: string | readonly string[],
  options: GlobOptions = {},
): (path: string) => boolean {
  const list = typeof globs === 'string' ? [globs] : globs;
  const key = JSON.stringify([list, options.nocase === true]);
  const cached = cache.get(key);
  if (cached) return cached;
  const tests = list.flatMap((glob) => {
    try {
      return [compileGlob(glob, options)];
    } catch (error) {
      if (error instanceof GlobError) return [];
      throw error;
    }
  });
  const matcher = (path: string): boolean => tests.some((test) => test(path));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, matcher);
  return matcher;
}
