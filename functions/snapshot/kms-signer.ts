import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { keyIdOfSpki, spkiToPem, type Signer } from './signer.js';

/** A KMS key that cannot sign snapshots (wrong spec or usage) or answered without a key. */
export class KmsKeyError extends Error {
  override name = 'KmsKeyError';
}

/**
 * A signer backed by an AWS KMS asymmetric key (`ECC_NIST_P256`, `SIGN_VERIFY`). The public key
 * is fetched once, here, because the key id is its fingerprint. KMS signs at most 4,096 bytes of
 * message, so the SHA-256 digest is computed here and sent with `MessageType: DIGEST`; the
 * signature is the same DER ECDSA signature over the bytes that a local key would make.
 */
export async function createKmsSigner(client: KMSClient, kmsKeyId: string): Promise<Signer> {
  const answer = await client.send(new GetPublicKeyCommand({ KeyId: kmsKeyId }));
  if (!answer.PublicKey) throw new KmsKeyError(`KMS signer: ${kmsKeyId} returned no public key`);
  if (answer.KeySpec !== 'ECC_NIST_P256' || answer.KeyUsage !== 'SIGN_VERIFY')
    throw new KmsKeyError(
      `KMS signer: ${kmsKeyId} is a ${answer.KeySpec ?? '?'} key for ${answer.KeyUsage ?? '?'}; snapshots need an ECC_NIST_P256 key for SIGN_VERIFY`,
    );
  if (answer.SigningAlgorithms && !answer.SigningAlgorithms.includes('ECDSA_SHA_256'))
    throw new KmsKeyError(`KMS signer: ${kmsKeyId} does not offer ECDSA_SHA_256`);
  const pem = spkiToPem(answer.PublicKey);
  return {
    keyId: keyIdOfSpki(answer.PublicKey),
    publicKeyPem: () => Promise.resolve(pem),
    async sign(bytes) {
      const digest = createHash('sha256').update(bytes).digest();
      const signed = await client.send(
        new SignCommand({
          KeyId: kmsKeyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!signed.Signature) throw new KmsKeyError(`KMS signer: ${kmsKeyId} returned no signature`);
      return signed.Signature;
    },
  };
}
