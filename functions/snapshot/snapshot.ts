import type { FieldChange, ListedParty } from '../engine/index.js';
import type { StoredConclusion, StoredResult } from '../store/stored-result.js';

/** The `$id` of `policies/schemas/snapshot.schema.json`: its version is the snapshot's. */
export const SNAPSHOT_SCHEMA_ID = 'https://policy-checker.dev/schemas/snapshot/v2.json';

/** The `$id` of version 1, which named its repository only by name (snapshot-v1.schema.json). */
export const SNAPSHOT_V1_SCHEMA_ID = 'https://policy-checker.dev/schemas/snapshot/v1.json';

/** A third party as published: the listing's fields and where it is listed. */
export interface SnapshotParty {
  name: string;
  purpose: string | null;
  location: string | null;
  /** ISO 3166 codes (and `EU`/`EEA`) recognised in `location`. */
  countries: string[];
  gdprLink: string | null;
  source: { file: string; line: number; endLine: number };
  transfer?: string | null;
  effective?: string | null;
  lastReviewed?: string | null;
  dataCategories?: string[];
}

/** A vendor added or removed since the previous snapshot. */
export type SnapshotListing = Required<ListedParty>;

/** A vendor listed in both snapshots whose fields (or name) changed. */
export interface SnapshotChangedParty {
  name: string;
  previousName: string | null;
  changes: FieldChange[];
}

export interface SnapshotChanges {
  added: SnapshotListing[];
  removed: SnapshotListing[];
  changed: SnapshotChangedParty[];
}

/**
 * One signed, chained snapshot of a repository's third-party list (version 2). One service key
 * may sign every installation's snapshots, so the signed body says whose list it is: the
 * repository's id and name and the service that published it.
 */
export interface Snapshot {
  $schema: typeof SNAPSHOT_SCHEMA_ID;
  version: 2;
  /** `owner/name` when published. */
  repository: string;
  /**
   * GitHub's repository id: kept through a rename or a transfer, new when a deleted
   * repository's name is registered again. The chain belongs to it. Null for a snapshot of
   * `policy-check snapshot`, signed with its user's own key.
   */
  repositoryId: number | null;
  /** The publishing service's `PUBLIC_BASE_URL` (no trailing `/`); null for the CLI's. */
  serviceUrl: string | null;
  /** The commit checked, or null for a local snapshot outside git. */
  commit: string | null;
  ref: string | null;
  /** 1 for the first snapshot of a repository, then one more each time. */
  sequence: number;
  /** SHA-256 (hex) of the exact bytes of snapshot `sequence - 1`; null for the first. */
  previousSha256: string | null;
  publishedAt: string;
  /** `sha256:<hex>` of the signing key's SubjectPublicKeyInfo (DER). */
  keyId: string;
  rulePackVersion: string;
  /** SHA-256 of the config file's text, or `default`. */
  configVersion: string;
  check: {
    conclusion: StoredConclusion;
    completedAt: string;
    counts: { errors: number; warnings: number; notices: number };
    files: number;
  };
  thirdParties: SnapshotParty[];
  /** Since the previous snapshot; for the first, every listing is added. */
  changes: SnapshotChanges;
}

/** A snapshot of version 1 (before the repository's id and the service were signed). */
export type SnapshotV1 = Omit<Snapshot, '$schema' | 'version' | 'repositoryId' | 'serviceUrl'> & {
  $schema: typeof SNAPSHOT_V1_SCHEMA_ID;
  version: 1;
};

/** What a snapshot is compiled from: the parts of a completed check it publishes. */
export type SnapshotSource = Pick<
  StoredResult,
  | 'repo'
  | 'ref'
  | 'conclusion'
  | 'counts'
  | 'files'
  | 'thirdParties'
  | 'rulePackVersion'
  | 'configVersion'
  | 'timings'
> & { sha: string | null };
