import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  createSnapshotSequence,
  type ClaimWithBytes,
  type SnapshotSequence,
} from '../store/snapshot-sequence.js';
import { adoptLegacyChain } from '../store/adopt-legacy-chain.js';
import type { StoredFinding } from '../store/stored-result.js';
import { signRotation } from './key-rotation.js';
import type { PageBranding } from './page/types.js';
import { putObject } from './put-object.js';
import { pageFindings, refreshFolder } from './refresh-folder.js';
import { parseSnapshotBytes, sealSnapshot } from './seal-snapshot.js';
import type { Signer } from './signer.js';
import type { SnapshotSource } from './snapshot.js';
import {
  parseRepository,
  publicUrl,
  repositoryPrefix,
  signatureFile,
  snapshotFile,
} from './snapshot-paths.js';

export interface PublisherDeps {
  dynamo: DynamoDBClient;
  table: string;
  s3: S3Client;
  bucket: string;
  signer: Signer;
  /**
   * The key `signer` replaces (`PREVIOUS_SIGNING_KEY`), while a rotation is under way: it signs
   * the change to the new key with the first snapshot the new key signs, so verifiers who
   * pinned the old fingerprint follow the change.
   */
  previousSigner?: Signer | null;
  /** `PUBLIC_BASE_URL`: where the bucket's `snapshots/` are served; signed into each snapshot. */
  baseUrl: string;
  /** `buildAliasIndex(loadRulePack().aliases)`. */
  aliasIndex: ReadonlyMap<string, string>;
  now?: () => Date;
}

export interface PublishRequest {
  /** GitHub's id of the repository: its chain's key, signed into the snapshot. */
  repositoryId: number;
  /** The check's findings, when given, mark the page's entries that have an error. */
  source: SnapshotSource & { sha: string; findings?: readonly StoredFinding[] };
  /** `page:` of the repository's config: the public page's branding (absent or null: none). */
  page?: PageBranding | null;
  /** Whether a commit is still the head of the default branch (asked before the claim and before latest moves). */
  isCurrentHead: (sha: string) => boolean | Promise<boolean>;
}

export type PublishOutcome =
  | {
      status: 'published';
      sequence: number;
      sha256: string;
      url: string;
      /** True when an earlier attempt had claimed this commit's snapshot; its bytes were re-uploaded. */
      resumed: boolean;
      /** Claims tried: more than 1 when a concurrent publisher took a number first. */
      attempts: number;
      /** True when latest.json points at this snapshot. */
      latest: boolean;
    }
  | { status: 'refused'; reason: 'not-head' | 'held' | 'no-result'; message: string };

/** Publishers that keep losing the race for a number give up rather than loop for ever. */
const MAX_CLAIM_ATTEMPTS = 10;

interface Context {
  deps: PublisherDeps;
  sequence: SnapshotSequence;
  /** The repository's id: the chain's key. */
  chain: number;
  repo: string;
  prefix: string;
}

async function uploadClaim(ctx: Context, claim: ClaimWithBytes): Promise<void> {
  const { s3, bucket } = ctx.deps;
  await putObject(s3, bucket, ctx.prefix + snapshotFile(claim.sequence), claim.body, 'snapshot');
  await putObject(
    s3,
    bucket,
    ctx.prefix + signatureFile(claim.sequence),
    claim.signature,
    'signature',
  );
  await ctx.sequence.markUploaded(ctx.chain, claim.sequence, claim.sha256, ctx.prefix);
}

/**
 * After a rename or a transfer the chain goes on under the new name's folder: a snapshot
 * uploaded under the old one is copied over, so `<n-1>.json` is beside `<n>.json` for
 * verifiers. The old folder stays as it was.
 */
async function carryOver(ctx: Context, sequence: number): Promise<void> {
  const full = await ctx.sequence.get(ctx.chain, sequence);
  if (full) await uploadClaim(ctx, full);
}

/** The old key's word for the new one, when this snapshot is the first the new key signs. */
async function rotationFrom(
  ctx: Context,
  tip: ClaimWithBytes | null,
  publicKeyPem: string,
  at: string,
): Promise<string | null> {
  const { signer, previousSigner } = ctx.deps;
  if (!tip || tip.keyId === signer.keyId || previousSigner?.keyId !== tip.keyId) return null;
  return JSON.stringify(
    await signRotation(previousSigner, { keyId: signer.keyId, publicKeyPem }, at),
  );
}

