import { createHash } from 'node:crypto';
import type { FakeBlameRange, FakeCommitInput, FakeRepositoryInput } from './types.js';

/**
 * The repositories behind the fake: commits as whole trees, with blob and tree ids hashed the
 * way git hashes them, branches, ancestry and file diffs.
 */

export interface BlobObject {
  type: 'blob';
  sha: string;
  data: Buffer;
}

export interface TreeEntry {
  name: string;
  /** '100644' for a file, '040000' for a folder, as the REST API spells modes. */
  mode: '100644' | '040000';
  type: 'blob' | 'tree';
  sha: string;
}

export interface TreeObject {
  type: 'tree';
  sha: string;
  entries: TreeEntry[];
}

export interface CommitModel {
  sha: string;
  parents: string[];
  date: string;
  message: string;
  /** path → blob sha */
  files: Map<string, string>;
  treeSha: string;
  blame: Map<string, FakeBlameRange[]>;
  index: number;
}

export interface FileChange {
  path: string;
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  before?: BlobObject;
  after?: BlobObject;
}

/** A 40-hex sha made from any seed: handy for test commits. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function gitHash(type: string, data: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]))
    .digest('hex');
}

/** Lines as git counts them: a final newline ends the last line rather than starting one. */
export function lineCount(data: Buffer): number {
  if (data.length === 0) return 0;
  let lines = 0;
  for (const byte of data) if (byte === 0x0a) lines++;
  return data[data.length - 1] === 0x0a ? lines : lines + 1;
}

/** GitHub's timestamps: ISO 8601 to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Git's heuristic: a NUL byte in the first 8000 bytes makes a file binary. */
export function isBinary(data: Buffer): boolean {
  return data.subarray(0, 8000).includes(0);
}

const SHA = /^[0-9a-f]{40}$/;

export class RepoModel {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  readonly private: boolean;
  readonly defaultBranch: string;
  readonly createdAt: string;
  readonly commits = new Map<string, CommitModel>();
  readonly branches = new Map<string, string>();
  readonly objects = new Map<string, BlobObject | TreeObject>();

  constructor(input: FakeRepositoryInput) {
    if (!input.owner || !input.name)
      throw new Error('github-stand-in: a repository needs owner and name');
    if (!Number.isInteger(input.id) || input.id <= 0)
      throw new Error(`github-stand-in: repository id must be a positive integer, not ${input.id}`);
    if (input.commits.length === 0)
      throw new Error(`github-stand-in: ${input.owner}/${input.name} needs at least one commit`);
    this.owner = input.owner;
    this.name = input.name;
    this.id = input.id;
    this.private = input.private ?? false;
    this.defaultBranch = input.defaultBranch ?? 'main';
    const now = Date.now();
    const count = input.commits.length;
    input.commits.forEach((commit, index) =>
      this.addCommit(commit, {
        parents: index > 0 ? [input.commits[index - 1]!.sha] : [],
        date: new Date(now - (count - 1 - index) * 60_000),
      }),
    );
    this.branches.set(this.defaultBranch, input.commits[count - 1]!.sha);
    for (const [branch, sha] of Object.entries(input.branches ?? {})) {
      if (!this.commits.has(sha))
        throw new Error(`github-stand-in: branch ${branch} points at unknown commit ${sha}`);
      this.branches.set(branch, sha);
    }
    this.createdAt = [...this.commits.values()][0]!.date;
  }

