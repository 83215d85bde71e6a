import type { S3Client } from '@aws-sdk/client-s3';
import type { SequenceClaim, SnapshotSequence } from '../store/snapshot-sequence.js';
import type { ChangeSummary } from './change-summary.js';
import { renderFolderFiles } from './folder-files.js';
import { putObject } from './put-object.js';
import type { PublishedEntry } from './snapshot-index.js';
import { publicUrl } from './snapshot-paths.js';

/** What rewriting a repository's derived files needs. */
export interface RefreshContext {
  s3: S3Client;
  bucket: string;
  baseUrl: string;
  sequence: SnapshotSequence;
  repo: string;
  /** `snapshots/<owner>/<repo>/`. */
  prefix: string;
  now: () => string;
}

/** Concurrent writers converge within a few rounds; more means something else is wrong. */
const MAX_REFRESH_ROUNDS = 5;

function entryOf(claim: SequenceClaim): PublishedEntry {
  return {
    sequence: claim.sequence,
    sha256: claim.sha256,
    commit: claim.commit,
    publishedAt: claim.publishedAt,
    keyId: claim.keyId,
    publicKeyPem: claim.publicKeyPem,
    conclusion: claim.conclusion,
    summary: claim.summary ? (JSON.parse(claim.summary) as ChangeSummary) : null,
  };
}

/**
 * Rewrites keys.json, index.json, feed.atom and latest.json from the claims. Only uploaded
 * snapshots are listed, so nothing points at a missing object. Concurrent publishers may write
 * in any order; each reads the claims again after writing and writes again if they moved, so
 * the last writer always wrote the newest state.
 */
export async function refreshFolder(ctx: RefreshContext): Promise<void> {
  const urlOf = (file: string): string => publicUrl(ctx.baseUrl, ctx.prefix, file);
  let view = await ctx.sequence.list(ctx.repo);
  for (let round = 0; round < MAX_REFRESH_ROUNDS; round++) {
    const entries = view.claims.filter((c) => c.uploaded).map(entryOf);
    const files = renderFolderFiles({
      repository: ctx.repo,
      entries,
      latest: view.head?.sequence ?? null,
      urlOf,
      now: ctx.now(),
    });
    for (const f of files) await putObject(ctx.s3, ctx.bucket, ctx.prefix + f.file, f.body, f.kind);
    const again = await ctx.sequence.list(ctx.repo);
    if (viewKey(again) === viewKey(view)) return;
    view = again;
  }
}

const viewKey = (view: Awaited<ReturnType<SnapshotSequence['list']>>): string =>
  JSON.stringify([
    view.head?.sequence ?? null,
    view.claims.filter((c) => c.uploaded).map((c) => c.sequence),
  ]);
