import {
  defaultConfig,
  MAX_TOTAL_BYTES,
  overCheckBudget,
  parseConfig,
  selectPolicyPaths,
  tooLargeFile,
  unreadable,
  unsafePathReason,
  type CheckInput,
  type FileProblem,
  type PolicyConfig,
} from '../engine/index.js';
import type { GitHubClient } from './octokit.js';
import { sourceFromBlob, type BlobText } from './source-from-blob.js';

const CONFIG_NAMES = ['.policy-checker.yml', '.policy-checker.yaml'];
/** Aliases per GraphQL query: far under GitHub's node limits, and 100 files with their base fit in one. */
const ALIASES_PER_QUERY = 250;
const TODO_MARKER = /\b(TODO|FIXME|TBD|XXX)\b/;
const DAY_MS = 86_400_000;

export interface CommitToRead {
  owner: string;
  name: string;
  sha: string;
  /** A pull request's base: the same policy files are read there too, in the same query. */
  baseSha: string | null;
  now: Date;
}

export interface CommitFiles {
  /** The config that judges the commit: for a pull request, its base's (see `proposedConfig`). */
  config: PolicyConfig;
  configProblems: FileProblem[];
  /** The config file's text (its hash names the config in results), or null for the defaults. */
  configText: string | null;
  /**
   * A pull request's own config file, when its text differs from the base's: parsed so its
   * problems and what it changes can be reported, but never used to judge the pull request.
   */
  proposedConfig: {
    path: string | null;
    text: string | null;
    config: PolicyConfig;
    problems: FileProblem[];
  } | null;
  inputs: CheckInput[];
  /** The base's versions of the same paths (a path the base lacks is absent); null outside PRs. */
  baseInputs: CheckInput[] | null;
  /** Days since each line last changed, from blame; only for files with TODO markers. */
  lineAge: (path: string, line: number) => number | undefined;
  /** The default branch and its head when the files were read: only that head is published. */
  defaultBranch: { name: string; headSha: string } | null;
  /**
   * Tree entries not read, each with the notice to give: symbolic links and submodules the
   * config would select (and the config file's name as one), and every entry whose path is
   * unsafe (absolute, `..`). `path` is for display (control characters escaped), never a key.
   */
  skipped: SkippedEntry[];
}

export interface SkippedEntry {
  path: string;
  reason: string;
}

interface TreeEntry {
  path: string;
  size: number;
  sha: string;
}

/** What a recursive tree lists, sorted into what may be read and what must not be. */
interface TreeListing {
  /** Regular files (modes 100644 and 100755) with safe paths: the only entries ever read. */
  files: TreeEntry[];
  /** Symbolic links (120000) and submodules (160000) with safe paths, and what they are. */
  links: Map<string, string>;
  unsafe: SkippedEntry[];
}

const REGULAR_FILE_MODES = new Set(['100644', '100755']);
const LINK_KINDS: Record<string, string> = {
  '120000':
    'is a symbolic link: links are never followed, so it is not read; check the file it points to instead',
  '160000': 'is a submodule: its files belong to another repository and are not read',
};

