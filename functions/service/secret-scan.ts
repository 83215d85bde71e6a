/**
 * What a secret looks like in text: the shapes of the credentials this service handles (the
 * App's PEM private key, GitHub tokens, the App JWT, Authorization headers, AWS keys), and the
 * forms a known secret value takes once written into a JSON log line. The logger masks them
 * (log.ts); `findSecrets` finds them, for a soak run that scans every log line.
 */

/** A credential's shape: `pattern` matches the whole credential (global, for replacing). */
export interface SecretShape {
  name: string;
  pattern: RegExp;
  /** The replacement that masks a match (`$1` keeps a field name or a scheme). */
  mask: string;
}

export const REDACTED = '[REDACTED]';

// A redaction placeholder is not a credential: a value may not start with `[`.
const VALUE = `[^\\s"'&,;\\[\\]\\\\][^\\s"'&,;\\\\]*`;

export const SECRET_SHAPES: readonly SecretShape[] = [
  {
    // Whole blocks, and a block cut short (an error message clipped mid-key) to the end of text.
    name: 'PEM private key',
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    mask: `[REDACTED PRIVATE KEY]`,
  },
  {
    // Installation (ghs_), user-to-server (ghu_), OAuth (gho_), classic (ghp_), refresh (ghr_).
    name: 'GitHub token',
    pattern: /\bgh[opsur]_[A-Za-z0-9_]{16,}/g,
    mask: REDACTED,
  },
  { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, mask: REDACTED },
  {
    // The App's JWT (header.payload.signature, base64url of JSON starting `{"`).
    name: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    mask: REDACTED,
  },
  {
    // `authorization: token X`, `"authorization":"Bearer X"`, `Authorization=Basic X`.
    name: 'Authorization header',
    // The lookahead: a scheme alone (`token [REDACTED]`, already masked) is not the value.
    pattern: new RegExp(
      `(\\bauthorization\\\\?["']?\\s*[:=]\\s*\\\\?["']?\\s*(?:(?:bearer|token|basic)\\s+)?)(?!(?:bearer|token|basic)\\b)${VALUE}`,
      'gi',
    ),
    mask: `$1${REDACTED}`,
  },
  {
    // A scheme and a credential-length value, without a header name (`Bearer eyJ…`, `token ghs_…`).
    name: 'Bearer or token credential',
    pattern: /\b((?:bearer|token|basic)\s+)[A-Za-z0-9._~+/=-]{20,}/gi,
    mask: `$1${REDACTED}`,
  },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, mask: REDACTED },
  {
    // STS session tokens start with these (base64 of their binary header).
    name: 'AWS session token',
    pattern: /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdzE)[A-Za-z0-9+/=]{20,}/g,
    mask: REDACTED,
  },
  {
    // A credential named as one: environment variables, SDK fields, signed-request headers.
    name: 'named AWS credential',
    pattern: new RegExp(
      `(\\b(?:aws_secret_access_key|secretAccessKey|aws_session_token|sessionToken|x-amz-security-token|x-amz-signature|X-Amz-Credential|client_secret)\\\\?["']?\\s*[:=]\\s*\\\\?["']?)${VALUE}`,
      'gi',
    ),
    mask: `$1${REDACTED}`,
  },
];

/**
 * Values shorter than this are not treated as secrets: masking them would mangle ordinary text
 * (a 3-letter "secret" occurs everywhere), and no credential this service uses is that short.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * The forms a secret takes in text: as is, JSON-escaped once (a PEM's newlines as `\n` in a log
 * line) and twice (JSON text inside a JSON string), and each long line of a multi-line secret
 * (a PEM's base64 lines), since one leaked line of a key is a leak too.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 32 && !line.startsWith('-----'));
  return [...new Set([secret, once, twice, ...lines])];
}

/**
 * The secrets `text` contains, by name: `known secret <n>` (1-based index in `secrets`) for a
 * known value in any of its forms, else the shape's name. The values themselves are never
 * returned, so a report of what was found does not leak it again.
 */
export function findSecrets(text: string, secrets: readonly string[]): string[] {
  const found = new Set<string>();
  secrets.forEach((secret, index) => {
    if (secretForms(secret).some((form) => text.includes(form)))
      found.add(`known secret ${index + 1}`);
  });
  for (const shape of SECRET_SHAPES) {
    shape.pattern.lastIndex = 0;
    if (new RegExp(shape.pattern.source, shape.pattern.flags.replace('g', '')).test(text))
      found.add(shape.name);
  }
  return [...found];
}
