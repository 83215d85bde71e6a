import { escapeControls } from '../../engine/index.js';
import { changeLines, summariseChanges } from '../../snapshot/change-summary.js';
import type { Snapshot, SnapshotV1 } from '../../snapshot/snapshot.js';
import { repositoryOfUrl } from '../../snapshot/verify-binding.js';
import { verifySnapshot, type VerifyCheck } from '../../snapshot/verify-snapshot.js';
import { recordSeen, stateKey, type SeenHead } from '../../snapshot/verify-state.js';
import { UsageError, type CliContext } from '../io.js';
import { checkpointCheck, resolveTarget } from '../verify-newest.js';
import { beside, isUrl, load, pinnedKeys } from '../verify-sources.js';
import { readVerifyState, verifyStatePath, writeVerifyState } from '../verify-state-file.js';

export interface VerifyArgs {
  targets: string[];
  /** A public key PEM file the customer pinned. */
  key?: string;
  fingerprints: string[];
  config?: string;
  previous?: string;
  /** `owner/name` the snapshot must belong to; derived from a `/snapshots/<owner>/<repo>/` URL. */
  repository?: string;
  /** The state file (default: the user's configuration directory). */
  state?: string;
  allowUnchained?: boolean;
  acceptV1?: boolean;
}

/** Links walked back to the snapshot seen last; a longer gap needs a fresh --state. */
const MAX_WALK = 1000;

function expectedRepository(args: VerifyArgs, target: string): string {
  const given = args.repository ?? (isUrl(target) ? repositoryOfUrl(target) : null);
  if (!given || !/^[^/\s]+\/[^/\s]+$/.test(given))
    throw new UsageError(
      `verify needs the repository the snapshot must belong to: --repository owner/name${isUrl(target) ? ` (${target} has no /snapshots/<owner>/<repo>/ part)` : ''}; without it, any repository's snapshot signed by the same key would pass`,
    );
  return given;
}

/** The snapshot's fields that key the state, read before it is verified (or null). */
function claimedSnapshot(bytes: Uint8Array): Snapshot | SnapshotV1 | null {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as Snapshot | SnapshotV1;
    return Number.isInteger(v?.sequence) && typeof v.repository === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Snapshots n-1 down to the one seen last (or only n-1), stopping at the first missing one. */
async function predecessors(
  args: VerifyArgs,
  target: string,
  sequence: number,
  seen: SeenHead | null,
  cwd: string,
): Promise<(Uint8Array | null)[]> {
  if (args.previous) {
    const previous = await load(args.previous, cwd);
    if (!previous)
      throw new UsageError(`cannot read --previous ${args.previous}; check the path or URL`);
    return [previous];
  }
  const stop =
    seen && seen.sequence < sequence
      ? Math.max(seen.sequence + 1, sequence - MAX_WALK)
      : sequence - 1;
  const found: (Uint8Array | null)[] = [];
  for (let n = sequence - 1; n >= Math.max(stop, 1); n--) {
    const bytes = await load(beside(target, `${n}.json`), cwd);
    found.push(bytes);
    if (!bytes) break;
  }
  return found;
}

const MARK: Record<VerifyCheck['status'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/**
 * `policy-check verify <N.json | folder | URL> [--key FILE | --fingerprint sha256:…]
 * [--repository owner/name] [--previous FILE] [--state FILE] [--allow-unchained] [--accept-v1]`:
 * the schema, the canonical form, a pinned key (or one it vouched for), the signature over the
 * exact bytes, whose list it is, the chain back to the snapshot seen last, and that it is not
 * older than that; prints what changed and remembers it. Exit 0 only when no check fails, 1
 * when one does, 2 on usage errors or an unreadable snapshot.
 */
export async function runVerify(args: VerifyArgs, context: CliContext): Promise<number> {
  if (args.targets.length !== 1)
    throw new UsageError(
      'verify takes exactly one snapshot: a file, a folder or an http(s) URL of <seq>.json or of its folder',
    );
  const [target] = args.targets as [string];
  const cwd = context.cwd;
  const repository = expectedRepository(args, target);
  const statePath = verifyStatePath(context.env, cwd, args.state);
  const state = readVerifyState(statePath);
  const keys = await pinnedKeys(args, target, cwd);
  const resolved = await resolveTarget(target, keys, cwd);
  const ref = resolved.snapshotRef;
  const bytes = resolved.checks.length === 0 ? await load(ref, cwd) : null;
  if (!bytes && resolved.checks.length === 0) {
    context.stderr.write(`policy-check: cannot read ${ref}; check the path or URL\n`);
    return 2;
  }
  const claimed = bytes ? claimedSnapshot(bytes) : null;
  const seen = claimed ? (state.repositories[stateKey(claimed)] ?? null) : null;
  const signature = bytes ? await load(`${ref}.sig`, cwd) : null;
  const outcome = bytes
    ? verifySnapshot({
        bytes,
        signature: signature ?? new Uint8Array(),
        keys,
        expected: { repository, url: isUrl(ref) ? ref : null, acceptV1: args.acceptV1 === true },
        predecessors: claimed ? await predecessors(args, ref, claimed.sequence, seen, cwd) : [],
        seen,
        allowUnchained: args.allowUnchained === true,
      })
    : null;
  const checks = [
    ...resolved.checks,
    ...(resolved.checkpoint && outcome && resolved.snapshotRef !== target
      ? [checkpointCheck(resolved.checkpoint, outcome.snapshot, outcome.sha256)]
      : []),
    ...(outcome?.checks ?? []).map((c) =>
      c.id === 'signature' && !signature ? { ...c, message: `no signature at ${ref}.sig` } : c,
    ),
  ];
  const ok = checks.every((c) => c.status !== 'fail');
  const s = outcome?.snapshot ?? null;
  const lines = [
    s
      ? `Snapshot ${s.sequence} of ${s.repository}${s.commit ? ` at ${s.commit.slice(0, 12)}` : ''}, published ${s.publishedAt}, check ${s.check.conclusion}`
      : `Snapshot ${target}`,
    ...checks.map((c) => `  ${MARK[c.status]} ${c.id}: ${c.message}`),
  ];
  const newer =
    resolved.checkpoint && s && resolved.checkpoint.sequence > s.sequence
      ? resolved.checkpoint
      : null;
  if (newer)
    lines.push(
      `  Note: snapshot ${newer.sequence} is newer (checkpoint signed ${newer.signedAt}).`,
    );
  if (ok && s && outcome) {
    const summary = summariseChanges(s.changes);
    lines.push(
      s.sequence === 1 ? 'The first snapshot lists:' : `Changes since snapshot ${s.sequence - 1}:`,
      ...(summary ? changeLines(summary).map((l) => `  ${l}`) : ['  none']),
      'Verified.',
    );
    writeVerifyState(statePath, recordSeen(state, s, outcome.sha256, new Date().toISOString()));
  } else {
    const failed = checks.filter((c) => c.status === 'fail').length;
    lines.push(`NOT verified: ${failed} check(s) failed; do not rely on this snapshot.`);
  }
  // The snapshot is untrusted input until verified, and its names are printed even when it is
  // not: each line is one line by construction, so escaping it whole escapes its values.
  context.stdout.write(`${lines.map(escapeControls).join('\n')}\n`);
  return ok ? 0 : 1;
}
