/**
 * The one check of every value that becomes part of a storage key: repository owners and names,
 * commit shas, branch names and delivery ids, in DynamoDB keys (`REPO#owner/name`,
 * `COMMITJOB#owner/name#sha`, `DELIVERY#id`, …) and S3 keys (`snapshots/owner/name/`,
 * `results/owner/name/sha.json.gz`). The key builders call it themselves, and the boundaries
 * (webhook, queue message, publish event) call it first so a bad value is refused there with a
 * clear message. Allow-lists, not escaping: a `/`, `#`, `..`, `%`, NUL or newline in the wrong
 * place would let one repository's keys collide with another's or climb out of a prefix.
 */
export class KeyPartError extends Error {
  override name = 'KeyPartError';
}

export interface RepoParts {
  owner: string;
  name: string;
}

// GitHub's own rules: a login is letters, digits and single hyphens, neither first nor last
// (at most 39); a repository name letters, digits, `.`, `_`, `-` (at most 100), never `.`/`..`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
// Lowercase only, so one commit has one key: git and GitHub write shas in lowercase. 64 digits
// for a repository in git's SHA-256 object format.
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
// GitHub sends a GUID; the local tools send their own short ids. No `#`: the local queue's key
// is `LOCALJOB#<deliveryId>#<owner>/<name>#<sha>`.
const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_BRANCH_BYTES = 255;

/** A bad value, quoted short and with control characters escaped, for an error message. */
function shown(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

export function assertOwner(owner: unknown): string {
  if (typeof owner !== 'string' || !OWNER.test(owner))
    throw new KeyPartError(
      `repo owner ${shown(owner)} must be 1-39 letters, digits or single hyphens, not starting or ending with one`,
    );
  return owner;
}

export function assertRepoName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new KeyPartError(
      `repo name ${shown(name)} must be 1-100 letters, digits, ".", "_" or "-"`,
    );
  if (name === '.' || name === '..')
    throw new KeyPartError(`repo name ${shown(name)} is not allowed`);
  return name;
}

/** Parses `owner/name`, each part checked as above. */
export function parseRepo(repo: unknown): RepoParts {
  if (typeof repo !== 'string') throw new KeyPartError('repo must be a string "owner/name"');
  const parts = repo.split('/');
  if (parts.length !== 2)
    throw new KeyPartError(`repo ${shown(repo)} must be "owner/name" with one "/"`);
  return { owner: assertOwner(parts[0]), name: assertRepoName(parts[1]) };
}

/** `owner/name` after checking both parts. */
export function assertRepo(repo: unknown): string {
  const { owner, name } = parseRepo(repo);
  return `${owner}/${name}`;
}

export function isSha(value: unknown): value is string {
  return typeof value === 'string' && SHA.test(value);
}

export function assertSha(sha: unknown): string {
  if (!isSha(sha))
    throw new KeyPartError(
      `sha ${shown(sha)} must be 40 (or, SHA-256, 64) lowercase hexadecimal characters`,
    );
  return sha;
}

/**
 * What makes `name` not a branch name by `git check-ref-format --branch`, or null. Git refuses
 * these names itself, so GitHub never sends them; anything else (Unicode, `#`, `%`) is allowed.
 */
function branchProblem(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return 'it has a control character, a space or one of ~ ^ : ? * [ \\';
  if (name.includes('..') || name.includes('@{') || name === '@')
    return 'it has "..", "@{", or is "@"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return 'it starts or ends with "/", or has "//"';
  if (name.endsWith('.') || name.split('/').some((p) => p.startsWith('.') || p.endsWith('.lock')))
    return 'it ends with ".", or a part starts with "." or ends with ".lock"';
  return null;
}

export function assertBranch(branch: unknown): string {
  if (
    typeof branch !== 'string' ||
    branch.length === 0 ||
    new TextEncoder().encode(branch).length > MAX_BRANCH_BYTES
  )
    throw new KeyPartError(
      `branch must be a non-empty name of at most ${MAX_BRANCH_BYTES} bytes, not ${shown(branch)}`,
    );
  const problem = branchProblem(branch);
  if (problem)
    throw new KeyPartError(`branch ${shown(branch)} is not a git branch name: ${problem}`);
  return branch;
}

/** `refs/heads/<branch>` with a valid branch: the only refs a check job carries. */
export function assertBranchRef(ref: unknown): string {
  const prefix = 'refs/heads/';
  if (typeof ref !== 'string' || !ref.startsWith(prefix))
    throw new KeyPartError(`ref ${shown(ref)} must be refs/heads/<branch>`);
  assertBranch(ref.slice(prefix.length));
  return ref;
}

export function assertDeliveryId(id: unknown): string {
  if (typeof id !== 'string' || !DELIVERY_ID.test(id))
    throw new KeyPartError(
      `delivery id ${shown(id)} must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit (GitHub sends a GUID)`,
    );
  return id;
}