async function sealNext(
  ctx: Context,
  source: PublishRequest['source'],
  tip: ClaimWithBytes | null,
): Promise<ClaimWithBytes> {
  const { deps } = ctx;
  const sealed = await sealSnapshot(
    {
      source,
      previous: tip ? { snapshot: parseSnapshotBytes(tip.body), sha256: tip.sha256 } : null,
      sequence: (tip?.sequence ?? 0) + 1,
      publishedAt: (deps.now?.() ?? new Date()).toISOString(),
      aliasIndex: deps.aliasIndex,
      repositoryId: ctx.chain,
      serviceUrl: deps.baseUrl,
    },
    deps.signer,
  );
  const { publishedAt } = sealed.snapshot;
  return {
    chain: ctx.chain,
    repo: ctx.repo,
    sequence: sealed.snapshot.sequence,
    sha256: sealed.sha256,
    commit: source.sha,
    publishedAt,
    keyId: sealed.snapshot.keyId,
    publicKeyPem: sealed.publicKeyPem,
    conclusion: source.conclusion,
    summary: sealed.summary ? JSON.stringify(sealed.summary) : null,
    uploaded: false,
    folder: null,
    rotation: await rotationFrom(ctx, tip, sealed.publicKeyPem, publishedAt),
    body: sealed.bytes,
    signature: sealed.signature,
  };
}

/**
 * Claims the next number for this commit's snapshot, or finds the claim an earlier attempt
 * made. The tip is uploaded before anything chains to it, so at most the newest claim can
 * lack its objects, and whoever comes next finishes it from the bytes in the claim.
 */
async function claimNext(
  ctx: Context,
  source: PublishRequest['source'],
): Promise<{ claim: ClaimWithBytes; resumed: boolean; attempts: number }> {
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    let tip = await ctx.sequence.tip(ctx.chain);
    // No chain under the id yet: one claimed under the name before ids keyed chains is adopted.
    if (!tip && attempt === 1 && (await adoptLegacyChain(ctx.deps, ctx.chain, ctx.repo)) > 0)
      tip = await ctx.sequence.tip(ctx.chain);
    if (tip && tip.commit === source.sha) return { claim: tip, resumed: true, attempts: attempt };
    if (tip && !tip.uploaded) await uploadClaim(ctx, tip);
    const claim = await sealNext(ctx, source, tip);
    if (await ctx.sequence.claim(claim)) return { claim, resumed: false, attempts: attempt };
  }
  throw new Error(
    `publish: ${ctx.repo} lost the race for a snapshot number ${MAX_CLAIM_ATTEMPTS} times; retry later`,
  );
}

/**
 * Publishes the snapshot of a completed default-branch check: claim the next sequence number
 * with the snapshot's hash (DynamoDB, conditional) → `<seq>.json` and `.sig` → public key and
 * keys.json → index.json → feed.atom → the public page (style sheet, `<seq>.html`, index.html)
 * → latest.json, moved only forward and only for the branch's current head. A retry of the same
 * commit re-uploads the bytes it claimed.
 */
export async function publishSnapshot(
  deps: PublisherDeps,
  request: PublishRequest,
): Promise<PublishOutcome> {
  const { source } = request;
  const prefix = repositoryPrefix(parseRepository(source.repo));
  if (!(await request.isCurrentHead(source.sha)))
    return {
      status: 'refused',
      reason: 'not-head',
      message: `${source.repo}@${source.sha} is no longer the head of the default branch; only the head is published`,
    };
  const ctx: Context = {
    deps,
    sequence: createSnapshotSequence({ dynamo: deps.dynamo, table: deps.table }),
    chain: request.repositoryId,
    repo: source.repo,
    prefix,
  };
  const { claim, resumed, attempts } = await claimNext(ctx, source);
  await uploadClaim(ctx, claim);
  const head = { sequence: claim.sequence, sha256: claim.sha256, commit: claim.commit };
  // An older commit never becomes latest: the head moves only forward, and only for the head.
  const latest =
    (await request.isCurrentHead(source.sha)) && (await ctx.sequence.advanceHead(ctx.chain, head));
  await refreshFolder({
    ...deps,
    sequence: ctx.sequence,
    chain: ctx.chain,
    carryOver: (sequence) => carryOver(ctx, sequence),
    repo: ctx.repo,
    prefix,
    now: () => (deps.now?.() ?? new Date()).toISOString(),
    branding: request.page ?? null,
    // The bytes just sealed or resumed: the page of the head needs no read back from S3.
    own: {
      sequence: claim.sequence,
      body: claim.body,
      findings: source.findings ? pageFindings(source.findings) : null,
    },
  });
  return {
    status: 'published',
    sequence: claim.sequence,
    sha256: claim.sha256,
    url: publicUrl(deps.baseUrl, prefix, snapshotFile(claim.sequence)),
    resumed,
    attempts,
    latest,
  };
}
