import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SequenceClaim, SnapshotSequence } from '../store/snapshot-sequence.js';
import type { StoredFinding } from '../store/stored-result.js';
import type { ChangeSummary } from './change-summary.js';
import { CHECKPOINT_FILE, CHECKPOINT_SIGNATURE_FILE, signCheckpoint } from './checkpoint.js';
import type { KeyRotation } from './key-rotation.js';
import { renderFolderFiles, type FolderPage } from './folder-files.js';
import type { PageBranding, PageFinding } from './page/types.js';
import { putObject } from './put-object.js';
import { parseSnapshotBytes } from './seal-snapshot.js';
import type { Snapshot } from './snapshot.js';
import type { PublishedEntry } from './snapshot-index.js';
import type { Signer } from './signer.js';
import { publicUrl, snapshotFile } from './snapshot-paths.js';

/** What rewriting a repository's derived files needs. */
export interface RefreshContext {
  s3: S3Client;
  bucket: string;
  baseUrl: string;
  sequence: SnapshotSequence;
  /** The repository's id: the chain's key. */
  chain: number;
  repo: string;
  /** Signs the checkpoint of the head. */
  signer: Signer;
  /** Copies an uploaded snapshot from the folder of the repository's old name into this one. */
  carryOver?: (sequence: number) => Promise<void>;
  /** `snapshots/<owner>/<repo>/`. */
  prefix: string;
  now: () => string;
  /** The vendor alias table: the public page shows each vendor once, under any of its names. */
  aliasIndex?: ReadonlyMap<string, string>;
  /** `page:` of the repository's config, for the public page; absent or null, no branding. */
  branding?: PageBranding | null;
  /**
   * The snapshot this publisher just claimed, with its bytes and its check's findings: when it
   * is the head, the page is rendered from these bytes, without reading them back from S3.
   */
  own?: { sequence: number; body: Uint8Array; findings?: readonly PageFinding[] | null } | null;
}

/** The check's error-level findings, as the page marks them on the entries they are about. */
export function pageFindings(findings: readonly StoredFinding[]): PageFinding[] {
  return findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({
      file: f.path,
      line: f.line,
      thirdParty: f.thirdParty ?? null,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
    }));
}

/** The head's snapshot: the publisher's own bytes when it is the head, else read from S3. */
async function headSnapshot(ctx: RefreshContext, sequence: number): Promise<Snapshot> {
  if (ctx.own?.sequence === sequence) return parseSnapshotBytes(ctx.own.body);
  const answer = await ctx.s3.send(
    new GetObjectCommand({ Bucket: ctx.bucket, Key: ctx.prefix + snapshotFile(sequence) }),
  );
  if (!answer.Body) throw new Error(`refresh: ${ctx.prefix}${snapshotFile(sequence)} is empty`);
  return parseSnapshotBytes(await answer.Body.transformToByteArray());
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
    rotation: claim.rotation ? (JSON.parse(claim.rotation) as KeyRotation) : null,
  };
}

/** The signed checkpoint of the head, its two files put before latest.json moves. */
async function putCheckpoint(ctx: RefreshContext, head: PublishedEntry): Promise<void> {
  const signed = await signCheckpoint(
    {
      repository: ctx.repo,
      repositoryId: ctx.chain,
      serviceUrl: ctx.baseUrl.replace(/\/+$/, ''),
      sequence: head.sequence,
      sha256: head.sha256,
      signedAt: ctx.now(),
    },
    ctx.signer,
  );
  await putObject(ctx.s3, ctx.bucket, ctx.prefix + CHECKPOINT_FILE, signed.bytes, 'checkpoint');
  const sig = ctx.prefix + CHECKPOINT_SIGNATURE_FILE;
  await putObject(ctx.s3, ctx.bucket, sig, signed.signature, 'checkpointSignature');
}

/**
 * Rewrites keys.json, index.json, feed.atom, the public page of the head (style sheet,
 * `<seq>.html`, index.html) and latest.json from the claims. Only uploaded snapshots are
 * listed, so nothing points at a missing object. Concurrent publishers may write
 * in any order; each reads the claims again after writing and writes again if they moved, so
 * the last writer always wrote the newest state.
 */
export async function refreshFolder(ctx: RefreshContext): Promise<void> {
  const urlOf = (file: string): string => publicUrl(ctx.baseUrl, ctx.prefix, file);
  const snapshots = new Map<number, Snapshot>();
  let view = await ctx.sequence.list(ctx.chain);
  for (const claim of view.claims)
    if (claim.uploaded && claim.folder !== ctx.prefix && ctx.carryOver)
      await ctx.carryOver(claim.sequence);
  for (let round = 0; round < MAX_REFRESH_ROUNDS; round++) {
    const entries = view.claims.filter((c) => c.uploaded).map(entryOf);
    const latest = view.head?.sequence ?? null;
    let page: FolderPage | null = null;
    if (latest !== null && entries.some((e) => e.sequence === latest)) {
      const snapshot = snapshots.get(latest) ?? (await headSnapshot(ctx, latest));
      snapshots.set(latest, snapshot);
      page = {
        snapshot,
        branding: ctx.branding ?? null,
        // The findings are those of this publisher's check: another head's are not at hand.
        findings: ctx.own?.sequence === latest ? (ctx.own.findings ?? null) : null,
        ...(ctx.aliasIndex ? { aliasIndex: ctx.aliasIndex } : {}),
      };
    }
    const files = renderFolderFiles({
      repository: ctx.repo,
      entries,
      latest,
      urlOf,
      now: ctx.now(),
      page,
    });
    for (const f of files) {
      // The checkpoint is signed for the head latest.json is about to name, and put before it.
      const head = entries.find((e) => e.sequence === latest);
      if (f.kind === 'latest' && head) await putCheckpoint(ctx, head);
      await putObject(ctx.s3, ctx.bucket, ctx.prefix + f.file, f.body, f.kind);
    }
    const again = await ctx.sequence.list(ctx.chain);
    if (viewKey(again) === viewKey(view)) return;
    view = again;
  }
}

const viewKey = (view: Awaited<ReturnType<SnapshotSequence['list']>>): string =>
  JSON.stringify([
    view.head?.sequence ?? null,
    view.claims.filter((c) => c.uploaded).map((c) => c.sequence),
  ]);
