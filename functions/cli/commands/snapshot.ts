import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  buildAliasIndex,
  escapeControls,
  type PolicyConfig,
  type Report,
} from '../../engine/index.js';
import { loadRulePack } from '../../rule-pack/load-rule-pack.js';
import { changeLines } from '../../snapshot/change-summary.js';
import { pageHistory, renderFolderFiles } from '../../snapshot/folder-files.js';
import {
  readSnapshotFolder,
  signFolderCheckpoint,
  writeSnapshotFolder,
} from '../../snapshot/local-folder.js';
import { openLocalSigner } from '../../snapshot/local-signer.js';
import { renderPageFiles, type PageFile, type PageFinding } from '../../snapshot/page/index.js';
import { parseSnapshotBytes, sealSnapshot } from '../../snapshot/seal-snapshot.js';
import type { Snapshot, SnapshotSource } from '../../snapshot/snapshot.js';
import { FILE_NAMES, snapshotFile, snapshotPageFile } from '../../snapshot/snapshot-paths.js';
import { checkFiles } from '../check-files.js';
import { collectFiles } from '../collect-files.js';
import { UsageError, type CliContext } from '../io.js';
import { loadConfig } from '../load-config.js';
import { signingKeyLocation } from '../signing-key-location.js';
import { exitCode } from './check.js';

export interface SnapshotArgs {
  paths: string[];
  out?: string;
  /** The private signing key (PEM); created on first use. Default: signingKeyLocation. */
  key?: string;
  config?: string;
  now: string;
}

function git(args: string[], cwd: string): string | null {
  try {
    const out = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() || null;
  } catch {
    return null;
  }
}

