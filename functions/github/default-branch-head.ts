import type { GitHubClient } from './octokit.js';

export interface DefaultBranchHead {
  name: string;
  sha: string;
}

/** The repository's default branch and the commit at its head now (one GraphQL call). */
export async function defaultBranchHead(
  octokit: GitHubClient,
  owner: string,
  name: string,
): Promise<DefaultBranchHead | null> {
  const data = await octokit.graphql<{
    repository: {
      defaultBranchRef: { name: string; target: { oid: string } | null } | null;
    } | null;
  }>(
    `query($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { defaultBranchRef { name target { oid } } }
}`,
    { owner, name },
  );
  const ref = data.repository?.defaultBranchRef;
  return ref?.target ? { name: ref.name, sha: ref.target.oid } : null;
}
