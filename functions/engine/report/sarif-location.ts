import type { ArtifactLocation } from 'sarif';

/** The base every artifact URI is relative to: the checked root, resolved by the consumer (GitHub: the checkout). */
export const SRCROOT = '%SRCROOT%';

/** Turns a root-relative `/`-separated path into a relative URI reference (SARIF §3.4.3). */
export function toUriReference(path: string): string {
  // encodeURI leaves `#` and `?` alone, which would cut the path into a fragment
  // or query, and `:`, which would make a first segment read as a scheme.
  return encodeURI(path).replace(/[#?:]/g, (c) => encodeURIComponent(c));
}

/** An artifactLocation for `path`, pointing at its `run.artifacts` entry when it has one. */
export function artifactLocation(
  path: string,
  artifactIndex: ReadonlyMap<string, number>,
): ArtifactLocation {
  const index = artifactIndex.get(path);
  return {
    uri: toUriReference(path),
    uriBaseId: SRCROOT,
    ...(index === undefined ? {} : { index }),
  };
}
