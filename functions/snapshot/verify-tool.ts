/**
 * How a reader runs `policy-check verify` without installing it, written once for the public
 * page and the README (a test holds the README to it). Never a bare registry name: `npx -p
 * policy-checker` runs whatever a stranger publishes under a name this project does not own.
 * This is the project's own repository at a release tag, so npm fetches exactly that source;
 * the tag follows package.json's version (a test holds it to it), so a page names the release
 * that rendered it.
 */
export const VERIFY_TOOL = {
  repository: 'https://github.com/policy-checker/policy-checker.git',
  tag: 'v0.2.0',
} as const;

/** The npm package spec of the pinned release: a Git URL at its tag. */
export const VERIFY_TOOL_SPEC = `git+${VERIFY_TOOL.repository}#${VERIFY_TOOL.tag}`;

/** `policy-check` from the pinned release, run by npx. */
export const POLICY_CHECK_COMMAND = `npx --yes --package=${VERIFY_TOOL_SPEC} policy-check`;