  /**
   * Adds a commit after the repository was created (a push arriving later); `defaults` are
   * the parents and date it takes when the input gives none.
   */
  addCommit(commit: FakeCommitInput, defaults: { parents: string[]; date: Date }): void {
    const index = this.commits.size;
    const where = `${this.owner}/${this.name} commit ${commit.sha}`;
    if (!SHA.test(commit.sha))
      throw new Error(`github-stand-in: ${where}: a sha is 40 lowercase hex digits (use fakeSha)`);
    if (this.commits.has(commit.sha)) throw new Error(`github-stand-in: ${where} is listed twice`);
    const parents = commit.parents ?? defaults.parents;
    for (const parent of parents)
      if (!this.commits.has(parent))
        throw new Error(`github-stand-in: ${where}: parent ${parent} must be listed before it`);
    const when = commit.date ? new Date(commit.date) : defaults.date;
    if (Number.isNaN(when.getTime())) throw new Error(`github-stand-in: ${where}: bad date`);
    const date = isoSeconds(when);
    const files = new Map<string, string>();
    for (const [path, content] of Object.entries(commit.files)) {
      if (!path || path.startsWith('/') || path.endsWith('/') || path.split('/').includes(''))
        throw new Error(`github-stand-in: ${where}: bad path "${path}"`);
      const data =
        typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      const sha = gitHash('blob', data);
      this.objects.set(sha, { type: 'blob', sha, data });
      files.set(path, sha);
    }
    const blame = new Map<string, FakeBlameRange[]>();
    for (const [path, ranges] of Object.entries(commit.blame ?? {})) {
      const sha = files.get(path);
      if (!sha) throw new Error(`github-stand-in: ${where}: blame for missing file ${path}`);
      checkBlame(`${where} ${path}`, ranges, lineCount(this.blob(sha)!.data));
      blame.set(path, ranges);
    }
    this.commits.set(commit.sha, {
      sha: commit.sha,
      parents,
      date,
      message: commit.message ?? `Commit ${commit.sha.slice(0, 7)}`,
      files,
      treeSha: this.writeTree(files, where),
      blame,
      index,
    });
  }

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  get head(): CommitModel {
    return this.commits.get(this.branches.get(this.defaultBranch)!)!;
  }

