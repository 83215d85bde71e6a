import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { createKmsSigner } from './kms-signer.js';
import { openLocalSigner } from './local-signer.js';
import type { Signer } from './signer.js';

const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:|alias\/|mrk-[0-9a-f]{32}$|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)/i;

/** True when `SIGNING_KEY` names a KMS key (ARN, alias, key id) rather than a PEM file. */
export function isKmsKeyId(value: string): boolean {
  return KMS_KEY.test(value);
}

/**
 * The signer `SIGNING_KEY` asks for: a KMS key (`arn:aws:kms:…`, `alias/…`, a key id), else a
 * PEM file at that path; unset, `<POLICY_CHECKER_DATA_DIR>/signing-key.pem`, created on first use.
 */
export async function chooseSigner(
  settings: { signingKey: string | null; dataDir: string },
  kms: () => KMSClient = () => new KMSClient({}),
): Promise<Signer> {
  const key = settings.signingKey;
  if (key !== null && isKmsKeyId(key)) return createKmsSigner(kms(), key);
  return openLocalSigner(key ?? join(settings.dataDir, 'signing-key.pem'));
}