/** A path as a notice may quote it: control characters escaped, at most 200 characters. */
function displayPath(path: string): string {
  const escaped = JSON.stringify(path).slice(1, -1);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

type BlobAnswer = (BlobText & { isTruncated: boolean; oid: string }) | null;

/**
 * Reads a commit's config and policy files with a fixed number of API calls, however many
 * files there are: one recursive tree, one GraphQL query for the config and every file the
 * default discovery picks (and, for a pull request, the base's versions of them), one more
 * query only when the config selects other files, and one for blame only when a file has a
 * TODO marker whose age matters.
 */
export async function readCommit(
  octokit: GitHubClient,
  commit: CommitToRead,
): Promise<CommitFiles> {
  const listing = await readTree(octokit, commit);
  const byPath = new Map(listing.files.map((entry) => [entry.path, entry]));
  const configPath = CONFIG_NAMES.find((name) => byPath.has(name)) ?? null;
  const defaults = defaultConfig();
  const sizeOf = (path: string): number => byPath.get(path)!.size;
  const firstPaths = withinBudget(
    selectPolicyPaths([...byPath.keys()], defaults).filter(
      (path) => sizeOf(path) <= defaults.maxFileSize,
    ),
    sizeOf,
  ).read;
  const wanted = [...firstPaths, ...(configPath ? [configPath] : [])];
  // A pull request is judged with its base's config, read in the same query.
  const blobs = await readBlobs(octokit, commit, wanted, commit.baseSha, CONFIG_NAMES);

  const head = readConfig(configPath, configPath ? (blobs.head.get(configPath)?.text ?? '') : null);
  let judging = head;
  let proposedConfig: CommitFiles['proposedConfig'] = null;
  if (commit.baseSha) {
    const basePath = CONFIG_NAMES.find((name) => blobs.baseConfigs.has(name)) ?? null;
    const base = readConfig(
      basePath,
      basePath ? (blobs.baseConfigs.get(basePath)?.text ?? '') : null,
    );
    judging = base;
    if (base.text !== head.text) proposedConfig = head;
  }
  const { config, problems: configProblems, text: configText } = judging;
  const selected = selectPolicyPaths([...byPath.keys()], config);
  const budget = withinBudget(
    selected.filter((path) => sizeOf(path) <= config.maxFileSize),
    sizeOf,
  );
  const missing = budget.read.filter((path) => !blobs.head.has(path));
  if (missing.length > 0) {
    const more = await readBlobs(octokit, commit, missing, commit.baseSha);
    for (const [path, blob] of more.head) blobs.head.set(path, blob);
    for (const [path, blob] of more.base) blobs.base.set(path, blob);
  }
  const toInput = (path: string, blob: BlobAnswer | undefined, size: number): CheckInput | null => {
    if (size > config.maxFileSize) return tooLargeFile(path, size, config.maxFileSize);
    if (budget.skipped.has(path)) return overCheckBudget(path, size, MAX_TOTAL_BYTES);
    return blob ? sourceFromBlob(path, blob) : null;
  };
  const inputs = selected.map(
    (path) =>
      toInput(path, blobs.head.get(path), byPath.get(path)!.size) ?? {
        path,
        error: {
          ruleId: 'file-unreadable' as const,
          message: 'GitHub returned no content for this file; re-run the check',
        },
      },
  );
  await fillTruncated(octokit, commit, inputs, blobs.head, byPath);
  const baseInputs = commit.baseSha
    ? selected.flatMap((path) => {
        const blob = blobs.base.get(path);
        if (!blob) return [];
        const input = sourceFromBlob(path, blob);
        return 'text' in input ? [input] : [];
      })
    : null;
  const lineAge = await readLineAges(octokit, commit, inputs);
  const linkPaths = [...listing.links.keys()];
  const skippedLinks = linkPaths
    .filter((path) => CONFIG_NAMES.includes(path) || selectPolicyPaths([path], config).length > 0)
    .sort()
    .map((path) => ({ path: displayPath(path), reason: listing.links.get(path)! }));
  // A link or submodule the config selects as a policy file is reported, not passed over:
  // the file the user meant to have checked is not being checked.
  const unreadableLinks = skippedLinks
    .filter((entry) => !CONFIG_NAMES.includes(entry.path))
    .map((entry) => unreadable(entry.path, `${entry.path} ${entry.reason}`));
  return {
    config,
    configProblems,
    configText,
    proposedConfig,
    inputs: [...inputs, ...unreadableLinks],
    baseInputs,
    lineAge,
    defaultBranch: blobs.defaultBranch,
    skipped: [...listing.unsafe, ...skippedLinks],
  };
}

/**
 * The commit's tree, sorted into what may be read and what may not. Only regular files are ever
 * read: a symbolic link's blob is the link's target path, not a policy (and a loop of links is
 * then harmless: nothing follows it), and a submodule is another repository's commit. An unsafe
 * path (unsafePathReason) is skipped whatever its type, so it never reaches a GraphQL expression
 * (`<sha>:<path>`) or a report.
 */
async function readTree(octokit: GitHubClient, commit: CommitToRead): Promise<TreeListing> {
  const { data } = await octokit.rest.git.getTree({
    owner: commit.owner,
    repo: commit.name,
    tree_sha: commit.sha,
    recursive: 'true',
  });
  if (data.truncated)
    throw new Error(
      `The repository's file tree at ${commit.sha.slice(0, 7)} is too large for GitHub to list in one answer; name the policy files' folder in .policy-checker.yml files`,
    );
  const listing: TreeListing = { files: [], links: new Map(), unsafe: [] };
  for (const entry of data.tree) {
    if (entry.type === 'tree' || entry.path === undefined) continue;
    const unsafe = unsafePathReason(entry.path);
    if (unsafe) {
      listing.unsafe.push({ path: displayPath(entry.path), reason: `${unsafe}; it is not read` });
      continue;
    }
    const link = LINK_KINDS[entry.mode ?? ''];
    if (link) listing.links.set(entry.path, link);
    else if (entry.type === 'blob' && REGULAR_FILE_MODES.has(entry.mode ?? '') && entry.sha)
      listing.files.push({ path: entry.path, size: entry.size ?? 0, sha: entry.sha });
  }
  return listing;
}

const BLOB_FIELDS = '... on Blob { text isBinary isTruncated byteSize oid }';

/**
 * The paths one check reads, in order, until their sizes reach MAX_TOTAL_BYTES (limits.ts):
 * a repository's config chooses its files, not what a check may cost the service.
 */
function withinBudget(
  paths: readonly string[],
  sizeOf: (path: string) => number,
): { read: string[]; skipped: Set<string> } {
  let total = 0;
  const read: string[] = [];
  const skipped = new Set<string>();
  for (const path of paths) {
    if (total + sizeOf(path) > MAX_TOTAL_BYTES) skipped.add(path);
    else {
      total += sizeOf(path);
      read.push(path);
    }
  }
  return { read, skipped };
}

/** A config file as read: its path and text (null: none, the defaults apply), parsed. */
function readConfig(
  path: string | null,
  text: string | null,
): { path: string | null; text: string | null; config: PolicyConfig; problems: FileProblem[] } {
  if (path === null || text === null)
    return { path: null, text: null, config: defaultConfig(), problems: [] };
  return { path, text, ...parseConfig(path, text) };
}

interface BlobSets {
  head: Map<string, BlobAnswer>;
  base: Map<string, BlobAnswer>;
  /** The base's config files (`baseOnly` paths), by name. */
  baseConfigs: Map<string, BlobAnswer>;
  defaultBranch: { name: string; headSha: string } | null;
}

interface DefaultBranchRef {
  name: string;
  target: { oid: string } | null;
}

/**
 * The texts of `paths` at the commit (and at the base), and of `baseOnly` at the base alone, a
 * few hundred aliases per query.
 */
async function readBlobs(
  octokit: GitHubClient,
  commit: CommitToRead,
  paths: readonly string[],
  baseSha: string | null,
  baseOnly: readonly string[] = [],
): Promise<BlobSets> {
  const wanted = [
    ...paths.flatMap((path) => [
      { side: 'head' as const, path, expression: `${commit.sha}:${path}` },
      ...(baseSha ? [{ side: 'base' as const, path, expression: `${baseSha}:${path}` }] : []),
    ]),
    ...(baseSha
      ? baseOnly.map((path) => ({
          side: 'baseConfigs' as const,
          path,
          expression: `${baseSha}:${path}`,
        }))
      : []),
  ];
  const sets: BlobSets = {
    head: new Map(),
    base: new Map(),
    baseConfigs: new Map(),
    defaultBranch: null,
  };
  // At least one query, even for no files: it also answers where the default branch is.
  for (let start = 0; start === 0 || start < wanted.length; start += ALIASES_PER_QUERY) {
    const chunk = wanted.slice(start, start + ALIASES_PER_QUERY);
    const variables: Record<string, string> = { owner: commit.owner, name: commit.name };
    chunk.forEach((w, i) => (variables[`e${i}`] = w.expression));
    const query = `query(${['$owner: String!', '$name: String!', ...chunk.map((_, i) => `$e${i}: String!`)].join(', ')}) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name target { oid } }
${chunk.map((_, i) => `    f${i}: object(expression: $e${i}) { ${BLOB_FIELDS} }`).join('\n')}
  }
}`;
    const data = await octokit.graphql<{
      repository:
        (Record<string, BlobAnswer> & { defaultBranchRef: DefaultBranchRef | null }) | null;
    }>(query, variables);
    if (!data.repository)
      throw new Error(`GitHub does not show ${commit.owner}/${commit.name} to this installation`);
    const ref = data.repository.defaultBranchRef;
    if (ref?.target) sets.defaultBranch = { name: ref.name, headSha: ref.target.oid };
    chunk.forEach((w, i) => {
      const blob = data.repository![`f${i}`] ?? null;
      if (blob && typeof blob.byteSize === 'number') sets[w.side].set(w.path, blob);
    });
  }
  return sets;
}

/** GraphQL truncates very large blobs; those few are read whole through the REST blob API. */
async function fillTruncated(
  octokit: GitHubClient,
  commit: CommitToRead,
  inputs: CheckInput[],
  blobs: Map<string, BlobAnswer>,
  byPath: Map<string, TreeEntry>,
): Promise<void> {
  for (const [index, input] of inputs.entries()) {
    if (!blobs.get(input.path)?.isTruncated) continue;
    const { data } = await octokit.rest.git.getBlob({
      owner: commit.owner,
      repo: commit.name,
      file_sha: byPath.get(input.path)!.sha,
    });
    const text = Buffer.from(data.content, 'base64').toString('utf8');
    inputs[index] = sourceFromBlob(input.path, { text, isBinary: false, byteSize: data.size ?? 0 });
  }
}

interface BlameRange {
  startingLine: number;
  endingLine: number;
  commit: { committedDate: string };
}

/** One query for the blame of every file with a TODO marker: the age of the line it is on. */
async function readLineAges(
  octokit: GitHubClient,
  commit: CommitToRead,
  inputs: readonly CheckInput[],
): Promise<(path: string, line: number) => number | undefined> {
  const paths = inputs.flatMap((input) =>
    'text' in input && TODO_MARKER.test(input.text) ? [input.path] : [],
  );
  const ages = new Map<string, BlameRange[]>();
  for (let start = 0; start < paths.length; start += ALIASES_PER_QUERY) {
    const chunk = paths.slice(start, start + ALIASES_PER_QUERY);
    const variables: Record<string, string> = {
      owner: commit.owner,
      name: commit.name,
      sha: commit.sha,
    };
    chunk.forEach((path, i) => (variables[`p${i}`] = path));
    const query = `query(${['$owner: String!', '$name: String!', '$sha: String!', ...chunk.map((_, i) => `$p${i}: String!`)].join(', ')}) {
  repository(owner: $owner, name: $name) {
    object(expression: $sha) {
      ... on Commit {
${chunk.map((_, i) => `        b${i}: blame(path: $p${i}) { ranges { startingLine endingLine commit { committedDate } } }`).join('\n')}
      }
    }
  }
}`;
    const data = await octokit.graphql<{
      repository: { object: Record<string, { ranges: BlameRange[] } | null> | null } | null;
    }>(query, variables);
    const object = data.repository?.object;
    chunk.forEach((path, i) => {
      const ranges = object?.[`b${i}`]?.ranges;
      if (ranges) ages.set(path, ranges);
    });
  }
  const now = commit.now.getTime();
  return (path, line) => {
    const range = ages.get(path)?.find((r) => r.startingLine <= line && line <= r.endingLine);
    if (!range) return undefined;
    return Math.max(0, Math.floor((now - Date.parse(range.commit.committedDate)) / DAY_MS));
  };
}