  blob(sha: string): BlobObject | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'blob' ? object : undefined;
  }

  tree(sha: string): TreeObject | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'tree' ? object : undefined;
  }

  /** Hashes the folders of a commit bottom-up, as git does; returns the root tree's sha. */
  private writeTree(files: Map<string, string>, where: string): string {
    interface Folder {
      files: Map<string, string>;
      folders: Map<string, Folder>;
    }
    const root: Folder = { files: new Map(), folders: new Map() };
    for (const [path, sha] of files) {
      const parts = path.split('/');
      const name = parts.pop()!;
      let folder = root;
      for (const part of parts) {
        if (folder.files.has(part)) throw new Error(`github-stand-in: ${where}: ${part} is a file`);
        let next = folder.folders.get(part);
        if (!next) folder.folders.set(part, (next = { files: new Map(), folders: new Map() }));
        folder = next;
      }
      if (folder.folders.has(name))
        throw new Error(`github-stand-in: ${where}: ${path} is a folder`);
      folder.files.set(name, sha);
    }
    const write = (folder: Folder): string => {
      const entries: TreeEntry[] = [
        ...[...folder.files].map(([name, sha]) => ({
          name,
          mode: '100644' as const,
          type: 'blob' as const,
          sha,
        })),
        ...[...folder.folders].map(([name, sub]) => ({
          name,
          mode: '040000' as const,
          type: 'tree' as const,
          sha: write(sub),
        })),
      ];
      // Git sorts a folder's name as if it ended in '/'.
      const key = (e: TreeEntry): string => (e.type === 'tree' ? `${e.name}/` : e.name);
      entries.sort((a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))));
      const data = Buffer.concat(
        entries.map((e) =>
          Buffer.concat([
            Buffer.from(`${e.type === 'tree' ? '40000' : '100644'} ${e.name}\0`),
            Buffer.from(e.sha, 'hex'),
          ]),
        ),
      );
      const sha = gitHash('tree', data);
      this.objects.set(sha, { type: 'tree', sha, entries });
      return sha;
    };
    return write(root);
  }

  /** A commit by full or abbreviated sha, branch name (`main`, `heads/main`, `refs/heads/main`) or HEAD. */
  resolveCommit(ref: string): CommitModel | undefined {
    if (this.commits.has(ref)) return this.commits.get(ref);
    if (ref === 'HEAD') return this.head;
    const branch = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    const byBranch = this.branches.get(branch);
    if (byBranch) return this.commits.get(byBranch);
    if (/^[0-9a-f]{4,39}$/.test(ref)) {
      const found = [...this.commits.keys()].filter((sha) => sha.startsWith(ref));
      if (found.length === 1) return this.commits.get(found[0]!);
    }
    return undefined;
  }

  /** The object at `path` in a commit ('' is the root tree). */
  entryAt(commit: CommitModel, path: string): BlobObject | TreeObject | undefined {
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (clean === '') return this.tree(commit.treeSha);
    const file = commit.files.get(clean);
    if (file) return this.blob(file);
    let tree = this.tree(commit.treeSha);
    for (const part of clean.split('/')) {
      const entry = tree?.entries.find((e) => e.name === part && e.type === 'tree');
      tree = entry ? this.tree(entry.sha) : undefined;
      if (!tree) return undefined;
    }
    return tree;
  }

  /** Every entry under a tree, folders before their contents (`git ls-tree -r -t`). */
  walkTree(tree: TreeObject, prefix = ''): Array<TreeEntry & { path: string }> {
    return tree.entries.flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      const here = { ...entry, path };
      const sub = entry.type === 'tree' ? this.tree(entry.sha) : undefined;
      return sub ? [here, ...this.walkTree(sub, path)] : [here];
    });
  }

  /** The commit and all its ancestors. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  /** The nearest common ancestor: the first of head's ancestors, breadth first, that base has. */
  mergeBase(base: string, head: string): CommitModel | undefined {
    const ofBase = this.ancestors(base);
    const seen = new Set<string>();
    const queue = [head];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      if (ofBase.has(next)) return this.commits.get(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return undefined;
  }

  /** Commits reachable from `head` and not from `base` (git's `base..head`), oldest first. */
  commitsBetween(base: string, head: string): CommitModel[] {
    const exclude = this.ancestors(base);
    return [...this.ancestors(head)]
      .filter((sha) => !exclude.has(sha))
      .map((sha) => this.commits.get(sha)!)
      .sort((a, b) => a.index - b.index);
  }

  /** What changed from one commit's tree to another's; identical content moved is a rename. */
  changes(from: CommitModel | undefined, to: CommitModel): FileChange[] {
    const before = from?.files ?? new Map<string, string>();
    const removed: string[] = [];
    const added: string[] = [];
    const changes: FileChange[] = [];
    for (const [path, sha] of to.files) {
      const old = before.get(path);
      if (old === undefined) added.push(path);
      else if (old !== sha)
        changes.push({ path, status: 'modified', before: this.blob(old), after: this.blob(sha) });
    }
    for (const path of before.keys()) if (!to.files.has(path)) removed.push(path);
    for (const path of added) {
      const sha = to.files.get(path)!;
      const index = removed.findIndex((old) => before.get(old) === sha);
      if (index >= 0) {
        const [previousPath] = removed.splice(index, 1);
        changes.push({
          path,
          previousPath: previousPath!,
          status: 'renamed',
          before: this.blob(sha),
          after: this.blob(sha),
        });
      } else {
        changes.push({ path, status: 'added', after: this.blob(sha) });
      }
    }
    for (const path of removed)
      changes.push({ path, status: 'removed', before: this.blob(before.get(path)!) });
    return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

function checkBlame(where: string, ranges: FakeBlameRange[], lines: number): void {
  let next = 1;
  for (const range of ranges) {
    if (
      range.startingLine !== next ||
      range.endingLine < range.startingLine ||
      !Number.isInteger(range.endingLine) ||
      !(range.ageDays >= 0)
    )
      throw new Error(
        `github-stand-in: ${where}: blame ranges must cover lines 1..${lines} in order, without gaps, with ageDays >= 0`,
      );
    next = range.endingLine + 1;
  }
  if (next !== lines + 1)
    throw new Error(`github-stand-in: ${where}: blame ranges cover ${next - 1} of ${lines} lines`);
}
