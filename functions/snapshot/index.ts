/** Snapshots: compile, sign, publish and verify the signed, chained third-party list. */
export {
  SNAPSHOT_SCHEMA_ID,
  type Snapshot,
  type SnapshotParty,
  type SnapshotSource,
} from './snapshot.js';
export { compileSnapshot, type CompileInput, type PreviousSnapshot } from './compile-snapshot.js';
export { canonicalBytes, isCanonical, sha256Hex } from './canonical.js';
export { sealSnapshot, parseSnapshotBytes, type SealedSnapshot } from './seal-snapshot.js';
export {
  keyIdOfPem,
  keyIdOfSpki,
  normaliseFingerprint,
  SIGNING_ALGORITHM,
  type Signer,
} from './signer.js';
export { openLocalSigner, LocalKeyError } from './local-signer.js';
export { createKmsSigner, KmsKeyError } from './kms-signer.js';
export { chooseSigner, isKmsKeyId } from './choose-signer.js';
export {
  verifySnapshot,
  type VerifyCheck,
  type VerifyInput,
  type VerifyOutcome,
} from './verify-snapshot.js';
export { snapshotSchemaErrors } from './snapshot-schema.js';
export {
  buildKeysFile,
  parseKeysFile,
  pinByFingerprint,
  type KeysFile,
  type PinnedKey,
  type PublishedKey,
} from './keys.js';
export { renderAtomFeed, type FeedEntry } from './atom-feed.js';
export {
  buildIndex,
  buildLatest,
  type LatestPointer,
  type SnapshotIndex,
} from './snapshot-index.js';
export { summariseChanges, changeLines, type ChangeSummary } from './change-summary.js';
export { parseRepository, RepositoryNameError, OBJECT_HEADERS } from './snapshot-paths.js';
export {
  publishSnapshot,
  type PublisherDeps,
  type PublishOutcome,
  type PublishRequest,
} from './publish-snapshot.js';
export {
  publishCommit,
  parsePublishEvent,
  decidePublish,
  type PublishCommitDeps,
  type PublishEvent,
} from './publish-commit.js';
export { readSnapshotFolder, writeSnapshotFolder } from './local-folder.js';