/** `owner/name` from a GitHub remote, else `local/<folder>`. */
function repositoryName(root: string): string {
  const remote = git(['remote', 'get-url', 'origin'], root) ?? '';
  const match = /github\.com[:/]([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(remote);
  if (match) return `${match[1]}/${match[2]}`;
  return `local/${basename(root).replace(/[\s/]+/g, '-') || 'folder'}`;
}

function sourceOf(report: Report, root: string, configPath: string | null): SnapshotSource {
  const completedAt = new Date().toISOString();
  const commit = git(['rev-parse', '--verify', '--quiet', 'HEAD'], root);
  return {
    repo: repositoryName(root),
    sha: commit && /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(commit) ? commit : null,
    ref: git(['symbolic-ref', '--quiet', 'HEAD'], root),
    conclusion: report.summary.errors > 0 ? 'failure' : 'success',
    counts: {
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      notices: report.summary.notices,
    },
    files: report.files.map((f) => f.path),
    thirdParties: report.files.flatMap((f) => f.thirdParties.map((p) => ({ ...p, file: f.path }))),
    rulePackVersion: loadRulePack().version,
    configVersion: configPath
      ? createHash('sha256')
          .update(readFileSync(resolve(root, configPath)))
          .digest('hex')
      : 'default',
    timings: { startedAt: completedAt, completedAt, durationMs: 0 },
  };
}

const PAGE_KINDS: readonly string[] = ['style', 'snapshotPage', 'indexPage'];

/** The check's findings, as the page marks them on the entries they are about. */
const pageFindings = (report: Report): PageFinding[] =>
  report.files.flatMap((f) =>
    f.findings.map((x) => ({
      file: f.path,
      line: x.line,
      thirdParty: x.thirdParty ?? null,
      ruleId: x.ruleId,
      severity: x.severity,
      message: x.message,
    })),
  );

/**
 * Writes the public page of the folder's head (index.html, `<seq>.html`, its style sheet), and
 * the page of any earlier version that has none yet (a folder from before pages existed), so
 * every version named under "What changed" links to its page. Returns the files written.
 */
function writePages(
  out: string,
  head: Snapshot,
  branding: PolicyConfig['page'],
  findings: readonly PageFinding[],
  aliasIndex: ReadonlyMap<string, string>,
): string[] {
  const { entries } = readSnapshotFolder(out);
  const snapshots = new Map<number, Snapshot>();
  for (const e of entries)
    snapshots.set(
      e.sequence,
      parseSnapshotBytes(readFileSync(join(out, snapshotFile(e.sequence)))),
    );
  const files: PageFile[] = renderFolderFiles({
    repository: head.repository,
    entries,
    latest: head.sequence,
    urlOf: (file) => file,
    now: head.publishedAt,
    page: { snapshot: head, branding, findings, snapshots, aliasIndex },
  }).flatMap((f) => (PAGE_KINDS.includes(f.kind) ? [f as PageFile] : []));
  for (const e of entries) {
    const snapshot = snapshots.get(e.sequence);
    if (e.sequence === head.sequence || !snapshot) continue;
    if (existsSync(join(out, snapshotPageFile(e.sequence)))) continue;
    files.push(
      ...renderPageFiles({
        snapshot,
        sha256: e.sha256,
        history: pageHistory(entries, { snapshot, snapshots }),
        current: false,
        branding,
        aliasIndex,
      }).filter((f) => f.kind === 'snapshotPage'),
    );
  }
  for (const f of files) writeFileSync(join(out, f.file), f.body);
  return files.map((f) => f.file);
}

/**
 * `policy-check snapshot [paths…] --out DIR [--key FILE]`: checks the files as `check` does,
 * then compiles, signs and writes the next snapshot of the chain in DIR, in the layout the
 * publish function uses in S3, with the public page (index.html) beside it: a folder any static
 * host can serve. Exit 0 written, 1 held back (a failing check and
 * `snapshot.onFailure: hold`), 2 usage error or a file that could not be read.
 */
export async function runSnapshot(args: SnapshotArgs, context: CliContext): Promise<number> {
  if (!args.out)
    throw new UsageError('snapshot needs --out DIR, the folder its files are written to');
  const root = context.cwd;
  // Before anything is checked or written: a key git would stage is refused outright.
  const key = signingKeyLocation(args.key, root, context.env);
  for (const warning of key.warnings) context.stderr.write(`policy-check: ${warning}\n`);
  const { config, problems } = loadConfig(root, args.config);
  const files = collectFiles(root, args.paths, config);
  if (files.length === 0)
    throw new UsageError(
      `no policy files found in ${args.paths.join(', ') || '.'}; name the files, or set "files" globs in .policy-checker.yml`,
    );
  const job = { root, config, configProblems: problems, now: args.now };
  const report = checkFiles(files, job, () => undefined);
  if (exitCode(report) === 2) {
    context.stderr.write(
      'policy-check: not snapshotted: some input could not be read (run policy-check check to see which); a check that did not complete is never published\n',
    );
    return 2;
  }
  const source = sourceOf(report, root, config.path);
  if (source.conclusion === 'failure' && config.snapshot.onFailure === 'hold') {
    context.stderr.write(
      `policy-check: not snapshotted: the check found ${source.counts.errors} error(s) and snapshot.onFailure is hold\n`,
    );
    return 1;
  }
  const out = resolve(root, args.out);
  const state = readSnapshotFolder(out);
  if (state.previous && state.previous.snapshot.repository !== source.repo)
    throw new UsageError(
      `${args.out} holds snapshots of ${state.previous.snapshot.repository}, not ${source.repo}; choose another --out`,
    );
  const aliasIndex = buildAliasIndex(loadRulePack().aliases);
  const signer = openLocalSigner(key.path);
  const sealed = await sealSnapshot(
    {
      source,
      previous: state.previous,
      sequence: (state.previous?.snapshot.sequence ?? 0) + 1,
      publishedAt: new Date().toISOString(),
      aliasIndex,
      // Signed with the user's own key, not a service's: the key says whose list it is.
      repositoryId: null,
      serviceUrl: null,
    },
    signer,
  );
  writeSnapshotFolder(out, sealed, state, await signFolderCheckpoint(sealed, signer));
  const { snapshot } = sealed;
  writePages(out, snapshot, config.page, pageFindings(report), aliasIndex);
  context.stdout.write(
    [
      `Snapshot ${snapshot.sequence} of ${snapshot.repository}: ${join(args.out, `${snapshot.sequence}.json`)}`,
      `  SHA-256 ${sealed.sha256}`,
      `  signed by ${snapshot.keyId}`,
      `  page: ${join(args.out, FILE_NAMES.indexPage)}`,
      `  check: ${snapshot.check.conclusion} (${snapshot.check.counts.errors} errors, ${snapshot.check.counts.warnings} warnings), ${snapshot.thirdParties.length} third parties`,
      ...(sealed.summary
        ? changeLines(sealed.summary).map((l) => `  ${l}`)
        : ['  no change to the list']),
    ]
      // One line each by construction: escaping a line escapes the names and paths in it.
      .map(escapeControls)
      .join('\n') + '\n',
  );
  return 0;
}
