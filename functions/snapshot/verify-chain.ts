import { sha256Hex } from './canonical.js';
import type { Snapshot } from './snapshot.js';
import type { VerifyCheck } from './verify-snapshot.js';
import type { SeenHead } from './verify-state.js';

type Claimed = Partial<Snapshot> & { version?: number };

const check = (status: VerifyCheck['status'], message: string): VerifyCheck => ({
  id: 'chain',
  status,
  message,
});

function parse(bytes: Uint8Array): Claimed | undefined {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Claimed;
  } catch {
    return undefined;
  }
}

/** Same repository: by id when both name one (a rename keeps it), else by name. */
function sameRepository(a: Claimed, b: Claimed): boolean {
  if (typeof a.repositoryId === 'number' && typeof b.repositoryId === 'number')
    return a.repositoryId === b.repositoryId;
  if (a.repositoryId === null && b.repositoryId === null && a.serviceUrl !== b.serviceUrl)
    return false;
  return String(a.repository).toLowerCase() === String(b.repository).toLowerCase();
}

export interface ChainInput {
  /** The snapshot's parsed bytes (read even when the schema fails: a damaged link is worth naming). */
  value: unknown;
  /** The bytes of snapshots n-1, n-2, … as far as they were read; null where one is missing. */
  predecessors: readonly (Uint8Array | null)[];
  /** The newest snapshot of this repository the verifier saw before: the walk ends there. */
  seen: SeenHead | null;
  /** Accept a snapshot whose predecessor is missing (`--allow-unchained`). */
  allowUnchained: boolean;
}

/**
 * Walks the chain back from the snapshot: each predecessor's bytes hash to the link the next
 * one names, with the sequence one lower and the same repository, down to the snapshot the
 * verifier saw last (whose hash it remembers), or to one link when it saw none. A missing
 * predecessor fails: a withheld link would otherwise hide whatever it changed.
 */
export function checkChain(input: ChainInput): VerifyCheck {
  let current = (input.value ?? {}) as Claimed;
  if (typeof current.sequence !== 'number' || current.previousSha256 === undefined)
    return check('skip', 'the snapshot names no sequence and previous SHA-256');
  const top = current.sequence;
  const { seen } = input;
  const follows = (): string =>
    `follows snapshot ${top - 1} (SHA-256 ${sha256Hex(input.predecessors[0]!)})`;
  for (let i = 0; ; i++) {
    const sequence = current.sequence!;
    if (sequence === 1)
      return current.previousSha256 === null
        ? check(
            'pass',
            top === 1
              ? 'snapshot 1 starts the chain'
              : `${follows()}${top > 2 ? '; every link down to snapshot 1 holds' : ''}`,
          )
        : check('fail', 'snapshot 1 names a previous snapshot');
    if (seen && sequence === seen.sequence + 1)
      return current.previousSha256 === seen.sha256
        ? check(
            'pass',
            `follows snapshot ${seen.sequence}, which you verified on ${seen.verifiedAt.slice(0, 10)}`,
          )
        : check(
            'fail',
            `snapshot ${sequence} names ${String(current.previousSha256)} as snapshot ${seen.sequence}, but the one you verified on ${seen.verifiedAt.slice(0, 10)} is ${seen.sha256}: the history was rewritten`,
          );
    const bytes = input.predecessors[i];
    if (!bytes) {
      if (i > 0 && !seen) return check('pass', follows());
      const message = `snapshot ${sequence - 1} is missing (its SHA-256 must be ${String(current.previousSha256)}): a withheld predecessor could hide what it changed; give it with --previous, or --allow-unchained to accept the snapshot without it`;
      return input.allowUnchained
        ? check('skip', `not checked: ${message}`)
        : check('fail', message);
    }
    const hash = sha256Hex(bytes);
    if (current.previousSha256 !== hash)
      return check(
        'fail',
        `snapshot ${sequence - 1}'s SHA-256 is ${hash}, but snapshot ${sequence} names ${String(current.previousSha256)}`,
      );
    const previous = parse(bytes) ?? {};
    if (previous.sequence !== sequence - 1 || !sameRepository(previous, current))
      return check(
        'fail',
        `the previous snapshot is ${String(previous.repository)} #${String(previous.sequence)}, expected ${String(current.repository)} #${sequence - 1}`,
      );
    current = previous;
  }
}
