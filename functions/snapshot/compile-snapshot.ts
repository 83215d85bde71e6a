import { diffThirdParties, type ListedParty } from '../engine/index.js';
import type { StoredParty } from '../store/stored-result.js';
import {
  SNAPSHOT_SCHEMA_ID,
  type Snapshot,
  type SnapshotListing,
  type SnapshotParty,
  type SnapshotSource,
  type SnapshotV1,
} from './snapshot.js';

/** The snapshot this one chains to: its content (for the changes) and the hash of its bytes. */
export interface PreviousSnapshot {
  /** Version 1 too: the first version-2 snapshot of a repository chains to its last version 1. */
  snapshot: Snapshot | SnapshotV1;
  sha256: string;
}

export interface CompileInput {
  source: SnapshotSource;
  previous: PreviousSnapshot | null;
  sequence: number;
  keyId: string;
  /** Whose list it is: GitHub's repository id, null for `policy-check snapshot`. */
  repositoryId: number | null;
  /** The publishing service's base URL, null for `policy-check snapshot`. */
  serviceUrl: string | null;
  /** ISO time of publication. */
  publishedAt: string;
  /** `buildAliasIndex(loadRulePack().aliases)`: renames of one vendor are changes, not churn. */
  aliasIndex: ReadonlyMap<string, string>;
}

const OPTIONAL = ['transfer', 'effective', 'lastReviewed', 'dataCategories'] as const;

function snapshotParty(p: StoredParty): SnapshotParty {
  const party: SnapshotParty = {
    name: p.name,
    purpose: p.purpose,
    location: p.location,
    countries: [...p.countries],
    gdprLink: p.gdprLink,
    source: { file: p.file, line: p.line, endLine: p.endLine },
  };
  for (const field of OPTIONAL) {
    const value = p[field];
    // A field the file does not have stays absent: canonical JSON has no `undefined`.
    if (value !== undefined) Object.assign(party, { [field]: value });
  }
  return party;
}

function listing(p: SnapshotParty): SnapshotListing {
  return asListing({ ...p, file: p.source.file });
}

function asListing(p: ListedParty): SnapshotListing {
  return {
    name: p.name,
    purpose: p.purpose,
    location: p.location,
    gdprLink: p.gdprLink,
    file: p.file ?? '',
  };
}

/**
 * Compiles a completed check into the next snapshot of the chain. Pure: the time, the key id,
 * the sequence number and the previous snapshot are arguments.
 */
export function compileSnapshot(input: CompileInput): Snapshot {
  const { source, previous, sequence } = input;
  const expected = previous ? previous.snapshot.sequence + 1 : 1;
  if (sequence !== expected)
    throw new Error(
      `snapshot: sequence ${sequence} does not follow ${previous ? `snapshot ${previous.snapshot.sequence}` : 'nothing'}; expected ${expected}`,
    );
  // The chain belongs to the repository's id: a rename continues it, another repository never does.
  if (
    previous &&
    'repositoryId' in previous.snapshot &&
    previous.snapshot.repositoryId !== input.repositoryId
  )
    throw new Error(
      `snapshot: snapshot ${previous.snapshot.sequence} belongs to repository id ${String(previous.snapshot.repositoryId)}, not ${String(input.repositoryId)}; a repository's chain never continues another's`,
    );
  const thirdParties = source.thirdParties.map(snapshotParty);
  const diff = diffThirdParties(
    previous ? previous.snapshot.thirdParties.map(listing) : [],
    thirdParties.map(listing),
    input.aliasIndex,
  );
  return {
    $schema: SNAPSHOT_SCHEMA_ID,
    version: 2,
    repository: source.repo,
    repositoryId: input.repositoryId,
    serviceUrl: input.serviceUrl === null ? null : input.serviceUrl.replace(/\/+$/, ''),
    commit: source.sha,
    ref: source.ref,
    sequence,
    previousSha256: previous ? previous.sha256 : null,
    publishedAt: input.publishedAt,
    keyId: input.keyId,
    rulePackVersion: source.rulePackVersion,
    configVersion: source.configVersion,
    check: {
      conclusion: source.conclusion,
      completedAt: source.timings.completedAt,
      counts: {
        errors: source.counts.errors,
        warnings: source.counts.warnings,
        notices: source.counts.notices,
      },
      files: source.files.length,
    },
    thirdParties,
    changes: {
      added: diff.added.map(asListing),
      removed: diff.removed.map(asListing),
      changed: diff.changed.map((c) => ({
        name: c.name,
        previousName: c.previousName,
        changes: c.changes.map((f) => ({ field: f.field, before: f.before, after: f.after })),
      })),
    },
  };
}
